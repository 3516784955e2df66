using CareOps.Billing.Policies;
using CareOps.Data.Billing;
using CareOps.Web.Features.Billing;
using CareOps.Web.Tests.Infrastructure;

namespace CareOps.Web.Tests.Features;

[Collection(EditingCollection.Name)]
public sealed class AddPolicyVersionTests(CareOpsApp app)
{
    private AddPolicyVersion UseCase() => new(app.FactoryFor(Guid.Empty), app.Operator());

    private async Task<PolicyBook> BookAsync()
    {
        await using var db = app.Database(null);
        return await PolicyStore.LoadAsync(db);
    }

    [Fact]
    public async Task Execute_BrokenJson_SaysSoAndStoresNothing()
    {
        var before = (await BookAsync()).Versions.Count;

        var problems = await UseCase().ExecuteAsync("{ \"city\": \"shanghai\", ");

        Assert.Equal("Error.PolicyJson", Assert.Single(problems).Key);
        Assert.Equal(before, (await BookAsync()).Versions.Count);
    }

    [Fact]
    public async Task Execute_FundShareAbove100Percent_IsRefused()
    {
        var latest = (await BookAsync()).Versions.Where(v => v.City == "shanghai").MaxBy(v => v.Version)!;
        var json = AddPolicyVersion.Draft(latest with { Hourly = latest.Hourly! with { FundShare = 1.9m } }, new DateOnly(2027, 5, 10));

        var problems = await UseCase().ExecuteAsync(json);

        Assert.Contains(problems, p => p.Key == "Billing.PolicyShare");
    }

    [Fact]
    public async Task Execute_NextBeijingVersion_TakesOverFromItsDate()
    {
        var latest = (await BookAsync()).Versions.Where(v => v.City == "beijing").MaxBy(v => v.Version)!;
        var json = AddPolicyVersion.Draft(latest with { Coinsurance = latest.Coinsurance! with { MonthlyCap = 3300m } }, new DateOnly(2027, 5, 10));

        Assert.Empty(await UseCase().ExecuteAsync(json));

        var book = await BookAsync();
        Assert.Equal(3000m, book.Resolve("beijing", new DateOnly(2027, 5, 31))!.Coinsurance!.MonthlyCap);
        Assert.Equal(3300m, book.Resolve("beijing", new DateOnly(2027, 6, 1))!.Coinsurance!.MonthlyCap);
        Assert.NotEmpty(await UseCase().ExecuteAsync(json)); // the same version twice is refused
    }

    [Fact]
    public async Task Execute_SameFiguresAsTheVersionInForce_AddsNoVersion()
    {
        var before = await BookAsync();
        var latest = before.Versions.Where(v => v.City == "zhoushan").MaxBy(v => v.Version)!;

        var problems = await UseCase().ExecuteAsync(AddPolicyVersion.Draft(latest, new DateOnly(2027, 8, 10)));

        Assert.Equal("Error.PolicyUnchanged", Assert.Single(problems).Key);
        Assert.Equal(before.Versions.Count, (await BookAsync()).Versions.Count);
    }

    [Fact]
    public void Draft_ShowsChineseAsChinese()
    {
        var zhoushan = PolicyBook.Seed().Versions.First(v => v.City == "zhoushan");

        var json = AddPolicyVersion.Draft(zhoushan, new DateOnly(2027, 1, 5));

        Assert.Contains("舟山", json);
        Assert.DoesNotContain("\\u", json);
    }

    [Fact]
    public async Task FiguresForm_ChangedAmount_IsStoredAsTheNextVersion()
    {
        var latest = (await BookAsync()).Versions.Where(v => v.City == "shanghai").MaxBy(v => v.Version)!;
        var next = AddPolicyVersion.Next(latest, new DateOnly(2027, 9, 10));
        var figures = PolicyFigures.Of(next);
        figures.Single(f => f.LabelKey == "PolicyForm.HourlyRate").Value = 70m;

        var edited = PolicyFigures.Apply(next, figures);
        var problems = await UseCase().ExecuteAsync(System.Text.Json.JsonSerializer.Serialize(edited.Value, AddPolicyVersion.Display));

        Assert.Empty(problems);
        Assert.Equal(70m, (await BookAsync()).Resolve("shanghai", new DateOnly(2027, 10, 1))!.Hourly!.HourlyRate);
    }

    [Fact]
    public void FiguresForm_FractionOfAVisit_IsRefusedNotRounded()
    {
        var zhoushan = PolicyBook.Seed().Versions.First(v => v.City == "zhoushan");
        var figures = PolicyFigures.Of(zhoushan);
        var visits = figures.FindIndex(f => f.LabelKey == "PolicyForm.ModeVisits");
        figures[visits].Value = 2.5m;

        var edited = PolicyFigures.Apply(zhoushan, figures);

        Assert.Contains(edited.Problems, p => p.Field == visits.ToString(System.Globalization.CultureInfo.InvariantCulture) && p.Key == "Error.WholeNumber");
    }
}
