using CareOps.Billing.Policies;
using CareOps.Data.Billing;
using CareOps.Web.Features.Billing;
using CareOps.Web.Tests.Infrastructure;

namespace CareOps.Web.Tests.Features;

[Collection(EditingCollection.Name)]
public sealed class AddPolicyVersionTests(CareOpsApp app)
{
    private AddPolicyVersion UseCase() => new(app.FactoryFor(Guid.Empty));

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

        Assert.Contains("not valid policy JSON", Assert.Single(problems));
        Assert.Equal(before, (await BookAsync()).Versions.Count);
    }

    [Fact]
    public async Task Execute_FundShareAbove100Percent_IsRefused()
    {
        var latest = (await BookAsync()).Versions.Where(v => v.City == "shanghai").MaxBy(v => v.Version)!;
        var json = AddPolicyVersion.Draft(latest with { Hourly = latest.Hourly! with { FundShare = 1.9m } }, new DateOnly(2027, 5, 10));

        var problems = await UseCase().ExecuteAsync(json);

        Assert.Contains(problems, p => p.Contains("share"));
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
}
