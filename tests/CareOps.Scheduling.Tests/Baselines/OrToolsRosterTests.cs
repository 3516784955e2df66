using CareOps.Scheduling.Baselines;
using CareOps.Scheduling.Roster;
using CareOps.Scheduling.Tests.Travel;
using CareOps.Scheduling.Travel;
using Microsoft.Extensions.Time.Testing;
using static CareOps.Scheduling.Tests.Roster.Tiny;

namespace CareOps.Scheduling.Tests.Baselines;

public class OrToolsRosterTests
{
    private static readonly OrToolsRosterOptions Quick = new() { TimeLimit = TimeSpan.FromSeconds(1) };

    [Fact]
    public void Solve_TinyLandOnlyWeek_SchedulesEveryVisitAndIsValid()
    {
        var problem = Problem(clients: [DefaultClients()[0], DefaultClients()[1]]);
        var roster = OrToolsRoster.Solve(problem, Quick);
        Assert.Equal(3, roster.VisitCount);
        Assert.Empty(roster.Unscheduled);
        Assert.Empty(RosterValidator.Validate(problem, roster));
        Assert.Empty(RosterValidator.Validate(problem, OrToolsRoster.Retime(problem, roster)));
    }

    [Fact]
    public void Solve_LongGapBetweenSailings_DropsTheIslandVisitThatRosterSolverSchedules()
    {
        // Town → isle at 08:30 and 16:00 only: the static crossing is 30 + 450 / 2 = 255 min, so the 09:00–11:00
        // visit looks out of reach, while the 08:30 boat makes it (back with the 10:30).
        var problem = IslandWeek(
            [8 * 60 + 30, 16 * 60],
            [10 * 60 + 30, 16 * 60 + 30]);
        var roster = OrToolsRoster.Solve(problem, Quick);
        Assert.Equal(0, roster.VisitCount);
        Assert.Equal("c3", Assert.Single(roster.Unscheduled).ClientId);
        Assert.Empty(RosterValidator.Validate(problem, roster));
        Assert.Empty(RosterValidator.Validate(problem, OrToolsRoster.Retime(problem, roster)));

        var ours = RosterSolver.Solve(problem, new RosterSolverOptions { TimeProvider = new FakeTimeProvider(), TimeLimit = TimeSpan.FromSeconds(1), WorkLimit = 5_000, Threads = 1 });
        Assert.Empty(RosterValidator.Validate(problem, ours.Roster));
        var visit = Assert.Single(Assert.Single(ours.Roster.Days).Visits);
        Assert.Equal(9 * 60, visit.Start);
    }

    [Fact]
    public void Solve_NoBoatBackAtMidday_PublishesAVisitWithNoWayHomeWhichRetimingDrops()
    {
        // Boats back every 15 minutes until 10:00, then 16:30 only: on average a 45-minute wait, so OR-Tools plans a
        // 10:00–11:00 visit with her home by lunch; in truth the next boat lands at 17:00, after her shift.
        var problem = IslandWeek(
            [.. Enumerable.Range(0, 8).Select(i => 8 * 60 + 15 * i)],
            [.. Enumerable.Range(0, 5).Select(i => 9 * 60 + 15 * i), 16 * 60 + 30],
            new DayWindow(10 * 60, 12 * 60));
        var roster = OrToolsRoster.Solve(problem, Quick);
        var day = Assert.Single(roster.Days);
        Assert.Equal("c3", Assert.Single(day.Visits).ClientId);
        Assert.True(day.BackHome < 13 * 60);
        var errors = RosterValidator.Validate(problem, roster);
        Assert.Contains(errors, e => e.Kind == ViolationKind.TravelTime && e.Message.Contains("back home", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Kind == ViolationKind.FerryTimetable);

        var retimed = OrToolsRoster.Retime(problem, roster);
        Assert.Empty(RosterValidator.Validate(problem, retimed));
        Assert.Equal(0, retimed.VisitCount);
        Assert.Equal(UnscheduledReason.NoSailingBack, Assert.Single(retimed.Unscheduled).Reason);

        var ours = RosterSolver.Solve(problem, new RosterSolverOptions { TimeProvider = new FakeTimeProvider(), TimeLimit = TimeSpan.FromSeconds(1), WorkLimit = 5_000, Threads = 1 });
        Assert.Equal(UnscheduledReason.NoSailingBack, Assert.Single(ours.Roster.Unscheduled).Reason);
    }

    [Fact]
    public void Retime_TinyWeekWithIsland_IsValidAndKeepsTheAssignment()
    {
        var problem = Problem();
        var roster = OrToolsRoster.Solve(problem, Quick);
        var retimed = OrToolsRoster.Retime(problem, roster);
        Assert.Empty(RosterValidator.Validate(problem, retimed));
        foreach (var day in retimed.Days)
        {
            var before = roster.Days.Single(d => d.CaregiverId == day.CaregiverId && d.Date == day.Date);
            Assert.Equal(before.Visits.Select(v => v.ClientId).Where(day.Visits.Select(v => v.ClientId).Contains), day.Visits.Select(v => v.ClientId));
        }
    }

    [Fact]
    public void DayPatterns_TwoAWeekOnWeekdays_KeepTheSpreadRuleAndBalanceDays()
    {
        var problem = Problem(clients: [.. Enumerable.Range(0, 6).Select(i => Client($"k{i}", 30.0 + (i * 0.002), 122.0, "town", 2))]);
        var patterns = OrToolsRoster.DayPatterns(problem);
        Assert.All(patterns, p => Assert.True(p.Days![1] - p.Days[0] >= 2));
        var perDay = patterns.SelectMany(p => p.Days!).GroupBy(d => d).ToDictionary(g => g.Key, g => g.Count());
        Assert.True(perDay.Values.Max() - perDay.Values.Min() <= 2);
    }

    /// <summary>A week with one nursing client on the island (09:00–11:00 unless told) and the given sailings.</summary>
    private static RosterProblem IslandWeek(int[] outbound, int[] inbound, DayWindow? window = null)
    {
        TravelPlace[] places = [new("town", 30.0, 122.0, "main", true), new("isle", 29.9, 122.1, "isle", false)];
        FerrySailings[] sailings =
        [
            new("L1", "town", "isle", 30, outbound, FerryNetworkTests.Weekdays),
            new("L1", "isle", "town", 30, inbound, FerryNetworkTests.Weekdays),
        ];
        var network = new FerryNetwork(places, sailings, [], new GreatCircleTravelTimeSource(["town"]));
        return Problem(network: network, clients: [Client("c3", 29.9, 122.1, "isle", 1, CareSkill.Nursing, window: window ?? new DayWindow(9 * 60, 11 * 60))]);
    }
}
