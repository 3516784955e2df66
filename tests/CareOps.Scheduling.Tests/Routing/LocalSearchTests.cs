using CareOps.Scheduling.Routing;
using Microsoft.Extensions.Time.Testing;

namespace CareOps.Scheduling.Tests.Routing;

public class LocalSearchTests
{
    private static readonly VrptwViolationKind[] RouteKinds =
        [VrptwViolationKind.LateArrival, VrptwViolationKind.LateReturn, VrptwViolationKind.CapacityExceeded];

    [Fact]
    public void Segment_ConcatenatedPieces_MatchBruteForceEvaluation()
    {
        var rng = new Random(20131);
        var tested = 0;
        var feasible = 0;
        for (var round = 0; round < 40; round++)
        {
            var instance = TinyInstances.Random(100 + round, 15, capacity: 60);
            var p = new Problem(instance);
            for (var trial = 0; trial < 25; trial++)
            {
                var nodes = RandomSequence(rng, instance.CustomerCount, 1 + rng.Next(7));
                var folded = Fold(p, nodes, 0, nodes.Length);
                for (var split = 1; split < nodes.Length; split++)
                {
                    var joined = Segment.Concat(p, Fold(p, nodes, 0, split), Fold(p, nodes, split, nodes.Length));
                    Assert.Equal(folded, joined);
                }

                var (ok, latest, duration, fromEarliest) = BruteForce(instance, nodes, folded.Earliest);
                Assert.Equal(ok, folded.TimeWarp == 0);
                Assert.Equal(nodes.Sum(c => instance.Demand[c]), folded.Load);
                Assert.Equal(nodes.Zip(nodes.Skip(1)).Sum(e => instance.Travel(e.First, e.Second)), folded.Dist);
                if (ok)
                {
                    feasible++;
                    Assert.Equal(latest, folded.Latest);
                    Assert.Equal(duration, folded.Duration);
                    Assert.Equal(duration, fromEarliest);
                }

                tested++;
            }
        }

        Assert.Equal(1000, tested);
        Assert.InRange(feasible, 100, 900);
    }

    [Fact]
    public void Segment_DepotToDepotRoute_FeasibleExactlyWhenValidatorAccepts()
    {
        var rng = new Random(7);
        var accepted = 0;
        for (var round = 0; round < 20; round++)
        {
            var instance = TinyInstances.Random(200 + round, 15, capacity: 40);
            var p = new Problem(instance);
            for (var trial = 0; trial < 50; trial++)
            {
                var route = RandomSequence(rng, instance.CustomerCount, 1 + rng.Next(6));
                var full = Fold(p, [0, .. route, 0], 0, route.Length + 2);
                var errors = VrptwValidator.Validate(instance, new VrptwSolution([route]));
                var valid = !errors.Any(e => RouteKinds.Contains(e.Kind));

                Assert.Equal(valid, full.Feasible(instance.Capacity));
                Assert.Equal(new VrptwSolution([route]).Distance(instance), full.Dist);
                accepted += valid ? 1 : 0;
            }
        }

        Assert.InRange(accepted, 50, 950);
    }

    [Theory]
    [InlineData((int)LocalSearchMoves.Relocate)]
    [InlineData((int)LocalSearchMoves.OrOpt)]
    [InlineData((int)LocalSearchMoves.Swap)]
    [InlineData((int)LocalSearchMoves.TwoOptStar)]
    [InlineData((int)LocalSearchMoves.TwoOpt)]
    [InlineData((int)LocalSearchMoves.All)]
    public void LocalSearch_EachMove_KeepsSolutionValidAndStrictlyShorter(int moveFlags)
    {
        var moves = (LocalSearchMoves)moveFlags;
        var applied = 0;
        for (var seed = 1; seed <= 6; seed++)
        {
            var instance = TinyInstances.Random(300 + seed, 60, capacity: seed % 2 == 0 ? 60 : 200);
            var p = new Problem(instance);
            var state = RandomFeasibleState(p, instance, new Random(seed));
            var last = state.Cost;
            var search = new LocalSearch(p, 12, moves)
            {
                AfterMove = ls =>
                {
                    var now = ls.Snapshot();
                    Assert.Empty(VrptwValidator.Validate(instance, now));
                    var distance = now.Distance(instance);
                    Assert.True(distance < last, $"{moves} went from {last} to {distance}");
                    last = distance;
                },
            };

            applied += search.Run(state, new Rng((ulong)seed));

            var result = state.ToSolution();
            Assert.Empty(VrptwValidator.Validate(instance, result));
            Assert.Equal(last, state.Cost);
            Assert.Equal(result.Distance(instance), state.Cost);
        }

        Assert.True(applied > 0, $"no {moves} move applied");
    }

    [Fact]
    public void LocalSearch_AfterRun_FindsNoFurtherImprovement()
    {
        var instance = TinyInstances.Random(400, 80, capacity: 100);
        var p = new Problem(instance);
        var state = RandomFeasibleState(p, instance, new Random(4));
        var start = state.Cost;
        var search = new LocalSearch(p, 20);

        var first = search.Run(state, new Rng(1));
        var cost = state.Cost;
        var second = search.Run(state, new Rng(2));

        Assert.True(first > 0);
        Assert.True(cost < start);
        Assert.Equal(0, second);
        Assert.Equal(cost, state.Cost);
        Assert.Empty(VrptwValidator.Validate(instance, state.ToSolution()));
    }

