using System.Globalization;
using System.Text.RegularExpressions;
using CareOps.Data.Domain;
using CareOps.Testing;
using CareOps.Web.Resources;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CareOps.Web.Tests.Features;

/// <summary>Every text the UI asks for exists in Chinese and English.</summary>
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

            foreach (Match m in ErrorKey().Matches(text))
            {
                yield return m.Groups[1].Value;
            }
        }

        // Keys built from enum names: L["CareMode." + mode] and the like.
        foreach (var status in new[] { "Open", "Paid", "Failed" })
        {
            yield return "Billing.Status." + status;
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
                     ("Error.ResidentId.", typeof(ResidentIdError)),
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
}
