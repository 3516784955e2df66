using CareOps.Scheduling.Roster;
using CareOps.Scheduling.Roster.Operators;
using CareOps.Scheduling.Tests.Travel;
using CareOps.Scheduling.Travel;
using Microsoft.Extensions.Time.Testing;
using static CareOps.Scheduling.Tests.Roster.Tiny;

namespace CareOps.Scheduling.Tests.Roster;

/// <summary>Regions solved side by side, work budgets, and ejection chains for visits that do not fit.</summary>
public sealed class RosterSolverRegionTests
{
    [Fact]
    public void Solve_WorkBudget_SameRosterWithOneOrTwoThreads()
    {
        var problem = TwoRegions();
        Assert.Equal(2, Regions.Split(problem).Length);
        string Run(int threads) => RosterJson.WriteRoster(RosterSolver.Solve(problem, new RosterSolverOptions
        {
            TimeProvider = new FakeTimeProvider(),
            TimeLimit = TimeSpan.FromMinutes(2),
            WorkLimit = 20_000,
            Seed = 3,
            Threads = threads,
        }).Roster);

        var one = Run(1);
        var two = Run(2);
        Assert.Equal(one, two);
        Assert.Equal(one, Run(2));
    }

    [Fact]
    public void Solve_TwoRegions_KeepsCaregiversInTheirRegionAndReportsProgressFromBoth()
    {
        var problem = TwoRegions();
        var phases = new List<string>();
        var result = RosterSolver.Solve(problem, new RosterSolverOptions
        {
            TimeProvider = new FakeTimeProvider(),
            TimeLimit = TimeSpan.FromSeconds(5),
            WorkLimit = 20_000,
            Threads = 2,
            Progress = p =>
            {
                lock (phases)
                {
                    phases.Add(p.Phase);
                }
            },
        });
        Assert.Empty(RosterValidator.Validate(problem, result.Roster));
        Assert.Equal(problem.Clients.Sum(c => c.VisitsPerWeek), result.Score.Scheduled);
        var regionOf = problem.Caregivers.ToDictionary(c => c.Id, c => c.Region);
        var clientRegion = problem.Clients.ToDictionary(c => c.Id, c => c.Region);
        Assert.All(result.Roster.Days, d => Assert.All(d.Visits, v => Assert.Equal(regionOf[d.CaregiverId], clientRegion[v.ClientId])));
        Assert.Contains(phases, p => p.StartsWith("north", StringComparison.Ordinal));
        Assert.Contains(phases, p => p.StartsWith("south", StringComparison.Ordinal));
        Assert.Equal("done", phases[^1]);
    }

    [Fact]
    public void Split_ClientWithoutRegion_KeepsTheProblemWhole()
    {
        var problem = TwoRegions();
        var mixed = new RosterProblem
        {
            WeekStart = problem.WeekStart,
            Network = problem.Network,
            Caregivers = problem.Caregivers,
            Clients = [.. problem.Clients, Client("loose", 30.0, 122.0, "town", 1)],
        };
        Assert.Single(Regions.Split(mixed));
    }

    [Fact]
    public void EjectionChains_NursingClientBehindAFullDay_MovesABasicVisitAway()
    {
        // Bo is the only nursing caregiver and works Mondays only; her Monday is full of basic visits Ana could do.
        var bo = new RosterCaregiver
        {
            Id = "bo",
            Home = new GeoPoint(30.01, 122.0, "town", "bo"),
            Skill = CareSkill.Nursing,
            CertificateValidUntil = new DateOnly(2027, 12, 31),
            WorkingDays = new HashSet<DayOfWeek> { DayOfWeek.Monday },
            DailyMaxMinutes = 150,
        };
        var problem = Problem(
            bo: bo,
            clients:
            [
                MondayOnly("b1", 30.012, CareSkill.Basic),
                MondayOnly("b2", 30.014, CareSkill.Basic),
                MondayOnly("n1", 30.016, CareSkill.Nursing),
            ]);
        var state = new RosterState(problem);
        foreach (var c in new[] { 0, 1 })
        {
            var ins = state.BestInsertion(c, 1, 0)!.Value;
            state.Insert(c, 1, 0, ins.Position, ins.Timed);
        }

        Assert.Null(state.BestInsertion(2, 1, 0));
        EjectionChains.Run(state, () => true);

        var roster = state.ToRoster(state.Unscheduled());
        Assert.Empty(RosterValidator.Validate(problem, roster));
        Assert.Equal(3, roster.VisitCount);
        Assert.Contains(roster.Days, d => d.CaregiverId == "bo" && d.Visits.Any(v => v.ClientId == "n1"));
        Assert.Contains(roster.Days, d => d.CaregiverId == "ana");
    }

