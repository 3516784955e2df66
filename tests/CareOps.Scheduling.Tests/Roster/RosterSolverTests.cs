using CareOps.Scheduling.Roster;
using CareOps.Scheduling.Tests.Travel;
using CareOps.Scheduling.Travel;
using Microsoft.Extensions.Time.Testing;
using static CareOps.Scheduling.Tests.Roster.Tiny;

namespace CareOps.Scheduling.Tests.Roster;

public class RosterSolverTests
{
    private static RosterSolverOptions Quick(int seed = 1) => new() { TimeProvider = new FakeTimeProvider(), TimeLimit = TimeSpan.FromSeconds(2), WorkLimit = 5_000, Seed = seed, Threads = 1 };

    [Fact]
    public void Solve_TinyWeek_SchedulesEveryVisitWithoutViolations()
    {
        var problem = Problem();
        var result = RosterSolver.Solve(problem, Quick());
        Assert.Empty(RosterValidator.Validate(problem, result.Roster));
        Assert.Equal(4, result.Score.Scheduled);
        Assert.Empty(result.Roster.Unscheduled);
        // The island visit goes by ferry and comes back by a sailing.
        var island = Assert.Single(result.Roster.Days, d => d.Visits.Any(v => v.ClientId == "c3"));
        Assert.Equal("bo", island.CaregiverId);
        Assert.Equal(2, island.Legs.Count(l => l.Kind == LegKind.Ferry));
    }

    [Fact]
    public void Solve_TwoCaregiversBesideTwoClients_FindsTheKnownOptimum()
    {
        // Each client lives next door to one caregiver, 11 km from the other: the optimum sends each to her neighbour.
        var far = 30.1;
        var problem = Problem(
            ana: Caregiver("ana", 30.0, CareSkill.Basic),
            bo: Caregiver("bo", far, CareSkill.Basic),
            clients: [Client("near-ana", 30.001, 122.0, "town", 1), Client("near-bo", far + 0.001, 122.0, "town", 1)]);
        var result = RosterSolver.Solve(problem, Quick());
        Assert.Empty(RosterValidator.Validate(problem, result.Roster));
        Assert.Equal("ana", result.Roster.Days.Single(d => d.Visits[0].ClientId == "near-ana").CaregiverId);
        Assert.Equal("bo", result.Roster.Days.Single(d => d.Visits[0].ClientId == "near-bo").CaregiverId);
        var land = problem.Network.Land;
        var expected = 2 * land.LandMinutes(problem.Caregivers[0].Home, problem.Clients[0].Location)
            + 2 * land.LandMinutes(problem.Caregivers[1].Home, problem.Clients[1].Location);
        Assert.Equal(expected, result.Score.TravelMinutes);
    }

    [Fact]
    public void Solve_SameSeed_GivesTheSameRoster()
    {
        var problem = Problem(clients: [.. Enumerable.Range(0, 12).Select(i => Client($"k{i}", 30.0 + (i * 0.003), 122.0 + (i % 4 * 0.004), "town", 2 + (i % 2)))]);
        var a = RosterJson.WriteRoster(RosterSolver.Solve(problem, Quick(7)).Roster);
        var b = RosterJson.WriteRoster(RosterSolver.Solve(problem, Quick(7)).Roster);
        Assert.Equal(a, b);
    }

    [Fact]
    public void Solve_NursingClientOnIslandWithoutNursingCaregiver_ExplainsWhy()
    {
        var problem = Problem(bo: Caregiver("bo", 30.01, CareSkill.Basic));
        var result = RosterSolver.Solve(problem, Quick());
        var missing = Assert.Single(result.Roster.Unscheduled);
        Assert.Equal("c3", missing.ClientId);
        Assert.Equal(UnscheduledReason.NoQualifiedCaregiver, missing.Reason);
        Assert.Equal("本周该岛没有持证的医疗护理员", missing.MessageZh);
        Assert.Equal("no certified nursing caregiver on that island that week", missing.MessageEn);
        Assert.Empty(RosterValidator.Validate(problem, result.Roster));
    }

