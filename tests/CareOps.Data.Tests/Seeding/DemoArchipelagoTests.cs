using CareOps.Data.Domain;
using CareOps.Data.Seeding;
using CareOps.Data.Tenancy;
using CareOps.Data.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CareOps.Data.Tests.Seeding;

public sealed class DemoArchipelagoTests
{
    private static readonly DateOnly Anchor = new(2026, 11, 24);

    // Generation is pure, so one data set serves every in-memory assertion.
    private static readonly Lazy<DemoData> Demo = new(() => DemoArchipelago.Generate(DemoArchipelago.DefaultSeed, Anchor));

    public static TheoryData<string, int, int> RegionSizes => new()
    {
        { "R1", 600, 59 },
        { "R2", 300, 30 },
        { "R3", 450, 44 },
        { "R4", 200, 20 },
        { "R5", 80, 9 },
        { "R6", 380, 38 },
        { "R7", 140, 14 },
        { "R8", 241, 22 },
    };

    [Fact]
    public void Generate_SameSeedAndAnchor_ProducesIdenticalData()
    {
        var again = DemoArchipelago.Generate(DemoArchipelago.DefaultSeed, Anchor);

        Assert.Equal(Fingerprint(Demo.Value), Fingerprint(again));
    }

    [Fact]
    public void Generate_DifferentSeed_ProducesDifferentPeople()
    {
        var other = DemoArchipelago.Generate(DemoArchipelago.DefaultSeed + 1, Anchor);

        Assert.NotEqual(Demo.Value.Clients.Select(c => c.ResidentId), other.Clients.Select(c => c.ResidentId));
        Assert.NotEqual(Demo.Value.Clients.Select(c => c.Id), other.Clients.Select(c => c.Id));
        Assert.NotEqual(Demo.Value.Caregivers.Select(c => c.Name), other.Caregivers.Select(c => c.Name));
    }

    [Theory]
    [MemberData(nameof(RegionSizes))]
    public void Generate_EachRegion_HasTheSpecifiedClientsAndCaregivers(string code, int clients, int caregivers)
    {
        var agency = Demo.Value.Agencies.Single(a => a.Code == code);

        Assert.Equal(clients, Demo.Value.Clients.Count(c => c.AgencyId == agency.Id && c.Region!.Code == code));
        Assert.Equal(caregivers, Demo.Value.Caregivers.Count(c => c.AgencyId == agency.Id && c.HomePlace!.Region!.Code == code));
    }

    [Fact]
    public void Generate_Totals_MatchZhoushanFigures()
    {
        Assert.Equal(8, Demo.Value.Agencies.Count);
        Assert.Equal(2391, Demo.Value.Clients.Count);
        Assert.Equal(236, Demo.Value.Caregivers.Count);
        Assert.Equal(2391, Demo.Value.CarePlans.Count);
    }

