using CareOps.Scheduling.Roster;
using Microsoft.Extensions.Time.Testing;
using static CareOps.Scheduling.Tests.Roster.Tiny;

namespace CareOps.Scheduling.Tests.Roster;

public class RosterRepairTests
{
    private static RosterProblem Town() => Problem(clients:
    [
        .. Enumerable.Range(0, 8).Select(i => Client($"k{i}", 30.0 + (i * 0.002), 122.0 + (i % 3 * 0.003), "town", 2)),
        Client("c3", 29.9, 122.1, "isle", 1, CareSkill.Nursing),
    ]);

    private static CareOps.Scheduling.Roster.Roster Published(RosterProblem problem) =>
        RosterSolver.Solve(problem, new RosterSolverOptions { TimeProvider = new FakeTimeProvider(), WorkLimit = 5_000, Threads = 1 }).Roster;

    [Fact]
    public void Repair_CaregiverOffForADay_MovesOnlyHerVisitsAndStaysValid()
    {
        var problem = Town();
        var published = Published(problem);
        var anaDay = published.Days.First(d => d.CaregiverId == "ana");
        var disruption = new RosterDisruption { CaregiverUnavailable = [("ana", [anaDay.Date])] };

        var result = RosterRepair.Repair(problem, published, disruption, new FakeTimeProvider());

        Assert.Empty(RosterValidator.Validate(result.Problem, result.Roster));
        Assert.DoesNotContain(result.Roster.Days, d => d.CaregiverId == "ana" && d.Date == anaDay.Date);
        var affected = anaDay.Visits.Select(v => v.ClientId).ToHashSet();
        Assert.All(result.Changes, c => Assert.Contains(c.ClientId, affected));
        // Every other visit is exactly where it was.
        var after = result.Roster.Days.SelectMany(d => d.Visits.Select(v => (d.CaregiverId, d.Date, v.ClientId, v.Start))).ToHashSet();
        foreach (var day in published.Days.Where(d => d != anaDay))
        {
            Assert.All(day.Visits, v => Assert.Contains((day.CaregiverId, day.Date, v.ClientId, v.Start), after));
        }
    }

    [Fact]
    public void Repair_Elapsed_IsMeasuredOnTheCallersClock()
    {
        var problem = Town();
        var published = Published(problem);
        var clock = new FakeTimeProvider { AutoAdvanceAmount = TimeSpan.FromSeconds(3) };

        var result = RosterRepair.Repair(problem, published, new RosterDisruption(), clock);

        // Read twice (start and end), whatever the machine's clock says.
        Assert.Equal(TimeSpan.FromSeconds(3), result.Elapsed);
    }

    [Fact]
    public void Repair_FerrySuspendedOnTheIslandVisitDay_MovesItToAnotherDay()
    {
        var problem = Town();
        var published = Published(problem);
        var islandDay = published.Days.Single(d => d.Visits.Any(v => v.ClientId == "c3"));
        var disruption = new RosterDisruption { FerrySuspended = [("L1", islandDay.Date)] };

        var result = RosterRepair.Repair(problem, published, disruption, new FakeTimeProvider());

        Assert.Empty(RosterValidator.Validate(result.Problem, result.Roster));
        var moved = Assert.Single(result.Changes);
        Assert.Equal("c3", moved.ClientId);
        Assert.Equal(ChangeKind.Moved, moved.Kind);
        Assert.NotEqual(islandDay.Date, moved.After!.Date);
    }

    [Fact]
    public void Repair_ClientCancelledAndAdded_RemovesAndAddsOnlyThose()
    {
        var problem = Town();
        var published = Published(problem);
        var disruption = new RosterDisruption
        {
            ClientsCancelled = ["k0"],
            ClientsAdded = [Client("new", 30.004, 122.002, "town", 2)],
        };

        var result = RosterRepair.Repair(problem, published, disruption, new FakeTimeProvider());

        Assert.Empty(RosterValidator.Validate(result.Problem, result.Roster));
        Assert.Equal(2, result.Changes.Count(c => c.ClientId == "k0" && c.Kind == ChangeKind.Removed));
        Assert.Equal(2, result.Changes.Count(c => c.ClientId == "new" && c.Kind == ChangeKind.Added));
        Assert.All(result.Changes, c => Assert.True(c.ClientId is "k0" or "new", c.ClientId));
    }
}
