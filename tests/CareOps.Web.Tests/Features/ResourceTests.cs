using System.Globalization;
using System.Text.RegularExpressions;
using CareOps.Data.Domain;
using CareOps.Testing;
using CareOps.Web.Resources;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CareOps.Web.Tests.Features;

/// <summary>Every text the UI asks for exists in Chinese and English, problems (use cases' and the billing engine's codes) included.</summary>
public sealed partial class ResourceTests
{
    private static readonly string WebSource = Repo.Path("src", "CareOps.Web");

    private static IStringLocalizer Localizer(string culture)
    {
        CultureInfo.CurrentUICulture = new CultureInfo(culture);
        var factory = new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance);
        return factory.Create(typeof(SharedResource));
    }

    /// <summary>The keys of one resource file: the neutral (Chinese) one for zh-CN, the satellite for en.</summary>
    private static HashSet<string> Keys(string culture)
    {
        var manager = new System.Resources.ResourceManager(typeof(SharedResource));
        var set = manager.GetResourceSet(culture == "en" ? new CultureInfo("en") : CultureInfo.InvariantCulture, createIfNotExists: true, tryParents: false)
            ?? throw new InvalidOperationException($"No resources for {culture}.");
        return set.Cast<System.Collections.DictionaryEntry>().Select(e => (string)e.Key).ToHashSet();
    }

    private static IEnumerable<string> UsedKeys()
    {
        foreach (var file in Directory.EnumerateFiles(WebSource, "*.*", SearchOption.AllDirectories)
                     .Where(f => (f.EndsWith(".razor", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal)) && !f.Contains("/obj/") && !f.Contains("/bin/")))
        {
            var text = File.ReadAllText(file);
            // A key ending in "." is a prefix completed at run time (L["Billing.Status." + status]); those are listed below.
            foreach (Match m in LiteralKey().Matches(text).Where(m => !m.Groups[1].Value.EndsWith('.')))
            {
                yield return m.Groups[1].Value;
            }

            // Problem keys ("Error.…") and form labels ("PolicyForm.…") are literals in C# too.
            foreach (Match m in ErrorKey().Matches(text).Concat(FormLabelKey().Matches(text)))
            {
                yield return m.Groups[1].Value;
            }
        }

        foreach (var key in ProblemKeysOfBilling())
        {
            yield return key;
        }

        // Keys built from enum names: L["CareMode." + mode] and the like.
        foreach (var status in Enum.GetNames<CardInvoiceStatus>())
        {
            yield return "Billing.Status." + status;
        }

        foreach (var payee in Enum.GetNames<CareOps.Billing.Policies.Payee>())
        {
            yield return "Payee." + payee;
        }

        foreach (var mode in Enum.GetNames<CareOps.Billing.Policies.CareMode>())
        {
            yield return "CareMode." + mode;
        }

        foreach (var payer in Enum.GetNames<CareOps.Billing.TopUps.TopUpPayer>())
        {
            yield return "TopUp.Payer." + payer;
        }

        foreach (var state in Enum.GetNames<CareOps.Billing.Batches.BatchState>())
        {
            yield return "Batch." + state;
        }

        foreach (var (prefix, type) in new (string, Type)[]
                 {
                     ("CareMode.", typeof(CareMode)), ("Status.", typeof(ClientStatus)), ("Window.", typeof(VisitWindow)),
                     ("Coverage.", typeof(CoverageKind)), ("Skill.", typeof(Skill)), ("Certificate.", typeof(CertificateKind)),
                     ("Link.", typeof(PlaceLink)), ("AgencyKind.", typeof(AgencyKind)), ("Day.", typeof(DayOfWeek)),
                     ("Error.ResidentId.", typeof(ResidentIdError)), ("Absence.", typeof(AbsenceKind)),
                     ("Phase.", typeof(VisitPhase)), ("Flag.", typeof(FlagReason)), ("Review.", typeof(VisitReview)), ("My.Notice.", typeof(CareOps.Web.Features.MySchedule.ScheduleChange)),
                 })
        {
            foreach (var name in Enum.GetNames(type).Where(n => n != nameof(ResidentIdError.None)))
            {
                yield return prefix + name;
            }
        }
    }

    [Fact]
    public void ChineseAndEnglish_HaveTheSameKeys()
    {
        var zh = Keys("zh-CN");
        var en = Keys("en");

        Assert.True(zh.Count > 150, $"Only {zh.Count} Chinese strings were found.");
        Assert.Empty(zh.Except(en));
        Assert.Empty(en.Except(zh));
    }

    [Fact]
    public void EveryKeyUsedInTheUi_Exists()
    {
        var zh = Keys("zh-CN");
        var missing = UsedKeys().Distinct().Where(k => !zh.Contains(k)).Order().ToList();

        Assert.True(missing.Count == 0, "Missing UI strings: " + string.Join(", ", missing));
    }

    /// <summary>Every code the billing engine can return is a problem the UI can word (Problem.From prefixes "Billing.").</summary>
    private static IEnumerable<string> ProblemKeysOfBilling() =>
        Enum.GetNames<CareOps.Billing.BillingCode>().Select(code => "Billing." + code);

    [Fact]
    public void EveryProblemKey_IsChineseInZhCnAndEnglishInEn()
    {
        var keys = UsedKeys().Where(k => k.StartsWith("Error.", StringComparison.Ordinal)).Concat(ProblemKeysOfBilling()).Distinct().Order().ToList();
        var zh = Localizer("zh-CN");
        var notChinese = keys.Where(k => zh[k].ResourceNotFound || !Cjk().IsMatch(zh[k].Value)).ToList();
        var en = Localizer("en");
        var notEnglish = keys.Where(k => en[k].ResourceNotFound || Cjk().IsMatch(en[k].Value.Replace("舟惠保", "", StringComparison.Ordinal))).ToList();

        Assert.True(keys.Count > 60, $"Only {keys.Count} problem keys were found.");
        Assert.True(notChinese.Count == 0, "Problem keys without a Chinese sentence: " + string.Join(", ", notChinese));
        Assert.True(notEnglish.Count == 0, "Problem keys without an English sentence: " + string.Join(", ", notEnglish));
    }

    [Fact]
    public void DefaultCulture_IsSimplifiedChinese()
    {
        Assert.Equal("参保人", Localizer("zh-CN")["Nav.Clients"].Value);
        Assert.Equal("Clients", Localizer("en")["Nav.Clients"].Value);
    }

    [GeneratedRegex("L\\[\"([A-Za-z]+\\.[A-Za-z.]+)\"")]
    private static partial Regex LiteralKey();

    [GeneratedRegex("\"(Error\\.[A-Za-z]+(?:\\.[A-Za-z]+)?)\"")]
    private static partial Regex ErrorKey();

    [GeneratedRegex("\"(PolicyForm\\.[A-Za-z]+)\"")]
    private static partial Regex FormLabelKey();

    [GeneratedRegex("\\p{IsCJKUnifiedIdeographs}")]
    internal static partial Regex Cjk();
}
