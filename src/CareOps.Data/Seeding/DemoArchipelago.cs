using CareOps.Data.Domain;
using static CareOps.Data.Seeding.DemoGeography;

namespace CareOps.Data.Seeding;

/// <summary>
/// The Zhoushan-like demo archipelago (shared/domain/zhoushan-demo-geography.md): 8 regions and
/// agencies, 17 places, 11 illustrative ferry lines, 2 391 clients, 236 caregivers and their logins.
/// <see cref="Generate"/> is pure; <see cref="SeedAsync"/> writes it once.
/// </summary>
public static partial class DemoArchipelago
{
    /// <summary>The password of every demo user; published on the login page, so never for real data.</summary>
    public const string DemoPassword = "CareOps#2026";

    /// <summary>The seed used when configuration names none.</summary>
    public const int DefaultSeed = 20261124;

    /// <summary>Mail domain of the demo logins.</summary>
    public const string EmailDomain = "demo.careops.cn";

    private static readonly string[] CommercialProducts = ["人保长护无忧险", "国寿康宁护理险", "太保安心护理险", "平安长护宝", "泰康颐养护理险"];

    /// <summary>
    /// Builds the whole demo data set in memory. Same (<paramref name="seed"/>, <paramref name="anchor"/>)
    /// gives identical output; dates are placed relative to <paramref name="anchor"/> ("today" of the demo).
    /// </summary>
    public static DemoData Generate(int seed, DateOnly anchor)
    {
        var random = new DemoRandom(seed);
        var catalogue = ReferenceDataSeeder.LoadZhoushanCatalogueItems();
        var (regions, places) = BuildRegions();
        var agencies = BuildAgencies(random, regions);
        var ferryLines = BuildFerryLines(places);

        var caregivers = new List<Caregiver>();
        var clients = new List<Client>();
        var plans = new List<CarePlan>();
        var certificateStates = random.Deck(Regions.Sum(r => r.Caregivers),
            (CertificateState.Valid, 0.95), (CertificateState.ExpiringSoon, 0.04), (CertificateState.Expired, 0.01));
        for (var i = 0; i < Regions.Length; i++)
        {
            var spec = Regions[i];
            var agencyId = agencies[i].Id;
            var placeSpecs = Places.Where(p => p.Region == spec.Code).ToArray();
            var clientPlaces = DemoRandom.Apportion(spec.Clients, [.. placeSpecs.Select(p => p.ClientWeight)], 0);
            var caregiverPlaces = DemoRandom.Apportion(spec.Caregivers, [.. clientPlaces.Select(c => (double)c)], 1);

            caregivers.AddRange(BuildCaregivers(random, anchor, agencyId, placeSpecs, caregiverPlaces, places,
                certificateStates.AsSpan(caregivers.Count, spec.Caregivers).ToArray()));
            var regionClients = BuildClients(random, anchor, agencyId, regions[i], placeSpecs, clientPlaces, places);
            clients.AddRange(regionClients.Select(c => c.Client));
            plans.AddRange(BuildPlans(random, agencyId, regionClients, catalogue));
        }

        var users = BuildUsers(random, regions, agencies, caregivers);
        return new DemoData(regions, agencies, ferryLines, caregivers, clients, plans, users);
    }

    private enum CertificateState
    {
        Valid,
        ExpiringSoon,
        Expired,
    }

    private static (List<ServiceRegion> Regions, Dictionary<string, Place> Places) BuildRegions()
    {
        var regions = Regions.Select(r => new ServiceRegion { Code = r.Code, Name = r.Name }).ToList();
        var places = new Dictionary<string, Place>(StringComparer.Ordinal);
        foreach (var spec in Places)
        {
            var region = regions.Single(r => r.Code == spec.Region);
            var place = new Place
            {
                Code = spec.Code,
                Name = spec.Name,
                Latitude = spec.Lat,
                Longitude = spec.Lon,
                Link = spec.Link,
                IsUrban = spec.Urban,
                Region = region,
            };
            region.Places.Add(place);
            places.Add(spec.Code, place);
        }

        return (regions, places);
    }

    private static List<Agency> BuildAgencies(DemoRandom random, List<ServiceRegion> regions) =>
        [.. Regions.Select((spec, i) =>
        {
            var id = random.NextGuid();
            return new Agency
            {
                Id = id,
                Code = spec.Code,
                Name = spec.AgencyName,
                Kind = AgencyKind.HomeCare,
                CityPolicy = "zhoushan",
                TimeZoneId = "Asia/Shanghai",
                Regions = [new AgencyRegion { AgencyId = id, Region = regions[i] }],
            };
        })];

    private static List<FerryLine> BuildFerryLines(Dictionary<string, Place> places) =>
        [.. Ferries.Select(f =>
        {
            var (a, b) = (places[f.A], places[f.B]);
            return new FerryLine
            {
                Code = f.Code,
                Name = $"{ShortName(f.A)}—{ShortName(f.B)}",
                PlaceA = a,
                PlaceB = b,
                IsIllustrative = true,
                Schedules = [Schedule(a, b, f.CrossingMinutes, f.AToB), Schedule(b, a, f.CrossingMinutes, f.BToA)],
            };
        })];

    private static string ShortName(string placeCode) => Places.Single(p => p.Code == placeCode).ShortName;

    private static FerrySchedule Schedule(Place from, Place to, int crossing, TimeOnly[] departures) => new()
    {
        FromPlace = from,
        ToPlace = to,
        CrossingMinutes = crossing,
        OperatingDays = WeekDays.Every,
        Departures = [.. departures.Select(d => new FerryDeparture { Departs = d })],
    };
}