    [Fact]
    public void Generate_ResidentIds_AreValidAndUnique()
    {
        var ids = Demo.Value.Clients.Select(c => c.ResidentId).ToList();

        Assert.All(ids, id => Assert.True(ResidentId.IsValid(id), id));
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Generate_CareModes_AreAboutSixtyPercentFamilyCare()
    {
        var share = Share(Demo.Value.Clients, c => c.CareMode == CareMode.FamilyCare);

        Assert.InRange(share, 0.55, 0.65);
        Assert.All(Demo.Value.Clients, c => Assert.Equal(c.CareMode == CareMode.FamilyCare, c.FamilyCaregiver is not null));
    }

    [Fact]
    public void Generate_Zhuhuibao_IsHeldByAboutEightyFivePercent()
    {
        var share = Share(Demo.Value.Clients, c => c.Coverages.Any(v => v.Kind == CoverageKind.Zhuhuibao));

        Assert.InRange(share, 0.80, 0.90);
    }

    [Fact]
    public void Generate_StatusPeriods_LeaveEveryClientActiveOnTheAnchor()
    {
        Assert.All(Demo.Value.Clients, c =>
        {
            Assert.Single(c.StatusPeriods, p => p.To is null);
            Assert.Equal(ClientStatus.Active, c.StatusOn(Anchor));
        });
    }

    [Fact]
    public void Generate_Geography_Has17PlacesAnd11IllustrativeFerryLines()
    {
        Assert.Equal(17, Demo.Value.Places.Count);
        Assert.Equal(11, Demo.Value.FerryLines.Count);
        Assert.All(Demo.Value.FerryLines, f => Assert.True(f.IsIllustrative, f.Code));
        var f5 = Demo.Value.FerryLines.Single(f => f.Code == "F5");
        Assert.Equal(
            [new TimeOnly(7, 0), new TimeOnly(13, 30)],
            f5.Schedules.Single(s => s.FromPlace!.Code == "shenjiamen").Departures.Select(d => d.Departs));
    }

    [Fact]
    public void Generate_Users_AreStaffPerAgencyCaregiversAndOneOperator()
    {
        var users = Demo.Value.Users;

        Assert.Equal((8 * 3) + 236 + 1, users.Count);
        Assert.Equal(236, users.Count(u => u.Role == Roles.Caregiver && u.User.CaregiverId is not null));
        Assert.Single(users, u => u.Role == Roles.Operator && u.User.AgencyId is null);
        Assert.Contains(users, u => u.User.Email == "r1.cg01@demo.careops.cn");
        Assert.All(users, u => Assert.True(u.User.LockoutEnabled, u.User.Email));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task SeedAsync_FreshDatabase_SeedsTenantRowsOnceUnderTheirAgency(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var ct = CancellationToken.None;

        var first = await DemoArchipelago.SeedAsync(database.Options, DemoArchipelago.DefaultSeed, Anchor, ct);
        var second = await DemoArchipelago.SeedAsync(database.Options, DemoArchipelago.DefaultSeed, Anchor, ct);

        Assert.Equal(new DemoSummary(8, 2391, 236, 261), first);
        Assert.Equal(first, second);
        await AssertTenantViewsAsync(database.Options, ct);
    }

    private static async Task AssertTenantViewsAsync(DbContextOptions<CareOpsDb> options, CancellationToken ct)
    {
        Guid r1;
        await using (var platform = new CareOpsDb(options, FixedTenant.None))
        {
            r1 = await platform.Agencies.Where(a => a.Code == "R1").Select(a => a.Id).SingleAsync(ct);
            Assert.Equal(0, await platform.Clients.CountAsync(ct));
            Assert.Equal(41, await platform.CatalogueItems.CountAsync(ct));
            Assert.Equal(17, await platform.Places.CountAsync(ct));
        }

        await using var tenant = new CareOpsDb(options, new FixedTenant(r1));
        Assert.Equal(600, await tenant.Clients.CountAsync(ct));
        Assert.Equal(59, await tenant.Caregivers.CountAsync(ct));
        Assert.Equal(600, await tenant.CarePlans.CountAsync(ct));
    }

    private static double Share(IReadOnlyList<Client> clients, Func<Client, bool> predicate) =>
        (double)clients.Count(predicate) / clients.Count;

    private static List<string> Fingerprint(DemoData data) =>
    [
        .. data.Agencies.Select(a => $"{a.Id}|{a.Code}|{a.Name}"),
        .. data.Clients.Select(c => $"{c.Id}|{c.Name}|{c.ResidentId}|{c.Latitude:R}|{c.Longitude:R}|{c.Address}|{c.CareMode}|{c.Assessment.AssessedOn}"),
        .. data.Caregivers.Select(c => $"{c.Id}|{c.Code}|{c.Name}|{c.HomeLatitude:R}|{c.HomeLongitude:R}|{c.CertificateValidUntil}"),
        .. data.CarePlans.Select(p => $"{p.Id}|{p.ClientId}|{p.MinutesPerVisit}|{string.Join(',', p.Items.Select(i => i.ItemCode))}"),
        .. data.Users.Select(u => $"{u.User.Id}|{u.User.Email}|{u.User.SecurityStamp}|{u.Role}"),
    ];
}
