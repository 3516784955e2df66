using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using CareOps.Billing;
using CareOps.Data.Domain;
using CareOps.Web.Features.Billing;
using CareOps.Web.Features.Caregivers;
using CareOps.Web.Features.Clients;
using CareOps.Web.Infrastructure;
using CareOps.Web.Resources;
using CareOps.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CareOps.Web.Tests.Features;

/// <summary>A Chinese user who gets something wrong reads Chinese: every kind of bad input, worded in zh-CN.</summary>
[Collection(EditingCollection.Name)]
public sealed partial class ProblemLanguageTests(CareOpsApp app)
{
    private static string InChinese(Problem problem)
    {
        CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
        var factory = new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance);
        return problem.Localize(factory.Create(typeof(SharedResource)));
    }

    /// <summary>The key resolved (not echoed), the sentence is Chinese, and no English phrase slipped in.</summary>
    private static void AssertChinese(IEnumerable<Problem> problems, string expectedKey)
    {
        var problem = Assert.Single(problems, p => p.Key == expectedKey);
        var text = InChinese(problem);

        Assert.NotEqual(problem.Key, text);
        Assert.Matches(ResourceTests.Cjk(), text);
        Assert.DoesNotMatch(EnglishPhrase(), text);
    }

    [Fact]
    public async Task BadPolicyJson_IsChinese()
    {
        var problems = await new AddPolicyVersion(app.FactoryFor(Guid.Empty), app.Operator()).ExecuteAsync("{\n  \"city\": \"shanghai\",\n  \"version\": tw");

        AssertChinese(problems, "Error.PolicyJson");
    }

    [Fact]
    public async Task BadPolicyFigures_AreChinese()
    {
        await using var db = app.Database(null);
        var book = await CareOps.Data.Billing.PolicyStore.LoadAsync(db);
        var latest = book.Versions.Where(v => v.City == "zhoushan").MaxBy(v => v.Version)!;
        var home = latest.Package!.Modes[0];
        var json = AddPolicyVersion.Draft(latest with { Package = latest.Package with { Modes = [home with { VisitsPerWeek = 40 }, .. latest.Package.Modes.Skip(1)] } }, new DateOnly(2027, 11, 5));

        var problems = await new AddPolicyVersion(app.FactoryFor(Guid.Empty), app.Operator()).ExecuteAsync(json);

        AssertChinese(problems, "Billing.PolicyModeVisits");
        Assert.Contains("居家", InChinese(problems.Single())); // the care mode is worded too, not "Home"
    }

    [Fact]
    public async Task BadResponseCsv_IsChinese()
    {
        var agency = await app.AgencyIdAsync("R4");
        var close = new CloseMonth(app.FactoryFor(agency), app.Clock, app.Finance(agency));

        var missingColumn = await close.ApplyResponseAsync(Guid.NewGuid(), new MemoryStream(Encoding.UTF8.GetBytes("client_id,result\nc1,通过\n")));
        var badResult = await close.ApplyResponseAsync(Guid.NewGuid(), new MemoryStream(Encoding.UTF8.GetBytes("line_no,client_id,result\n1,c1,maybe\n")));

        AssertChinese(missingColumn.Problems, "Billing.ResponseMissingColumn");
        AssertChinese(badResult.Problems, "Billing.ResponseBadResult");
    }

    [Fact]
    public async Task InvalidBatchTransition_IsChineseWithTheStateWorded()
    {
        var agency = await app.AgencyIdAsync("R4");
        var close = new CloseMonth(app.FactoryFor(agency), app.Clock, app.Finance(agency));
        var draft = (await close.DraftAsync(new DateOnly(2027, 2, 1))).Value!;

        var submit = await close.SubmitAsync(draft.Id);
        var paid = await close.MarkPaidAsync(draft.Id);

        AssertChinese(submit.Problems, "Billing.BatchCannotSubmit");
        AssertChinese(paid.Problems, "Billing.BatchCannotMarkPaid");
        Assert.Contains("草稿", InChinese(submit.Problems.Single()));
    }

    [Fact]
    public async Task RefusedRole_IsChinese()
    {
        var agency = await app.AgencyIdAsync("R4");
        var form = await ClientFormAsync(agency);

        var result = await new SaveClient(app.FactoryFor(agency), app.Clock, app.As(Roles.Caregiver, agency)).ExecuteAsync(null, form);

        AssertChinese(result.Problems, "Error.NotAllowed");
    }

    [Fact]
    public async Task TooLongText_IsChinese()
    {
        var agency = await app.AgencyIdAsync("R4");
        var form = await ClientFormAsync(agency);
        form.CareMode = CareMode.FamilyCare;
        form.FamilyCaregiverName = "王芳";
        form.FamilyCaregiverRelationship = new string('女', 300);

        var result = await new SaveClient(app.FactoryFor(agency), app.Clock, app.Dispatcher(agency)).ExecuteAsync(null, form);

        AssertChinese(result.Problems, "Error.TooLong");
        Assert.Contains("20", InChinese(result.Problems.Single()));
    }

    [Fact]
    public async Task OutOfRangeGradeAndHours_AreChineseAndNotClamped()
    {
        var agency = await app.AgencyIdAsync("R4");
        var form = await ClientFormAsync(agency);
        form.Grade = 99;
        await using var db = app.Database(agency);
        var caregiver = await db.Caregivers.AsNoTracking().OrderBy(c => c.Code).FirstAsync();
        var caregiverForm = CaregiverForm.From(caregiver);
        caregiverForm.WeeklyHourLimit = -5;

        var client = await new SaveClient(app.FactoryFor(agency), app.Clock, app.Dispatcher(agency)).ExecuteAsync(null, form);
        var hours = await new SaveCaregiver(app.FactoryFor(agency), app.Dispatcher(agency)).ExecuteAsync(caregiver.Id, caregiverForm);

        AssertChinese(client.Problems, "Error.Grade");
        AssertChinese(hours, "Error.WeeklyHours");
        Assert.Equal(99, form.Grade);
        Assert.Equal(caregiver.WeeklyHourLimit, (await db.Caregivers.AsNoTracking().SingleAsync(c => c.Id == caregiver.Id)).WeeklyHourLimit);
    }

    [Fact]
    public void EveryBillingCode_IsChineseWithItsArguments()
    {
        foreach (var code in Enum.GetValues<BillingCode>())
        {
            // Note: as many arguments as the longest code takes (a visit: client, id, date, check-in, check-out).
            var text = InChinese(Problem.From(new BillingProblem(code, 7, "c1", CareOps.Billing.Policies.Payee.Agency, -5m, "2027-02-03")));

            Assert.Matches(ResourceTests.Cjk(), text);
            Assert.DoesNotMatch(EnglishPhrase(), text);
        }
    }

    /// <summary>A new client (valid except where a test breaks it) with a fresh resident id.</summary>
    private async Task<ClientForm> ClientFormAsync(Guid agency)
    {
        await using var db = app.Database(agency);
        var place = (await AgencyPlaces.ForCurrentAgencyAsync(db))[0];
        const string first17 = "33090219600101881";
        return new ClientForm
        {
            Name = "语言测试",
            ResidentId = first17 + ResidentId.CheckCharacter(first17),
            Phone = "13800138000",
            Address = "测试路 2 号",
            PlaceId = place.Id,
            Latitude = place.Latitude,
            Longitude = place.Longitude,
            Grade = 2,
            AssessedOn = new DateTime(2026, 3, 1),
            AssessmentValidUntil = new DateTime(2028, 2, 28),
            OnsetDate = new DateTime(2025, 6, 1),
        };
    }

    // Two English words in a row: a sentence (or part of one) that was never translated.
    [GeneratedRegex("[A-Za-z]{3,}[ ,:;]+[A-Za-z]{3,}")]
    private static partial Regex EnglishPhrase();
}
