using CareOps.Scheduling.Travel;

namespace CareOps.Scheduling.Tests.Travel;

public class FerryNetworkTests
{
    internal static readonly DateOnly Monday = new(2026, 11, 23);

    internal static readonly HashSet<DayOfWeek> Weekdays = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    /// <summary>A town on the main island and an island 30 minutes away by ferry, sailing on weekdays only.</summary>
    internal static FerryNetwork Network(params (string Line, DateOnly Date)[] suspensions)
    {
        TravelPlace[] places = [new("town", 30.0, 122.0, "main", true), new("isle", 29.9, 122.1, "isle", false)];
        var land = new GreatCircleTravelTimeSource(["town"]);
        FerrySailings[] sailings =
        [
            new("L1", "town", "isle", 30, [8 * 60, 10 * 60, 12 * 60, 14 * 60, 16 * 60], Weekdays),
            new("L1", "isle", "town", 30, [9 * 60, 11 * 60, 13 * 60, 15 * 60, 16 * 60 + 30], Weekdays),
        ];
        return new FerryNetwork(places, sailings, suspensions, land);
    }

    private static readonly GeoPoint TownPier = new(30.0, 122.0, "town");
    private static readonly GeoPoint IslePier = new(29.9, 122.1, "isle");

    [Fact]
    public void GreatCircle_TownSpeed_IsDistanceTimesDetourAtTwentyFiveKmh()
    {
        var land = new GreatCircleTravelTimeSource(["town"]);
        // 0.01° of latitude ≈ 1.112 km; × 1.3 = 1.446 km; at 25 km/h = 3.47 min, rounded up.
        Assert.Equal(4, land.LandMinutes(new GeoPoint(30.0, 122.0, "town"), new GeoPoint(30.01, 122.0, "town")));
        // Outside towns at 35 km/h: 2.48 min → 3.
        Assert.Equal(3, land.LandMinutes(new GeoPoint(30.0, 122.0, "isle"), new GeoPoint(30.01, 122.0, "isle")));
    }

    [Fact]
    public void Matrix_KnownPair_OverridesTheFallback()
    {
        var matrix = new MatrixTravelTimeSource([("a", "b", 17)], new GreatCircleTravelTimeSource([]));
        Assert.Equal(17, matrix.LandMinutes(new GeoPoint(30, 122, "x", "a"), new GeoPoint(30, 122.001, "x", "b")));
        Assert.Equal(1, matrix.LandMinutes(new GeoPoint(30, 122, "x", "b"), new GeoPoint(30, 122.001, "x", "a")));
    }

    [Fact]
    public void EarliestArrival_AfterADeparture_WaitsForTheNextSailing()
    {
        var journey = Network().EarliestArrival(TownPier, IslePier, 8 * 60 + 5, Monday);
        Assert.NotNull(journey);
        var ferry = Assert.Single(journey.Legs, l => l.Kind == LegKind.Ferry);
        Assert.Equal(10 * 60, ferry.Depart);
        Assert.Equal("L1", ferry.Line);
        Assert.Equal(10 * 60 + 30, journey.Arrive);
        Assert.Equal(30, journey.FerryMinutes);
    }

    [Fact]
    public void EarliestArrival_ExactlyAtDeparture_CatchesIt()
    {
        var journey = Network().EarliestArrival(TownPier, IslePier, 8 * 60, Monday);
        Assert.Equal(8 * 60 + 30, journey!.Arrive);
    }

    [Fact]
    public void EarliestArrival_LastSailingMissed_IsUnreachableThatDay()
    {
        Assert.Null(Network().EarliestArrival(IslePier, TownPier, 16 * 60 + 31, Monday));
        Assert.NotNull(Network().EarliestArrival(IslePier, TownPier, 16 * 60 + 30, Monday));
    }

    [Fact]
    public void EarliestArrival_SuspendedLine_IsUnreachableOnThatDateOnly()
    {
        var network = Network(("L1", Monday));
        Assert.Null(network.EarliestArrival(TownPier, IslePier, 8 * 60, Monday));
        Assert.Equal(8 * 60 + 30, network.EarliestArrival(TownPier, IslePier, 8 * 60, Monday.AddDays(1))!.Arrive);
    }

    [Fact]
    public void EarliestArrival_OnADayTheLineDoesNotOperate_IsUnreachable()
    {
        Assert.Null(Network().EarliestArrival(TownPier, IslePier, 8 * 60, Monday.AddDays(5)));
    }

    [Fact]
    public void EarliestArrival_LandLegToThePier_LeavesJustInTime()
    {
        var home = new GeoPoint(30.01, 122.0, "town");
        var journey = Network().EarliestArrival(home, IslePier, 8 * 60, Monday)!;
        // 4 minutes to the pier: the 08:00 boat is gone, so she leaves at 09:56 for the 10:00 one.
        Assert.Equal(LegKind.Land, journey.Legs[0].Kind);
        Assert.Equal(9 * 60 + 56, journey.Depart);
        Assert.Equal(10 * 60 + 30, journey.Arrive);
    }

    [Fact]
    public void EarliestArrival_TwoLines_ChainsThroughTheMiddleIsland()
    {
        TravelPlace[] places = [new("a", 30.0, 122.0, "a", false), new("b", 30.1, 122.0, "b", false), new("c", 30.2, 122.0, "c", false)];
        FerrySailings[] sailings =
        [
            new("X", "a", "b", 20, [8 * 60], Weekdays),
            new("Y", "b", "c", 20, [8 * 60 + 10, 9 * 60], Weekdays),
        ];
        var network = new FerryNetwork(places, sailings, [], new GreatCircleTravelTimeSource([]));
        var journey = network.EarliestArrival(new GeoPoint(30.0, 122.0, "a"), new GeoPoint(30.2, 122.0, "c"), 7 * 60, Monday)!;
        Assert.Equal(["X", "Y"], journey.Legs.Where(l => l.Kind == LegKind.Ferry).Select(l => l.Line!));
        Assert.Equal(9 * 60 + 20, journey.Arrive);
    }
}