    [Fact]
    public void Solve_WithLocalSearch_SameSeed_GivesSameRoutes()
    {
        var instance = TinyInstances.Random(11, 40, capacity: 60);
        var options = new VrptwSolverOptions
        {
            TimeProvider = new FakeTimeProvider(),
            Seed = 5,
            MaxIterations = 2000,
            TimeLimit = TimeSpan.FromMinutes(1),
            LocalSearch = true,
            LocalSearchMargin = 0.02,
        };

        var a = VrptwSolver.Solve(instance, options);
        var b = VrptwSolver.Solve(instance, options);

        Assert.Empty(VrptwValidator.Validate(instance, a.Solution));
        Assert.Equal(a.Distance, b.Distance);
        Assert.Equal(a.Solution.Routes.Select(r => string.Join(' ', r)), b.Solution.Routes.Select(r => string.Join(' ', r)));
    }

    [Fact]
    public void Solve_WithoutLocalSearch_SameSeed_GivesSameRoutes()
    {
        var instance = TinyInstances.Random(12, 40, capacity: 60);
        var options = new VrptwSolverOptions { TimeProvider = new FakeTimeProvider(), Seed = 3, MaxIterations = 2000, TimeLimit = TimeSpan.FromMinutes(1), LocalSearch = false };

        var a = VrptwSolver.Solve(instance, options);
        var b = VrptwSolver.Solve(instance, options);

        Assert.Empty(VrptwValidator.Validate(instance, a.Solution));
        Assert.Equal(a.Solution.Routes.Select(r => string.Join(' ', r)), b.Solution.Routes.Select(r => string.Join(' ', r)));
    }

    [Theory]
    [InlineData(1, 6)]
    [InlineData(3, 7)]
    [InlineData(5, 7)]
    public void Solve_WithLocalSearch_TinyInstance_ReachesBruteForceOptimum(int seed, int customers)
    {
        var instance = TinyInstances.Random(seed, customers);
        var options = new VrptwSolverOptions { TimeProvider = new FakeTimeProvider(), MaxIterations = 3000, TimeLimit = TimeSpan.FromMinutes(1), LocalSearch = true };

        var result = VrptwSolver.Solve(instance, options);

        Assert.Empty(VrptwValidator.Validate(instance, result.Solution));
        Assert.Equal(TinyInstances.BruteForceOptimum(instance), result.Distance);
    }

    private static int[] RandomSequence(Random rng, int customers, int length) =>
        Enumerable.Range(1, customers).OrderBy(_ => rng.Next()).Take(length).ToArray();

    private static Segment Fold(Problem p, int[] nodes, int from, int to)
    {
        var s = Segment.Of(p, nodes[from]);
        for (var k = from + 1; k < to; k++)
        {
            s = Segment.Concat(p, s, Segment.Of(p, nodes[k]));
        }

        return s;
    }

    /// <summary>
    /// Tries every integer service start at the first node: whether any start keeps all windows, the latest such
    /// start, the shortest start-to-finish time among them, and that time when starting at <paramref name="earliest"/>.
    /// </summary>
    private static (bool Ok, int Latest, int Duration, int FromEarliest) BruteForce(VrptwInstance instance, int[] nodes, int earliest)
    {
        var ok = false;
        int latest = int.MinValue, duration = int.MaxValue, fromEarliest = -1;
        for (var s = instance.Ready[nodes[0]]; s <= instance.Due[nodes[0]]; s++)
        {
            var end = Simulate(instance, nodes, s);
            if (end < 0)
            {
                continue;
            }

            ok = true;
            latest = Math.Max(latest, s);
            duration = Math.Min(duration, end - s);
            if (s == earliest)
            {
                fromEarliest = end - s;
            }
        }

        return (ok, latest, duration, fromEarliest);
    }

    private static int Simulate(VrptwInstance instance, int[] nodes, int start)
    {
        var time = start;
        for (var k = 1; k < nodes.Length; k++)
        {
            var arrive = time + instance.Service[nodes[k - 1]] + instance.Travel(nodes[k - 1], nodes[k]);
            time = Math.Max(arrive, instance.Ready[nodes[k]]);
            if (time > instance.Due[nodes[k]])
            {
                return -1;
            }
        }

        return time + instance.Service[nodes[^1]];
    }

    /// <summary>Customers in random order, each appended to the last route while the validator accepts it.</summary>
    private static SearchState RandomFeasibleState(Problem p, VrptwInstance instance, Random rng)
    {
        var routes = new List<List<int>>();
        foreach (var c in Enumerable.Range(1, instance.CustomerCount).OrderBy(_ => rng.Next()))
        {
            if (routes.Count > 0)
            {
                var trial = routes[^1].Append(c).ToArray();
                if (!VrptwValidator.Validate(instance, new VrptwSolution([trial])).Any(e => RouteKinds.Contains(e.Kind)))
                {
                    routes[^1].Add(c);
                    continue;
                }
            }

            routes.Add([c]);
        }

        var state = new SearchState(p.N);
        foreach (var route in routes)
        {
            var r = state.Count++;
            route.CopyTo(state.Routes[r].Seq, 1);
            state.Routes[r].Len = route.Count;
            state.Refresh(p, r);
        }

        Assert.Empty(VrptwValidator.Validate(instance, state.ToSolution()));
        return state;
    }
}
