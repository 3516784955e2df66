using CareOps.Data.Domain;
using CareOps.Data.Tenancy;

namespace CareOps.Data.Tests.Infrastructure;

/// <summary>Small, hand-made rows for data tests: two agencies in two regions with one place each.</summary>
public static class TestData
{
    public static async Task<(Agency A, Agency B, Place PlaceA, Place PlaceB)> TwoAgenciesAsync(TestDatabase database)
    {
        await using var db = database.Context();
        var regionA = new ServiceRegion { Code = "TA", Name = "测试甲" };
        var regionB = new ServiceRegion { Code = "TB", Name = "测试乙" };
        var placeA = new Place { Code = "ta-town", Name = "甲镇", Latitude = 30.0, Longitude = 122.1, Region = regionA };
        var placeB = new Place { Code = "tb-isle", Name = "乙岛", Latitude = 29.8, Longitude = 122.3, Link = PlaceLink.Ferry, Region = regionB };
        var a = new Agency { Code = "TA", Name = "甲机构" };
        var b = new Agency { Code = "TB", Name = "乙机构" };
        db.AddRange(placeA, placeB, a, b);
        await db.SaveChangesAsync();
        db.AgencyRegions.AddRange(new AgencyRegion { AgencyId = a.Id, RegionId = regionA.Id }, new AgencyRegion { AgencyId = b.Id, RegionId = regionB.Id });
        await db.SaveChangesAsync();
        return (a, b, placeA, placeB);
    }

    /// <summary>A valid resident ID built from a 17-digit stem and its computed check character.</summary>
    public static string ResidentIdFrom(string first17) => first17 + ResidentId.CheckCharacter(first17);

    public static Client NewClient(Place place, string name, string first17) => new()
    {
        Name = name,
        ResidentId = ResidentIdFrom(first17),
        ResidentIdLast4 = ResidentIdFrom(first17)[^4..],
        PlaceId = place.Id,
        RegionId = place.RegionId,
        Latitude = place.Latitude,
        Longitude = place.Longitude,
        CareMode = CareMode.Home,
        Assessment = new Assessment { Grade = 2, AssessedOn = new DateOnly(2026, 1, 5), ValidUntil = new DateOnly(2028, 1, 4), OnsetDate = new DateOnly(2025, 3, 1) },
        StatusPeriods = [new StatusPeriod { Status = ClientStatus.Active, From = new DateOnly(2026, 1, 5) }],
        Coverages = [new Coverage { Kind = CoverageKind.Zhuhuibao, From = new DateOnly(2026, 1, 1) }],
    };

    public static async Task<Client> AddClientAsync(TestDatabase database, Agency agency, Place place, string name, string first17)
    {
        await using var db = database.Context(agency.Id);
        var client = NewClient(place, name, first17);
        db.Clients.Add(client);
        await db.SaveChangesAsync();
        return client;
    }

    public static FixedTenant TenantOf(Agency agency) => new(agency.Id);
}
