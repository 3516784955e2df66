using CareOps.Scheduling.Roster;
using CareOps.Scheduling.Tests.Travel;
using CareOps.Scheduling.Travel;

namespace CareOps.Scheduling.Tests.Roster;

/// <summary>
/// A tiny week: a town and an island 30 minutes away by ferry. Ana (basic) and Bo (nursing) live in town.
/// c1 needs 2 × 60 min, c2 1 × 60 min in the morning, c3 (on the island) 1 × 60 min of nursing.
/// </summary>
internal static class Tiny
{
    public static readonly DateOnly Monday = FerryNetworkTests.Monday;

    public static RosterCaregiver Caregiver(string id, double lat, CareSkill skill, DateOnly? validUntil = null, int daily = 480, int weekly = 2400) => new()
    {
        Id = id,
        Home = new GeoPoint(lat, 122.0, "town", id),
        Skill = skill,
        CertificateValidUntil = validUntil ?? new DateOnly(2027, 12, 31),
        DailyMaxMinutes = daily,
        WeeklyMaxMinutes = weekly,
    };

    public static RosterClient Client(string id, double lat, double lon, string place, int visits, CareSkill skill = CareSkill.Basic, DayWindow? window = null, IReadOnlyList<string>? excluded = null, IReadOnlyList<FixedVisit>? fixedVisits = null) => new()
    {
        Id = id,
        Location = new GeoPoint(lat, lon, place, id),
        VisitsPerWeek = visits,
        MinutesPerVisit = 60,
        AllowedDays = FerryNetworkTests.Weekdays,
        Window = window ?? new DayWindow(8 * 60, 17 * 60),
        RequiredSkill = skill,
        ExcludedCaregivers = excluded ?? [],
        FixedVisits = fixedVisits ?? [],
    };

    public static RosterProblem Problem(
        FerryNetwork? network = null, RosterCaregiver? ana = null, RosterCaregiver? bo = null, IEnumerable<RosterClient>? clients = null) => new()
        {
            WeekStart = Monday,
            Network = network ?? FerryNetworkTests.Network(),
            Caregivers = [ana ?? Caregiver("ana", 30.0, CareSkill.Basic), bo ?? Caregiver("bo", 30.01, CareSkill.Nursing)],
            Clients = [.. clients ?? DefaultClients()],
        };

    public static RosterClient[] DefaultClients() =>
    [
        Client("c1", 30.005, 122.0, "town", 2),
        Client("c2", 30.0, 122.01, "town", 1, window: new DayWindow(8 * 60, 12 * 60)),
        Client("c3", 29.9, 122.1, "isle", 1, CareSkill.Nursing),
    ];

    /// <summary>A valid hand-made roster of <see cref="Problem"/>; legs are only needed for the sailings.</summary>
    public static CaregiverDay[] ValidDays() =>
    [
        new("ana", Monday, 8 * 60 + 30, 12 * 60 + 45, 11 * 60 + 30,
            [new PlannedVisit("c1", 9 * 60, 10 * 60), new PlannedVisit("c2", 10 * 60 + 30, 11 * 60 + 30)], []),
        new("ana", Monday.AddDays(3), 8 * 60 + 30, 10 * 60 + 30, null, [new PlannedVisit("c1", 9 * 60, 10 * 60)], []),
        new("bo", Monday.AddDays(2), 9 * 60 + 56, 13 * 60 + 34, 11 * 60 + 30, [new PlannedVisit("c3", 10 * 60 + 30, 11 * 60 + 30)],
        [
            new TravelLeg(LegKind.Land, "town", "town", 9 * 60 + 56, 10 * 60),
            new TravelLeg(LegKind.Ferry, "town", "isle", 10 * 60, 10 * 60 + 30, "L1"),
            new TravelLeg(LegKind.Ferry, "isle", "town", 13 * 60, 13 * 60 + 30, "L1"),
            new TravelLeg(LegKind.Land, "town", "town", 13 * 60 + 30, 13 * 60 + 34),
        ]),
    ];

    public static CareOps.Scheduling.Roster.Roster Week(params CaregiverDay[] days) => new(Monday, days, []);
}