    [Fact]
    public void Solve_IslandClientOnlyReachableAfterTheLastSailingBack_ExplainsNoSailingBack()
    {
        // The only sailing back leaves before any visit could end.
        TravelPlace[] places = [new("town", 30.0, 122.0, "main", true), new("isle", 29.9, 122.1, "isle", false)];
        FerrySailings[] sailings =
        [
            new("L1", "town", "isle", 30, [10 * 60], FerryNetworkTests.Weekdays),
            new("L1", "isle", "town", 30, [9 * 60], FerryNetworkTests.Weekdays),
        ];
        var network = new FerryNetwork(places, sailings, [], new GreatCircleTravelTimeSource(["town"]));
        var problem = Problem(network: network, clients: [Client("c3", 29.9, 122.1, "isle", 1, CareSkill.Nursing)]);
        var result = RosterSolver.Solve(problem, Quick());
        Assert.Equal(UnscheduledReason.NoSailingBack, Assert.Single(result.Roster.Unscheduled).Reason);
    }

    [Fact]
    public void Solve_ThreeAWeek_KeepsTheSpreadRuleAndFixedVisit()
    {
        var problem = Problem(clients:
        [
            Client("t", 30.002, 122.0, "town", 3, fixedVisits: [new FixedVisit(Monday.AddDays(1), "bo", 10 * 60)]),
            Client("w", 30.003, 122.0, "town", 2),
        ]);
        var result = RosterSolver.Solve(problem, Quick());
        Assert.Empty(RosterValidator.Validate(problem, result.Roster));
        var fixedDay = result.Roster.Days.Single(d => d.CaregiverId == "bo" && d.Date == Monday.AddDays(1));
        Assert.Equal(10 * 60, fixedDay.Visits.Single(v => v.ClientId == "t").Start);
        var days = result.Roster.Days.Where(d => d.Visits.Any(v => v.ClientId == "w")).Select(d => d.Date.DayNumber).Order().ToArray();
        Assert.True(days[1] - days[0] >= 2);
    }

    [Fact]
    public void Solve_Cancelled_StopsEarlyWithAValidRoster()
    {
        var problem = Problem();
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var result = RosterSolver.Solve(problem, Quick(), cts.Token);
        Assert.Empty(RosterValidator.Validate(problem, result.Roster));
    }

    [Fact]
    public void Solve_ReportsProgress()
    {
        var phases = new List<string>();
        RosterSolver.Solve(Problem(), new RosterSolverOptions { TimeProvider = new FakeTimeProvider(), TimeLimit = TimeSpan.FromSeconds(1), WorkLimit = 5_000, Progress = p => phases.Add(p.Phase) });
        Assert.Contains(phases, p => p.StartsWith("assigned", StringComparison.Ordinal));
        Assert.Equal("done", phases[^1]);
    }

    [Fact]
    public void Solve_CallersClockPastTheTimeLimit_SkipsTheSearchAndStaysValid()
    {
        // Every reading of the caller's clock moves it on an hour: the budget is gone before the first search pass.
        var clock = new FakeTimeProvider { AutoAdvanceAmount = TimeSpan.FromHours(1) };
        var problem = Problem();
        var phases = new List<string>();
        var result = RosterSolver.Solve(problem, new RosterSolverOptions
        {
            TimeProvider = clock,
            TimeLimit = TimeSpan.FromMinutes(1),
            Progress = p => phases.Add(p.Phase),
        });
        Assert.Empty(RosterValidator.Validate(problem, result.Roster));
        Assert.DoesNotContain("local search", phases);
        Assert.True(result.Elapsed > TimeSpan.FromMinutes(1));
    }

    [Fact]
    public void SpreadRule_AllowedDaysTooFew_Relaxes()
    {
        Assert.Equal(new SpreadRule(2, 0), VisitSpacing.Rule(2, [0, 1, 2, 3, 4]));
        Assert.Equal(new SpreadRule(1, 0), VisitSpacing.Rule(2, [0, 1]));
        Assert.Equal(new SpreadRule(1, 3), VisitSpacing.Rule(3, [0, 1, 2, 3, 4]));
        Assert.Equal(new SpreadRule(1, 2), VisitSpacing.Rule(3, [0, 1, 2]));
        Assert.False(VisitSpacing.Satisfies(new SpreadRule(1, 3), [0, 1, 2], 3));
        Assert.True(VisitSpacing.Satisfies(new SpreadRule(1, 3), [0, 1, 3], 3));
    }
}