    [Fact]
    public void ImproveInter_CostFreeMoves_EvenOutTheWeek()
    {
        // Ana and Bo live in the same house: handing a visit from one to the other costs no travel,
        // so the next objective, workload balance, decides.
        var problem = Problem(
            ana: Caregiver("ana", 30.0, CareSkill.Basic),
            bo: Caregiver("bo", 30.0, CareSkill.Basic),
            clients: [.. Enumerable.Range(0, 5).Select(i => new RosterClient
            {
                Id = $"k{i}",
                Location = new GeoPoint(30.0 + (i * 0.004), 122.0, "town", $"k{i}"),
                VisitsPerWeek = 1,
                MinutesPerVisit = 60,
                AllowedDays = new HashSet<DayOfWeek> { Monday.AddDays(i).DayOfWeek },
            })]);
        var state = new RosterState(problem);
        for (var c = 0; c < 5; c++)
        {
            var ins = state.BestInsertion(c, 0, c)!.Value;
            state.Insert(c, 0, c, ins.Position, ins.Timed);
        }

        var travel = state.TotalTravel;
        Assert.Equal(0, state.Weekly[1]);
        while (VisitRelocate.Improve(state, 15, new Random(1), () => true))
        {
        }

        Assert.Equal(travel, state.TotalTravel);
        Assert.True(Math.Abs(state.Weekly[0] - state.Weekly[1]) <= 90, $"weeks {state.Weekly[0]} / {state.Weekly[1]}");
        Assert.Empty(RosterValidator.Validate(problem, state.ToRoster(state.Unscheduled())));
    }

    [Fact]
    public void Solve_PreferredAfternoon_IsHonouredWhenTheDayAllowsIt()
    {
        var afternoon = new RosterClient
        {
            Id = "late",
            Location = new GeoPoint(30.004, 122.0, "town", "late"),
            VisitsPerWeek = 1,
            MinutesPerVisit = 60,
            PreferredWindow = new DayWindow(14 * 60, 16 * 60),
        };
        var problem = Problem(clients: [afternoon, Client("early", 30.006, 122.0, "town", 1)]);
        var result = RosterSolver.Solve(problem, new RosterSolverOptions { TimeProvider = new FakeTimeProvider(), TimeLimit = TimeSpan.FromSeconds(2), WorkLimit = 20_000 });
        Assert.Empty(RosterValidator.Validate(problem, result.Roster));
        var visit = result.Roster.Days.SelectMany(d => d.Visits).Single(v => v.ClientId == "late");
        Assert.InRange(visit.Start, 14 * 60, 15 * 60);
        Assert.Equal(0, result.Score.PreferenceMisses);
    }

    [Fact]
    public void RelocateClients_TwiceAWeekClientOfAFarCaregiver_MovesBothVisitsToTheNearOne()
    {
        var problem = Problem(
            ana: Caregiver("ana", 30.0, CareSkill.Basic),
            bo: Caregiver("bo", 30.1, CareSkill.Basic),
            clients: [Client("near-bo", 30.101, 122.0, "town", 2)]);
        var state = new RosterState(problem);
        foreach (var d in new[] { 0, 2 })
        {
            var ins = state.BestInsertion(0, 0, d)!.Value;
            state.Insert(0, 0, d, ins.Position, ins.Timed);
        }

        var before = state.TotalTravel;
        Assert.True(ClientRelocate.Improve(state, () => true));

        Assert.True(state.TotalTravel < before / 5);
        Assert.All(state.ClientVisits[0], v => Assert.Equal(1, v.G));
        Assert.Equal(2, state.ClientVisits[0].Count);
        Assert.Equal(0, state.Weekly[0]);
        Assert.Empty(RosterValidator.Validate(problem, state.ToRoster(state.Unscheduled())));
    }

    private static RosterClient MondayOnly(string id, double lat, CareSkill skill) => new()
    {
        Id = id,
        Location = new GeoPoint(lat, 122.0, "town", id),
        VisitsPerWeek = 1,
        MinutesPerVisit = 60,
        AllowedDays = new HashSet<DayOfWeek> { DayOfWeek.Monday },
        RequiredSkill = skill,
    };

    private static RosterProblem TwoRegions()
    {
        RosterCaregiver Cg(string id, string region, double lat) => new()
        {
            Id = id,
            Region = region,
            Home = new GeoPoint(lat, 122.0, "town", id),
            Skill = CareSkill.Nursing,
            CertificateValidUntil = new DateOnly(2027, 12, 31),
        };

        RosterClient Cl(int i, string region, double lat) => new()
        {
            Id = $"{region}-{i}",
            Region = region,
            Location = new GeoPoint(lat + (i % 5 * 0.004), 122.0 + (i / 5 * 0.004), "town", $"{region}-{i}"),
            VisitsPerWeek = 1 + (i % 3),
            MinutesPerVisit = 60,
            AllowedDays = FerryNetworkTests.Weekdays,
            Window = i % 4 == 0 ? new DayWindow(8 * 60, 12 * 60) : new DayWindow(8 * 60, 17 * 60),
        };

        return new RosterProblem
        {
            WeekStart = Monday,
            Network = FerryNetworkTests.Network(),
            Caregivers = [Cg("n-a", "north", 30.05), Cg("n-b", "north", 30.06), Cg("s-a", "south", 29.95), Cg("s-b", "south", 29.96)],
            Clients = [.. Enumerable.Range(0, 14).Select(i => Cl(i, "north", 30.05)), .. Enumerable.Range(0, 10).Select(i => Cl(i, "south", 29.95))],
        };
    }
}
