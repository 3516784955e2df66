using CareOps.Data.Domain;
using CareOps.Data.Rostering;
using CareOps.Scheduling.Roster;
using CareOps.Scheduling.Travel;
using CareOps.Web.Features.MySchedule;

namespace CareOps.Web.Tests.MySchedule;

/// <summary>
/// A caregiver living by the Shenjiamen pier with two visits on Taohua island one Wednesday, and the published week
/// that routes her there and back on line F4 (hourly both ways, 06:30–17:30, 30 minutes on board).
/// </summary>
public static class DemoDay
{
    public static readonly DateOnly Monday = new(2026, 11, 30);

    public static readonly DateOnly Wednesday = Monday.AddDays(2);

    public static readonly Guid Caregiver = new("0b0b0b0b-0000-0000-0000-000000000001");

    public static readonly Guid Wang = new("0c0c0c0c-0000-0000-0000-000000000001");

    public static readonly Guid Li = new("0c0c0c0c-0000-0000-0000-000000000002");

    public static readonly Guid WangVisit = new("0d0d0d0d-0000-0000-0000-000000000001");

    public static readonly Guid LiVisit = new("0d0d0d0d-0000-0000-0000-000000000002");

    private static readonly GeoPoint Pier = new(29.953, 122.299, "shenjiamen");

    private static readonly GeoPoint Taohua = new(29.810, 122.280, "taohua");

    /// <summary>Her two visit rows: 王阿婆 09:00 for an hour, 李阿公 10:30 for an hour (or as given).</summary>
    public static List<(MyVisit Visit, Guid ClientId)> Visits(TimeOnly? liStart = null, VisitPhase liPhase = VisitPhase.Planned) =>
    [
        (new MyVisit(WangVisit, Wednesday, new TimeOnly(9, 0), 60, VisitPhase.Verified, "王阿婆", "桃花镇茅草屋村 12 号", Taohua.Latitude, Taohua.Longitude,
            [new MyItem("ZS04", "协助进食", "Help with eating"), new MyItem("ZS11", "洗澡", "Bathing")]), Wang),
        (new MyVisit(LiVisit, Wednesday, liStart ?? new TimeOnly(10, 30), 60, liPhase, "李阿公", "桃花镇塔湾村 3 号", Taohua.Latitude, Taohua.Longitude, []), Li),
    ];

    /// <summary>The published week: her Wednesday by boat, the problem with the F4 timetable (suspended on the dates given).</summary>
    public static PublishedWeek Published(params DateOnly[] suspended)
    {
        var day = new CaregiverDay(RosterProblemBuilder.IdOf(Caregiver), Wednesday, 8 * 60 + 25, 13 * 60, 11 * 60 + 30,
            [new PlannedVisit(RosterProblemBuilder.IdOf(Wang), 9 * 60, 10 * 60), new PlannedVisit(RosterProblemBuilder.IdOf(Li), 10 * 60 + 30, 11 * 60 + 30)],
            [
                new TravelLeg(LegKind.Land, "shenjiamen", "shenjiamen", 8 * 60 + 25, 8 * 60 + 30),
                new TravelLeg(LegKind.Ferry, "shenjiamen", "taohua", 8 * 60 + 30, 9 * 60, "F4"),
                new TravelLeg(LegKind.Land, "taohua", "taohua", 10 * 60, 10 * 60 + 10),
                new TravelLeg(LegKind.Ferry, "taohua", "shenjiamen", 12 * 60 + 30, 13 * 60, "F4"),
            ]);
        var hourly = Enumerable.Range(0, 12).Select(h => 6 * 60 + 30 + h * 60).ToList();
        var network = new FerryNetwork(
            [new TravelPlace("shenjiamen", Pier.Latitude, Pier.Longitude, "main", true), new TravelPlace("taohua", Taohua.Latitude, Taohua.Longitude, "taohua", false)],
            [new FerrySailings("F4", "shenjiamen", "taohua", 30, hourly, RosterClient.AllDays), new FerrySailings("F4", "taohua", "shenjiamen", 30, hourly, RosterClient.AllDays)],
            suspended.Select(d => ("F4", d)),
            new GreatCircleTravelTimeSource(["shenjiamen"]));
        var problem = new RosterProblem
        {
            WeekStart = Monday,
            Network = network,
            Caregivers = [new RosterCaregiver { Id = RosterProblemBuilder.IdOf(Caregiver), Home = Pier }],
            Clients = [Client(Wang), Client(Li)],
        };
        return new PublishedWeek(new Scheduling.Roster.Roster(Monday, [day], []), problem,
            new Dictionary<string, string> { ["shenjiamen"] = "沈家门", ["taohua"] = "桃花岛" },
            new Dictionary<string, string> { ["F4"] = "沈家门—桃花" });
    }

    public static MyWeek Week(IReadOnlyList<(MyVisit Visit, Guid ClientId)> visits, PublishedWeek? published, params Guid[] cancelled) =>
        Itinerary.Week(Monday, Caregiver, visits, cancelled.ToHashSet(), published);

    private static RosterClient Client(Guid id) => new() { Id = RosterProblemBuilder.IdOf(id), Location = Taohua, VisitsPerWeek = 1, MinutesPerVisit = 60 };
}
