using CareOps.Data.Domain;
using CareOps.Web.Features.Clients;
using CareOps.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CareOps.Web.Tests.Features;

[Collection(AppCollection.Name)]
public sealed class ClientQueryTests(CareOpsApp app)
{
    private static readonly DateOnly Today = CareOpsApp.Today;

    private async Task<ClientQuery> QueryForAsync(string agency) => new(app.FactoryFor(await app.AgencyIdAsync(agency)));

    [Fact]
    public async Task Execute_R1Dispatcher_PagesThroughExactlyTheSixHundredClientsOfR1()
    {
        var query = await QueryForAsync("R1");
        var seen = new HashSet<Guid>();

        for (var page = 0; page < 7; page++)
        {
            var result = await query.ExecuteAsync(new ClientFilter(null, null, null, null, Today), page, 100);
            Assert.Equal(600, result.Total);
            seen.UnionWith(result.Rows.Select(r => r.Id));
        }

        Assert.Equal(600, seen.Count);
        await using var db = app.Database(null);
        var r1 = await app.AgencyIdAsync("R1");
        Assert.All(seen, id => Assert.Equal(r1, db.Clients.IgnoreQueryFilters([Data.CareOpsDb.TenantFilter]).Single(c => c.Id == id).AgencyId));
    }

    [Fact]
    public async Task Execute_SearchByLastFourOfResidentId_FindsThatClient()
    {
        var r1 = await app.AgencyIdAsync("R1");
        await using var db = app.Database(r1);
        var target = db.Clients.OrderBy(c => c.Name).Skip(17).First();

        var result = await (await QueryForAsync("R1")).ExecuteAsync(new ClientFilter(target.ResidentId[^4..], null, null, null, Today), 0, 25);

        Assert.Contains(result.Rows, r => r.Id == target.Id);
        Assert.All(result.Rows, r => Assert.EndsWith(target.ResidentId[^4..], r.ResidentIdMasked));
    }

    [Fact]
    public async Task Execute_SearchByName_ReturnsOnlyMatchingNames()
    {
        var r1 = await app.AgencyIdAsync("R1");
        await using var db = app.Database(r1);
        var name = db.Clients.OrderBy(c => c.Name).Skip(5).First().Name;

        var result = await (await QueryForAsync("R1")).ExecuteAsync(new ClientFilter(name, null, null, null, Today), 0, 25);

        Assert.NotEmpty(result.Rows);
        Assert.All(result.Rows, r => Assert.Contains(name, r.Name));
    }

    [Fact]
    public async Task Execute_CareModeFilters_PartitionTheAgency()
    {
        var query = await QueryForAsync("R3");

        var home = await query.ExecuteAsync(new ClientFilter(null, null, CareMode.Home, null, Today), 0, 1);
        var family = await query.ExecuteAsync(new ClientFilter(null, null, CareMode.FamilyCare, null, Today), 0, 1);
        var active = await query.ExecuteAsync(new ClientFilter(null, null, null, ClientStatus.Active, Today), 0, 1);

        Assert.Equal(450, home.Total + family.Total);
        Assert.InRange(family.Total, 450 * 0.55, 450 * 0.65);
        Assert.Equal(450, active.Total);
    }

    [Fact]
    public async Task Execute_RowsNeverCarryTheFullResidentId()
    {
        var result = await (await QueryForAsync("R2")).ExecuteAsync(new ClientFilter(null, null, null, null, Today), 0, 50);

        Assert.All(result.Rows, r => Assert.Matches("^[0-9]{3}\\*{11}[0-9]{3}[0-9X]$", r.ResidentIdMasked));
    }
}
