namespace CareOps.Scheduling.Routing;

/// <summary>Settings of <see cref="VrptwSolver"/>. Temperatures are in instance distance units.</summary>
internal sealed record VrptwSolverOptions
{
    /// <summary>Random seed; the same seed and <see cref="MaxIterations"/> give the same routes.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Time budget, measured on <see cref="TimeProvider"/>.</summary>
    public TimeSpan TimeLimit { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Iteration budget per thread. When set, the annealing schedule follows iterations, so a run that is not
    /// cut short by the time limit is fully deterministic; when null, the schedule follows the clock.
    /// </summary>
    public long? MaxIterations { get; init; }

    /// <summary>Independent searches run in parallel (seeds Seed, Seed+1, …); the best wins.</summary>
    public int Threads { get; init; } = 1;

    /// <summary>Called when the best distance improves (from the thread that found it).</summary>
    public Action<VrptwProgress>? Progress { get; init; }

    /// <summary>
    /// Clock for <see cref="TimeLimit"/>. Required: the library never reads the system clock itself; the bench passes
    /// the system clock, tests a fake with <see cref="MaxIterations"/>.
    /// </summary>
    public required TimeProvider TimeProvider { get; init; }

    /// <summary>Average number of customers removed per ruin (SISR c̄).</summary>
    public double AverageRemoved { get; init; } = 10;

    /// <summary>Longest string removed from one route (SISR L_max).</summary>
    public double MaxStringLength { get; init; } = 10;

    /// <summary>Probability of a split-string removal.</summary>
    public double SplitRate { get; init; } = 0.5;

    /// <summary>Stop probability when growing the preserved part of a split string (SISR β).</summary>
    public double SplitDepth { get; init; } = 0.01;

    /// <summary>Probability of skipping an insertion position (SISR blink rate).</summary>
    public double BlinkRate { get; init; } = 0.01;

    /// <summary>Annealing start temperature.</summary>
    public double InitialTemperature { get; init; } = 100;

    /// <summary>Annealing end temperature.</summary>
    public double FinalTemperature { get; init; } = 1;

    /// <summary>
    /// Runs the granular local search (relocate, or-opt, swap, 2-opt*, 2-opt) on recreated solutions that come
    /// close to the best one (see <see cref="LocalSearchMargin"/>). Null (the default) decides by size: on up to
    /// <see cref="LocalSearchUpTo"/> customers, where it was measured to help (Solomon 100: mean gap 0.107 → 0.039 %
    /// at 30 s), off above, where it costs too many iterations (Gehring–Homberger 200 at 10 s: 1.1 → 2.4 %; ADR 0101).
    /// </summary>
    public bool? LocalSearch { get; init; }

    /// <summary>Largest instance (customers) on which <see cref="LocalSearch"/> = null turns the local search on.</summary>
    public int LocalSearchUpTo { get; init; } = 150;

    /// <summary>
    /// A recreated solution gets local search when its distance is below the best so far times (1 + margin);
    /// 0 means only candidates that are already a new best.
    /// </summary>
    public double LocalSearchMargin { get; init; } = 0.01;

    /// <summary>Nearest customers each customer is paired with in the local search (granular neighbourhood).</summary>
    public int LocalSearchNeighbours { get; init; } = 30;
}

/// <summary>Best distance so far.</summary>
/// <param name="Elapsed">Time since the solve started.</param>
/// <param name="Thread">Search index (0 when single-threaded).</param>
/// <param name="Iteration">Iteration of that search.</param>
/// <param name="Distance">Best total distance of that search.</param>
/// <param name="Routes">Routes in that solution.</param>
internal sealed record VrptwProgress(TimeSpan Elapsed, int Thread, long Iteration, long Distance, int Routes);

/// <summary>Outcome of a solve.</summary>
/// <param name="Solution">Best routes found.</param>
/// <param name="Distance">Their total distance.</param>
/// <param name="Iterations">Iterations over all threads.</param>
/// <param name="Elapsed">Time spent.</param>
/// <param name="Cancelled">True when the cancellation token stopped the search.</param>
internal sealed record VrptwResult(VrptwSolution Solution, long Distance, long Iterations, TimeSpan Elapsed, bool Cancelled);

/// <summary>
/// Our VRPTW solver: SISR ruin-and-recreate with simulated annealing over O(1) time-window insertion checks,
/// optionally with a granular local search on candidates near the best. Distance-only objective, unlimited fleet (the
/// DIMACS convention).
/// </summary>
/// <remarks>
/// A yardstick, not the product (docs/adr/0103-product-engine-and-yardsticks.md): it measures our routing ideas
/// on the public Solomon and Gehring–Homberger instances. Rosters are made by <see cref="Roster.RosterSolver"/>;
/// everything in this namespace is internal and reached only by the bench and the tests.
/// </remarks>
internal static class VrptwSolver
{
    /// <summary>Solves <paramref name="instance"/>; returns the best solution when the budget ends or on cancellation.</summary>
    /// <exception cref="InvalidOperationException">When a customer cannot be served even by its own route.</exception>
    public static VrptwResult Solve(VrptwInstance instance, VrptwSolverOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(options);
        CheckServable(instance);
        var clock = options.TimeProvider;
        var start = clock.GetTimestamp();
        var problem = new Problem(instance);
        var threads = Math.Max(1, options.Threads);
        var searches = new SisrSearch[threads];
        var limitTicks = options.TimeLimit.TotalSeconds;
        var gate = new object();
        var globalBest = long.MaxValue;

        void RunOne(int i)
        {
            var search = new SisrSearch(problem, options, (ulong)(options.Seed + i) * 0x9E3779B1UL + 17UL);
            searches[i] = search;
            Func<long, double> used = options.MaxIterations is { } max
                ? it => (double)it / max
                : _ => clock.GetElapsedTime(start).TotalSeconds / limitTicks;
            bool Stop() =>
                cancellationToken.IsCancellationRequested
                || clock.GetElapsedTime(start) >= options.TimeLimit
                || (options.MaxIterations is { } m && search.Iterations >= m);
            Action<long, long, int>? improved = options.Progress is null ? null : (it, cost, routes) =>
            {
                lock (gate)
                {
                    if (cost < globalBest)
                    {
                        globalBest = cost;
                        options.Progress(new VrptwProgress(clock.GetElapsedTime(start), i, it, cost, routes));
                    }
                }
            };
            search.Run(used, Stop, improved);
        }

        if (threads == 1)
        {
            RunOne(0);
        }
        else
        {
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, RunOne);
        }

        var winner = searches.OrderBy(s => s.BestCost).First();
        return new VrptwResult(
            winner.Best.ToSolution(), winner.BestCost, searches.Sum(s => s.Iterations),
            clock.GetElapsedTime(start), cancellationToken.IsCancellationRequested);
    }

    private static void CheckServable(VrptwInstance instance)
    {
        for (var c = 1; c < instance.NodeCount; c++)
        {
            var arrive = Math.Max(instance.Ready[c], instance.Ready[0] + instance.Travel(0, c));
            if (instance.Demand[c] > instance.Capacity || arrive > instance.Due[c]
                || arrive + instance.Service[c] + instance.Travel(c, 0) > instance.Due[0])
            {
                throw new InvalidOperationException($"Customer {c} cannot be served even by a route of its own.");
            }
        }
    }
}
