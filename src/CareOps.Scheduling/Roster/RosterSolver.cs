using Google.OrTools.Sat;

namespace CareOps.Scheduling.Roster;

/// <summary>Options of <see cref="RosterSolver"/>.</summary>
public sealed class RosterSolverOptions
{
    /// <summary>Time budget for the whole solve, measured on <see cref="TimeProvider"/>.</summary>
    public TimeSpan TimeLimit { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Seed of every random choice (CP-SAT and the local search).</summary>
    public int Seed { get; init; } = 1;

    /// <summary>
    /// Threads. Regions are independent (caregivers serve their own region), so they are solved side by side, one
    /// thread each, which keeps every region's result independent of the others' timing. A problem that cannot be
    /// split (clients without a region) gives its CP-SAT these workers instead (one under a <see cref="WorkLimit"/>).
    /// </summary>
    public int Threads { get; init; } = 1;

    /// <summary>
    /// Optional work budget: the number of exact day timings (see <see cref="RosterProgress.Work"/>) the whole solve
    /// may spend, shared between regions by their number of visits; CP-SAT then stops on its deterministic time
    /// (<see cref="CpSatSecondsPerWork"/> per unit) instead of the clock. With a work budget the result is the same on
    /// every run and machine for a seed, whatever the thread count, as long as <see cref="TimeLimit"/> is not reached first.
    /// </summary>
    public long? WorkLimit { get; init; }

    /// <summary>CP-SAT deterministic seconds granted per unit of <see cref="WorkLimit"/>.</summary>
    public double CpSatSecondsPerWork { get; init; } = 1e-5;

    /// <summary>Called with the best score after each phase and improvement pass (from the solving threads, one call at a time).</summary>
    public Action<RosterProgress>? Progress { get; init; }

    /// <summary>
    /// Source of elapsed time for <see cref="TimeLimit"/>. Required: the library reads no clock of its own, so the
    /// composition root passes the system clock and tests a fake (with a <see cref="WorkLimit"/>).
    /// </summary>
    public required TimeProvider TimeProvider { get; init; }

    /// <summary>Travel minutes one extra caregiver for a client is worth when moving visits between caregivers.</summary>
    public int ContinuityWeightMinutes { get; init; } = 15;
}

/// <summary>Progress of a solve: best score so far.</summary>
/// <param name="Elapsed">Time since the solve started.</param>
/// <param name="Phase">What the solver is doing (and in which region).</param>
/// <param name="Scheduled">Visits planned.</param>
/// <param name="TravelMinutes">Travel minutes of the best roster.</param>
/// <param name="Work">Exact day timings spent so far (the unit of <see cref="RosterSolverOptions.WorkLimit"/>).</param>
public sealed record RosterProgress(TimeSpan Elapsed, string Phase, int Scheduled, int TravelMinutes, long Work = 0);

/// <summary>A solved roster and its score.</summary>
/// <param name="Roster">The roster.</param>
/// <param name="Score">Its score breakdown.</param>
/// <param name="Elapsed">Solve time.</param>
/// <param name="Work">Exact day timings spent (the unit of <see cref="RosterSolverOptions.WorkLimit"/>).</param>
public sealed record RosterResult(Roster Roster, RosterScore Score, TimeSpan Elapsed, long Work = 0);

/// <summary>
/// The weekly roster solver (docs/adr/0102-roster-solver.md): CP-SAT assigns each client a caregiver and a
/// spread day pattern per region under skills, certificates, working days and capacity with a travel allowance;
/// then each caregiver-day is ordered and timed exactly with ferries; visits that do not fit are re-inserted;
/// local search (intra-route relocate / 2-opt, inter-route relocate, ruin-and-recreate, ejection chains) cuts travel
/// and fills what is still missing. Regions are solved in parallel.
/// </summary>
public static class RosterSolver
{
    /// <summary>Solves the problem.</summary>
    public static RosterResult Solve(RosterProblem problem, RosterSolverOptions options, CancellationToken cancellationToken = default)
    {
        var clock = options.TimeProvider;
        var started = clock.GetTimestamp();
        TimeSpan Elapsed() => clock.GetElapsedTime(started);
        var parts = Split(problem);
        var visits = parts.Select(p => Math.Max(1, p.Clients.Sum(c => c.VisitsPerWeek))).ToArray();
        var total = visits.Sum();
        var threads = Math.Max(1, options.Threads);
        var results = new Roster[parts.Length];
        var scheduled = new int[parts.Length];
        var travel = new int[parts.Length];
        var work = new long[parts.Length];
        var gate = new object();
        var remaining = total;
        var notStarted = parts.Length;

        void Report(int part, string phase, int partScheduled, int partTravel, long partWork)
        {
            lock (gate)
            {
                (scheduled[part], travel[part], work[part]) = (partScheduled, partTravel, partWork);
                var label = parts.Length > 1 && parts[part].Clients.Count > 0 ? $"{parts[part].Clients[0].Region} {phase}" : phase;
                options.Progress?.Invoke(new RosterProgress(Elapsed(), label, scheduled.Sum(), travel.Sum(), work.Sum()));
            }
        }

        // Largest regions first; each gets wall time in proportion to its visits among those not yet started.
        var order = Enumerable.Range(0, parts.Length).OrderByDescending(i => visits[i]).ThenBy(i => i).ToArray();
        Parallel.ForEach(
            System.Collections.Concurrent.Partitioner.Create(order, System.Collections.Concurrent.EnumerablePartitionerOptions.NoBuffering),
            new ParallelOptions { MaxDegreeOfParallelism = threads },
            i =>
            {
                TimeSpan budget;
                lock (gate)
                {
                    var left = options.TimeLimit - Elapsed();
                    var active = Math.Min(threads, notStarted);
                    // Under a work budget the work decides where a region stops, so each may use all the time left.
                    budget = left <= TimeSpan.Zero ? TimeSpan.Zero
                        : options.WorkLimit is not null ? left
                        : TimeSpan.FromTicks(Math.Min(left.Ticks, (long)(left.Ticks * (double)active * visits[i] / remaining)));
                    remaining -= visits[i];
                    notStarted--;
                }

                var partOptions = new PartOptions(
                    budget,
                    options.WorkLimit is { } w ? (long)((double)w * visits[i] / total) : null,
                    parts.Length > 1 || options.WorkLimit is not null ? 1 : threads);
                results[i] = SolvePart(parts[i], options, partOptions, (phase, s, t, k) => Report(i, phase, s, t, k), cancellationToken);
            });

        var roster = Merge(problem, results);
        options.Progress?.Invoke(new RosterProgress(Elapsed(), "done", roster.VisitCount, roster.Days.Sum(d => d.Legs.Sum(l => l.Arrive - l.Depart)), work.Sum()));
        return new RosterResult(roster, RosterScore.Of(problem, roster), Elapsed(), work.Sum());
    }

    private sealed record PartOptions(TimeSpan Budget, long? WorkLimit, int CpSatWorkers);

    /// <summary>
    /// Splits the problem by region when regions are independent: every client has a region with caregivers of
    /// its own (then no caregiver can serve another region's client) and no fixed visit crosses regions.
    /// Otherwise the problem stays whole.
    /// </summary>
    internal static RosterProblem[] Split(RosterProblem problem)
    {
        var regions = problem.Caregivers.Select(c => c.Region).Where(r => r.Length > 0).ToHashSet(StringComparer.Ordinal);
        var regionOf = problem.Caregivers.GroupBy(c => c.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Region, StringComparer.Ordinal);
        if (problem.Clients.Any(c => !regions.Contains(c.Region) || c.FixedVisits.Any(f => regionOf.GetValueOrDefault(f.CaregiverId) != c.Region))
            || problem.Caregivers.Any(c => c.Region.Length == 0))
        {
            return [problem];
        }

        return [.. regions.Order(StringComparer.Ordinal).Select(r => new RosterProblem
        {
            WeekStart = problem.WeekStart,
            Network = problem.Network,
            Clients = [.. problem.Clients.Where(c => c.Region == r)],
            Caregivers = [.. problem.Caregivers.Where(c => c.Region == r)],
        })];
    }

    private static Roster Merge(RosterProblem problem, Roster[] parts)
    {
        if (parts.Length == 1)
        {
            return parts[0];
        }

        var clientOrder = problem.Clients.Select((c, i) => (c.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        return new Roster(
            problem.WeekStart,
            [.. parts.SelectMany(p => p.Days).OrderBy(d => d.Date).ThenBy(d => d.CaregiverId, StringComparer.Ordinal)],
            [.. parts.SelectMany(p => p.Unscheduled).Select((u, k) => (u, k)).OrderBy(x => clientOrder[x.u.ClientId]).ThenBy(x => x.k).Select(x => x.u)]);
    }

    private static Roster SolvePart(RosterProblem problem, RosterSolverOptions options, PartOptions part, Action<string, int, int, long> progress, CancellationToken cancellationToken)
    {
        var clock = options.TimeProvider;
        var started = clock.GetTimestamp();
        var deadline = part.Budget;
        var state = new RosterState(problem);
        bool GoOn() => clock.GetElapsedTime(started) < deadline && !cancellationToken.IsCancellationRequested
            && (part.WorkLimit is not { } w || state.Timings < w);
        void Report(string phase) => progress(phase, state.ClientVisits.Sum(v => v.Count), state.TotalTravel, state.Timings);

        PlaceFixedVisits(state);
        var assignment = Assign(state, options, part, cancellationToken);
        Report($"assigned {assignment.Sum(a => a?.Days.Length ?? 0)}");

        var leftovers = BuildRoutes(state, assignment);
        Report("routed");
        InsertLeftovers(state, leftovers, cancellationToken);
        EjectionChains(state, GoOn);
        Report("repaired");

        var random = new Random(options.Seed);
        var improved = true;
        var stalled = 0;
        while (GoOn())
        {
            if (!improved)
            {
                // Local optimum: spend what is left on ruin-and-recreate around random clients, then polish again.
                // Each fruitless round widens the ruin (8, 12, 16, 20, 24 visits); five in a row mean the search has
                // stalled, so stop early and free the thread.
                improved = Perturb(state, options.ContinuityWeightMinutes, random, GoOn, 8 + (4 * stalled));
                stalled = improved ? 0 : stalled + 1;
                Report("lns");
                if (stalled >= 5)
                {
                    break;
                }

                continue;
            }

            improved = ImproveIntra(state, GoOn);
            improved |= ImproveInter(state, options.ContinuityWeightMinutes, random, GoOn);
            improved |= RelocateClients(state, GoOn);
            improved |= EliminateRoutes(state, options.ContinuityWeightMinutes, GoOn);
            Report("local search");
        }

        // The closing passes get a tenth more time and work, so a search stopped by its budget still ends tidy.
        var grace = deadline + TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(1).Ticks, deadline.Ticks / 10));
        var graceWork = part.WorkLimit is { } limit ? limit + Math.Max(1000, limit / 10) : long.MaxValue;
        bool Closing() => clock.GetElapsedTime(started) < grace && !cancellationToken.IsCancellationRequested && state.Timings < graceWork;
        InsertLeftovers(state, [], cancellationToken);
        EjectionChains(state, Closing);
        HonourPreferredTimes(state, Closing);
        Report("finished");
        return state.ToRoster(state.Unscheduled());
    }

    /// <summary>
    /// Preferences, the last level of the objective: a visit timed before the client's preferred window is held at the
    /// window's start when the day still times, travel does not grow, limits hold and the day meets more preferences
    /// than before. Returns how many visits moved.
    /// </summary>
    internal static int HonourPreferredTimes(RosterState state, Func<bool> goOn)
    {
        var moved = 0;
        foreach (var ((g, d), route) in state.Routes.OrderBy(r => r.Key.D).ThenBy(r => r.Key.G).ToArray())
        {
            if (!goOn())
            {
                break;
            }

            for (var k = 0; route.Timed is not null && k < route.Clients.Count; k++)
            {
                var c = route.Clients[k];
                var client = state.Clients[c];
                var visit = route.Timed.Day.Visits[k];
                if (client.PreferredWindow is not { } preferred || preferred.Contains(visit.Start, visit.End)
                    || state.IsPinned(c, d) || client.FixedVisits.Any(f => f.Date == state.Dates[d]))
                {
                    continue;
                }

                var window = client.WindowOn(state.Dates[d].DayOfWeek);
                var want = Math.Max(preferred.Start, window.Start);
                if (want <= visit.Start || want + client.MinutesPerVisit > Math.Min(preferred.End, window.End))
                {
                    // Already as early as the order allows, or the preferred window cannot hold the visit.
                    continue;
                }

                state.Pin(c, d, want);
                var timed = state.TimeSequence(g, d, route.Clients);
                if (timed is not null && timed.TravelMinutes <= route.Timed.TravelMinutes
                    && state.Weekly[g] - route.Timed.WorkedMinutes + timed.WorkedMinutes <= state.Caregivers[g].WeeklyMaxMinutes
                    && Misses(state, timed) < Misses(state, route.Timed))
                {
                    state.SetTimed(g, route, timed);
                    moved++;
                }
                else
                {
                    state.Unpin(c, d);
                }
            }
        }

        return moved;
    }

    private static int Misses(RosterState state, TimedDay day) =>
        day.Day.Visits.Count(v => state.Clients[state.ClientIndex[v.ClientId]].PreferredWindow is { } p && !p.Contains(v.Start, v.End));

    /// <summary>
    /// Ejection chains for visits still missing: make room on a caregiver-day by taking one of its visits out,
    /// insert the missing visit there, and move the ejected visit to any other feasible caregiver-day (or back into
    /// the same day in another order). Visits scheduled come first in the objective, so extra travel is accepted.
    /// </summary>
    internal static void EjectionChains(RosterState state, Func<bool> goOn, int maxCandidates = 24)
    {
        for (var c = 0; c < state.Clients.Length && goOn(); c++)
        {
            while (state.ClientVisits[c].Count < state.Clients[c].VisitsPerWeek && goOn() && state.Doable(c) && TryEject(state, c, maxCandidates, goOn))
            {
            }
        }
    }

    private static bool TryEject(RosterState state, int c, int maxCandidates, Func<bool> goOn)
    {
        for (var d = 0; d < 7; d++)
        {
            if (!state.SpacingOk(c, d))
            {
                continue;
            }

            foreach (var g in state.Candidates[c].Take(maxCandidates))
            {
                if (!goOn())
                {
                    return false;
                }

                var route = state.RouteOf(g, d);
                if (!state.Works(c, g, d) || route.Timed is null)
                {
                    continue;
                }

                foreach (var u in route.Clients.ToArray())
                {
                    if (state.Clients[u].FixedVisits.Any(f => f.Date == state.Dates[d]))
                    {
                        continue;
                    }

                    var before = (Clients: route.Clients.ToList(), route.Timed);
                    state.Remove(u, g, d);
                    if (state.BestInsertion(c, g, d) is { } ins)
                    {
                        state.Insert(c, g, d, ins.Position, ins.Timed);
                        if (state.CheapestPlacement(u, Enumerable.Range(0, 7).Where(d2 => state.SpacingOk(u, d2)), maxCandidates) is { } b)
                        {
                            state.Insert(u, b.G, b.D, b.Position, b.Timed);
                            return true;
                        }

                        state.ClientVisits[c].Remove((d, g));
                    }

                    state.Replace(g, route, before.Clients, before.Timed);
                    state.ClientVisits[u].Add((d, g));
                }
            }
        }

        return false;
    }

    internal static void PlaceFixedVisits(RosterState state)
    {
        for (var c = 0; c < state.Clients.Length; c++)
        {
            foreach (var f in state.Clients[c].FixedVisits)
            {
                var d = VisitSpacing.DayIndex(state.Problem.WeekStart, f.Date);
                if (d is < 0 or > 6 || !state.CaregiverIndex.TryGetValue(f.CaregiverId, out var g))
                {
                    continue;
                }

                if (state.BestInsertion(c, g, d) is { } ins)
                {
                    state.Insert(c, g, d, ins.Position, ins.Timed);
                }
            }
        }
    }

    /// <summary>CP-SAT per region: client → (caregiver, day pattern). Returns for each client the chosen caregiver and days, or null.</summary>
    private static (int G, int[] Days)?[] Assign(RosterState state, RosterSolverOptions options, PartOptions part, CancellationToken ct)
    {
        const int CandidatesPerClient = 3;
        var result = new (int G, int[] Days)?[state.Clients.Length];
        var free = Enumerable.Range(0, state.Clients.Length).Where(c => state.ClientVisits[c].Count == 0 && state.Clients[c].VisitsPerWeek > 0).ToArray();
        var regions = free.GroupBy(c => state.Clients[c].Region, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).ToArray();
        var total = Math.Max(1, free.Length);
        foreach (var region in regions)
        {
            if (ct.IsCancellationRequested)
            {
                break;
            }

            var model = new CpModel();
            var vars = new List<(int C, int G, int[] Days, BoolVar X)>();
            var objectiveVars = new List<BoolVar>();
            var objectiveCoefs = new List<long>();
            foreach (var c in region)
            {
                var client = state.Clients[c];
                var patterns = state.ClientPatterns[c];
                var perClient = new List<BoolVar>();
                for (var k = 0; k < Math.Min(CandidatesPerClient, state.Candidates[c].Length); k++)
                {
                    var g = state.Candidates[c][k];
                    foreach (var p in patterns.Where(p => p.All(d => state.Works(c, g, d))))
                    {
                        var x = model.NewBoolVar("");
                        vars.Add((c, g, p, x));
                        perClient.Add(x);
                        objectiveVars.Add(x);
                        var preferred = client.PreferredCaregivers.Contains(state.Caregivers[g].Id) ? 5 : 0;
                        var spread = VisitSpacing.MeetsPreference(p, client.VisitsPerWeek) ? 0 : 20;
                        objectiveCoefs.Add(((100_000L - (10L * state.ApproachMinutes[c][k]) + preferred) * p.Length) - spread);
                    }
                }

                if (perClient.Count > 0)
                {
                    model.AddAtMostOne(perClient);
                }
            }

            // Capacity per caregiver-day with a travel allowance; morning-only and afternoon-only load kept within their half-days.
            foreach (var group in vars.SelectMany(v => v.Days.Select(d => (v.G, D: d, v.C, v.X))).GroupBy(v => (v.G, v.D)))
            {
                var cg = state.Caregivers[group.Key.G];
                var items = group.ToArray();
                model.Add(LinearExpr.WeightedSum(items.Select(i => i.X), items.Select(i => (long)Load(state, i.C, i.G))) <= cg.DailyMaxMinutes - 20);
                var morning = items.Where(i => state.Clients[i.C].Window.End <= 12 * 60 + 30).ToArray();
                if (morning.Length > 0)
                {
                    model.Add(LinearExpr.WeightedSum(morning.Select(i => i.X), morning.Select(i => (long)Load(state, i.C, i.G))) <= 12 * 60 + 30 - cg.Shift.Start - 20);
                }

                var afternoon = items.Where(i => state.Clients[i.C].Window.Start >= 12 * 60).ToArray();
                if (afternoon.Length > 0)
                {
                    model.Add(LinearExpr.WeightedSum(afternoon.Select(i => i.X), afternoon.Select(i => (long)Load(state, i.C, i.G))) <= cg.Shift.End - 13 * 60 - 20);
                }
            }

            foreach (var group in vars.GroupBy(v => v.G))
            {
                var items = group.ToArray();
                model.Add(LinearExpr.WeightedSum(items.Select(i => i.X), items.Select(i => (long)Load(state, i.C, i.G) * i.Days.Length)) <= state.Caregivers[group.Key].WeeklyMaxMinutes - 30);
            }

            model.Maximize(LinearExpr.WeightedSum(objectiveVars, objectiveCoefs));
            var solver = new CpSolver
            {
                StringParameters = string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"max_time_in_seconds:{Math.Max(0.5, part.Budget.TotalSeconds * (part.WorkLimit is null ? 0.35 : 1.0) * region.Count() / total):0.###},num_workers:{part.CpSatWorkers},random_seed:{options.Seed}")
                    + (part.WorkLimit is { } w
                        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $",max_deterministic_time:{Math.Max(0.05, w * options.CpSatSecondsPerWork * region.Count() / total):0.###}")
                        : ""),
            };
            using var registration = ct.Register(solver.StopSearch);
            var status = solver.Solve(model);
            if (status is not (CpSolverStatus.Optimal or CpSolverStatus.Feasible))
            {
                continue;
            }

            foreach (var v in vars.Where(v => solver.BooleanValue(v.X)))
            {
                result[v.C] = (v.G, v.Days);
            }
        }

        return result;
    }

    /// <summary>Minutes one visit takes out of a caregiver's day: the visit plus an estimate of the travel it adds.</summary>
    private static int Load(RosterState state, int c, int g)
    {
        var k = Array.IndexOf(state.Candidates[c], g);
        var approach = state.ApproachMinutes[c][k];
        var sameLand = state.Problem.Network.SameLand(state.Caregivers[g].Home.Place, state.Clients[c].Location.Place);
        // Note: in a town a visit adds roughly the hop between neighbours, not the way from home; across water the crossing dominates.
        var travel = sameLand ? 4 + (Math.Min(approach, 30) / 2) : approach;
        return state.Clients[c].MinutesPerVisit + travel;
    }

    private static List<(int C, int Day)> BuildRoutes(RosterState state, (int G, int[] Days)?[] assignment)
    {
        var leftovers = new List<(int C, int Day)>();
        var perRoute = new SortedDictionary<(int G, int D), List<int>>();
        for (var c = 0; c < assignment.Length; c++)
        {
            if (assignment[c] is not { } a)
            {
                continue;
            }

            foreach (var d in a.Days)
            {
                if (!perRoute.TryGetValue((a.G, d), out var list))
                {
                    perRoute[(a.G, d)] = list = [];
                }

                list.Add(c);
            }
        }

        foreach (var ((g, d), list) in perRoute)
        {
            // Tightest windows first, then nearest: the cheap insertion order for short days.
            foreach (var c in list.OrderBy(c => state.Clients[c].WindowOn(state.Dates[d].DayOfWeek).End - state.Clients[c].WindowOn(state.Dates[d].DayOfWeek).Start)
                         .ThenBy(c => Array.IndexOf(state.Candidates[c], g)))
            {
                if (state.SpacingOk(c, d) && state.BestInsertion(c, g, d) is { } ins)
                {
                    state.Insert(c, g, d, ins.Position, ins.Timed);
                }
                else
                {
                    leftovers.Add((c, d));
                }
            }
        }

        return leftovers;
    }

    /// <summary>Re-inserts visits that did not fit: the intended day first, then any day that keeps the spread, cheapest insertion.</summary>
    internal static void InsertLeftovers(RosterState state, List<(int C, int Day)> leftovers, CancellationToken ct, int maxCandidates = 24)
    {
        var queue = new List<(int C, int Day)>(leftovers);
        var queued = leftovers.CountBy(q => q.C).ToDictionary();
        for (var c = 0; c < state.Clients.Length; c++)
        {
            var missing = state.Clients[c].VisitsPerWeek - state.ClientVisits[c].Count - queued.GetValueOrDefault(c);
            for (var k = 0; k < missing; k++)
            {
                queue.Add((c, -1));
            }
        }

        foreach (var (c, day) in queue)
        {
            if (ct.IsCancellationRequested || state.ClientVisits[c].Count >= state.Clients[c].VisitsPerWeek)
            {
                continue;
            }

            var intended = day >= 0 && state.SpacingOk(c, day);
            var best = state.CheapestPlacement(c, intended ? [day] : Enumerable.Range(0, 7).Where(d => state.SpacingOk(c, d)), maxCandidates);
            if (best is null && intended)
            {
                best = state.CheapestPlacement(c, Enumerable.Range(0, 7).Where(d => d != day && state.SpacingOk(c, d)), maxCandidates);
            }

            if (best is { } b)
            {
                state.Insert(c, b.G, b.D, b.Position, b.Timed);
            }
        }
    }

    /// <summary>Relocate and 2-opt inside each caregiver-day; returns whether anything improved.</summary>
    internal static bool ImproveIntra(RosterState state, Func<bool> goOn)
    {
        var any = false;
        foreach (var key in state.Routes.Keys.OrderBy(k => k.D).ThenBy(k => k.G).ToArray())
        {
            if (!goOn())
            {
                break;
            }

            var route = state.Routes[key];
            var improved = true;
            while (improved && route.Clients.Count >= 2 && route.Timed is not null)
            {
                improved = false;
                var n = route.Clients.Count;
                for (var i = 0; i < n && !improved; i++)
                {
                    for (var j = 0; j < n && !improved; j++)
                    {
                        if (i == j)
                        {
                            continue;
                        }

                        var seq = new List<int>(route.Clients);
                        var moved = seq[i];
                        seq.RemoveAt(i);
                        seq.Insert(j, moved);
                        improved = TryAccept(state, key, route, seq);
                        if (!improved && j > i + 1)
                        {
                            var rev = new List<int>(route.Clients);
                            rev.Reverse(i, j - i + 1);
                            improved = TryAccept(state, key, route, rev);
                        }
                    }
                }

                any |= improved;
            }
        }

        return any;
    }

    private static bool TryAccept(RosterState state, (int G, int D) key, RosterState.Route route, List<int> seq)
    {
        if (state.LandTravel(key.G, seq) is { } land && land >= route.Timed!.TravelMinutes)
        {
            // On one land mass travel does not depend on the time of day: no need to time an order that is not shorter.
            return false;
        }

        var timed = state.TimeSequence(key.G, key.D, seq);
        if (timed is null || timed.TravelMinutes >= route.Timed!.TravelMinutes
            || state.Weekly[key.G] - route.Timed.WorkedMinutes + timed.WorkedMinutes > state.Caregivers[key.G].WeeklyMaxMinutes)
        {
            return false;
        }

        state.Replace(key.G, route, seq, timed);
        return true;
    }

    /// <summary>Moves single visits to another caregiver and/or another day that keeps the spread rule, when travel drops by more than the continuity it costs.</summary>
    internal static bool ImproveInter(RosterState state, int continuityWeight, Random random, Func<bool> goOn, bool moveDays = true)
    {
        const int Neighbours = 10;
        var any = false;
        var visits = state.Routes.OrderBy(r => r.Key.D).ThenBy(r => r.Key.G)
            .SelectMany(r => r.Value.Clients.Select(c => (C: c, r.Key.G, r.Key.D))).ToArray();
        random.Shuffle(visits);
        foreach (var (c, g, d) in visits)
        {
            if (!goOn())
            {
                break;
            }

            if (state.Clients[c].FixedVisits.Any(f => f.Date == state.Dates[d]))
            {
                continue;
            }

            var from = state.RouteOf(g, d);
            if (!from.Clients.Contains(c) || from.Timed is null)
            {
                continue;
            }

            var rest = from.Clients.Where(x => x != c).ToList();
            // Timing what is left is deferred: on one land mass the travel saved is exact without it.
            TimedDay? restTimed = null;
            var restKnown = false;
            TimedDay? RestTimed()
            {
                if (!restKnown)
                {
                    restTimed = rest.Count == 0 ? null : state.TimeSequence(g, d, rest);
                    restKnown = true;
                }

                return restTimed;
            }

            int removal;
            if (state.LandTravel(g, rest) is { } landRest && state.LandTravel(g, from.Clients) is not null)
            {
                removal = landRest - from.Timed.TravelMinutes;
            }
            else if (rest.Count > 0 && RestTimed() is null)
            {
                continue;
            }
            else
            {
                removal = (restTimed?.TravelMinutes ?? 0) - from.Timed.TravelMinutes;
            }

            var servedBy = state.ClientVisits[c].Select(v => v.G).ToArray();
            var losesG = servedBy.Count(x => x == g) == 1;
            (int Total, int G2, int D2, int Position, TimedDay Timed)? best = null;
            // Take the visit out of the bookkeeping while probing, so the spread check sees the other days only.
            state.ClientVisits[c].Remove((d, g));
            var days = Enumerable.Range(0, 7).Where(d2 => d2 == d || (moveDays && state.SpacingOk(c, d2))).ToArray();
            foreach (var g2 in state.Candidates[c].Take(Neighbours))
            {
                var continuity = g2 == g ? 0 : (servedBy.Contains(g2) ? 0 : 1) - (losesG ? 1 : 0);
                foreach (var d2 in days)
                {
                    if (g2 == g && d2 == d)
                    {
                        continue;
                    }

                    var target = state.RouteOf(g2, d2);
                    if (g2 == g && target.Timed is null)
                    {
                        // Opening a new day for the same caregiver rarely pays; skip to keep the pass short.
                        continue;
                    }

                    TimedDay? saved = null;
                    if (g2 == g)
                    {
                        // Same caregiver, other day: her weekly minutes must be judged without this visit's day as it is now.
                        if (rest.Count > 0 && RestTimed() is null)
                        {
                            continue;
                        }

                        saved = from.Timed;
                        state.SetTimed(g, from, restTimed);
                    }

                    // Only moves that beat both "no move" and the best move so far are of interest; a move that costs
                    // nothing is still worth it when it evens out the two caregivers' weeks (workload balance ranks next).
                    var evens = best is null && g2 != g && state.Weekly[g] > state.Weekly[g2] + state.Clients[c].MinutesPerVisit;
                    var bound = Math.Min(0, best?.Total ?? 0) - removal - (continuity * continuityWeight) + (evens ? 1 : 0);
                    var ins = state.BestInsertion(c, g2, d2, bound);
                    if (saved is not null)
                    {
                        state.SetTimed(g, from, saved);
                    }

                    if (ins is not { } i)
                    {
                        continue;
                    }

                    var total = removal + i.Delta + continuity * continuityWeight;
                    if (total < 0 && (best is null || total < best.Value.Total))
                    {
                        best = (total, g2, d2, i.Position, i.Timed);
                    }
                    else if (total == 0 && evens && best is null && (rest.Count == 0 || RestTimed() is not null))
                    {
                        long mine = state.Weekly[g], theirs = state.Weekly[g2];
                        var w1 = from.Timed.WorkedMinutes - (restTimed?.WorkedMinutes ?? 0);
                        var w2 = i.Timed.WorkedMinutes - (target.Timed?.WorkedMinutes ?? 0);
                        if (((mine - w1) * (mine - w1)) + ((theirs + w2) * (theirs + w2)) < (mine * mine) + (theirs * theirs))
                        {
                            best = (0, g2, d2, i.Position, i.Timed);
                        }
                    }
                }
            }

            if (best is not null && rest.Count > 0 && RestTimed() is null)
            {
                best = null;
            }

            state.ClientVisits[c].Add((d, g));
            if (best is { } b)
            {
                var fromBefore = (Clients: from.Clients.ToList(), from.Timed);
                from.Clients.Remove(c);
                state.SetTimed(g, from, restTimed);
                state.ClientVisits[c].Remove((d, g));
                if (b.G2 == g && b.D2 != d)
                {
                    // The target route was timed against the old weekly total; re-time to be exact.
                    var again = state.BestInsertion(c, b.G2, b.D2);
                    if (again is { } a)
                    {
                        state.Insert(c, b.G2, b.D2, a.Position, a.Timed);
                    }
                    else
                    {
                        // Put the day back exactly as it was.
                        state.Replace(g, from, fromBefore.Clients, fromBefore.Timed);
                        state.ClientVisits[c].Add((d, g));
                        continue;
                    }
                }
                else
                {
                    state.Insert(c, b.G2, b.D2, b.Position, b.Timed);
                }

                any = true;
            }
        }

        return any;
    }

    /// <summary>
    /// Client relocate: hands all of a client's visits from her one caregiver to another on the same days, when that
    /// cuts travel. Single-visit moves cannot see this (the first move costs continuity, only the last one pays it back).
    /// Deltas are estimated without touching the roster; a promising move is applied and kept only if it really pays.
    /// </summary>
    internal static bool RelocateClients(RosterState state, Func<bool> goOn)
    {
        const int Neighbours = 8;
        var any = false;
        for (var c = 0; c < state.Clients.Length && goOn(); c++)
        {
            var visits = state.ClientVisits[c].ToArray();
            if (visits.Length == 0 || visits.Any(v => v.G != visits[0].G) || state.Clients[c].FixedVisits.Count > 0)
            {
                continue;
            }

            var g = visits[0].G;
            var removal = 0;
            var known = true;
            foreach (var (d, _) in visits)
            {
                var from = state.RouteOf(g, d);
                var rest = from.Clients.Where(x => x != c).ToList();
                if (from.Timed is null || state.LandTravel(g, from.Clients) is null || state.LandTravel(g, rest) is not { } r)
                {
                    known = false;
                    break;
                }

                removal += r - from.Timed.TravelMinutes;
            }

            if (!known)
            {
                continue;
            }

            foreach (var g2 in state.Candidates[c].Take(Neighbours))
            {
                if (g2 == g)
                {
                    continue;
                }

                var added = 0;
                var worked = 0;
                var ok = true;
                foreach (var (d, _) in visits)
                {
                    if (state.BestInsertion(c, g2, d, -removal - added) is not { } ins)
                    {
                        ok = false;
                        break;
                    }

                    added += ins.Delta;
                    worked += ins.Timed.WorkedMinutes - (state.RouteOf(g2, d).Timed?.WorkedMinutes ?? 0);
                }

                if (!ok || removal + added >= 0 || state.Weekly[g2] + worked > state.Caregivers[g2].WeeklyMaxMinutes)
                {
                    continue;
                }

                if (MoveAll(state, c, g, g2, [.. visits.Select(v => v.D)]))
                {
                    any = true;
                    break;
                }
            }
        }

        return any;
    }

    /// <summary>Moves client c's visits on the given days from g to g2; restores everything and returns false if one does not fit.</summary>
    private static bool MoveAll(RosterState state, int c, int g, int g2, int[] days)
    {
        var undo = new Dictionary<(int G, int D), (List<int> Clients, TimedDay? Timed)>();
        foreach (var d in days)
        {
            foreach (var who in new[] { g, g2 })
            {
                var r = state.RouteOf(who, d);
                undo.TryAdd((who, d), ([.. r.Clients], r.Timed));
            }
        }

        var before = state.TotalTravel;
        var placed = new List<(int C, int G, int D)>();
        var removed = days.Select(d => (c, g, d)).ToArray();
        foreach (var d in days)
        {
            state.Remove(c, g, d);
        }

        foreach (var d in days)
        {
            if (state.BestInsertion(c, g2, d) is not { } ins)
            {
                Restore(state, undo, placed, removed);
                return false;
            }

            state.Insert(c, g2, d, ins.Position, ins.Timed);
            placed.Add((c, g2, d));
        }

        if (state.TotalTravel >= before)
        {
            Restore(state, undo, placed, removed);
            return false;
        }

        return true;
    }

    /// <summary>
    /// Ruin and recreate one caregiver-day at a time: empty it, re-insert its visits elsewhere (other caregivers that day,
    /// or other days that keep the spread), keep the result only if travel plus continuity cost drops. A day emptied
    /// saves both legs from and to home, which single-visit moves cannot see.
    /// </summary>
    internal static bool EliminateRoutes(RosterState state, int continuityWeight, Func<bool> goOn)
    {
        var any = false;
        var keys = state.Routes.Where(r => r.Value.Clients.Count is > 0 and <= 4 && r.Value.Timed is not null)
            .OrderBy(r => r.Value.Clients.Count).ThenBy(r => r.Key.D).ThenBy(r => r.Key.G).Select(r => r.Key).ToArray();
        foreach (var key in keys)
        {
            if (!goOn())
            {
                break;
            }

            var route = state.Routes[key];
            if (route.Clients.Count > 0 && route.Timed is not null)
            {
                any |= RuinRecreate(state, [.. route.Clients.Select(c => (c, key.G, key.D))], continuityWeight, null, forbid: key);
            }
        }

        return any;
    }

    /// <summary>
    /// Large-neighbourhood search for the rest of the budget: remove the visits of one day around a random client
    /// (her nearest neighbours, whoever serves them) and re-insert them in random order; keep only improvements.
    /// </summary>
    internal static bool Perturb(RosterState state, int continuityWeight, Random random, Func<bool> goOn, int cluster = 8)
    {
        var any = false;
        var byDay = new List<(int C, int G)>[7];
        for (var d = 0; d < 7; d++)
        {
            byDay[d] = [];
        }

        foreach (var ((g, d), route) in state.Routes.OrderBy(r => r.Key.D).ThenBy(r => r.Key.G))
        {
            byDay[d].AddRange(route.Clients.Select(c => (c, g)));
        }

        for (var round = 0; round < 400 && goOn(); round++)
        {
            var d = random.Next(7);
            if (byDay[d].Count == 0)
            {
                continue;
            }

            var (c0, _) = byDay[d][random.Next(byDay[d].Count)];
            var here = state.Clients[c0].Location;
            var land = state.Problem.Network.Land;
            var chosen = byDay[d]
                .Where(x => state.Clients[x.C].Region == state.Clients[c0].Region && state.RouteOf(x.G, d).Clients.Contains(x.C)
                    && state.Clients[x.C].FixedVisits.Count == 0 && state.Problem.Network.SameLand(here.Place, state.Clients[x.C].Location.Place))
                .OrderBy(x => land.LandMinutes(here, state.Clients[x.C].Location)).ThenBy(x => x.C).Take(cluster)
                .Select(x => (x.C, x.G, d)).ToArray();
            if (chosen.Length > 1 && RuinRecreate(state, chosen, continuityWeight, random, forbid: null))
            {
                any = true;
                for (var k = 0; k < 7; k++)
                {
                    byDay[k].Clear();
                }

                foreach (var ((g, dd), route) in state.Routes.OrderBy(r => r.Key.D).ThenBy(r => r.Key.G))
                {
                    byDay[dd].AddRange(route.Clients.Select(c => (c, g)));
                }
            }
        }

        return any;
    }

    private static bool RuinRecreate(RosterState state, (int C, int G, int D)[] visits, int continuityWeight, Random? random, (int G, int D)? forbid)
    {
        const int Neighbours = 10;
        var undo = new Dictionary<(int G, int D), (List<int> Clients, TimedDay? Timed)>();
        void Save((int G, int D) k)
        {
            if (!undo.ContainsKey(k))
            {
                var r = state.RouteOf(k.G, k.D);
                undo[k] = ([.. r.Clients], r.Timed);
            }
        }

        var clients = visits.Select(v => v.C).Distinct().ToArray();
        var before = state.TotalTravel + continuityWeight * Continuity(state, clients);
        var opened = new HashSet<(int G, int D)>();
        var removedSoFar = new List<(int C, int G, int D)>();
        foreach (var group in visits.GroupBy(v => (v.G, v.D)))
        {
            Save(group.Key);
            var r = state.RouteOf(group.Key.G, group.Key.D);
            foreach (var v in group)
            {
                r.Clients.Remove(v.C);
                state.ClientVisits[v.C].Remove((v.D, v.G));
            }

            removedSoFar.AddRange(group);
            var timed = r.Clients.Count == 0 ? null : state.TimeSequence(group.Key.G, group.Key.D, r.Clients);
            if (r.Clients.Count > 0 && timed is null)
            {
                // Removing visits should never break a day, but the timer has the last word.
                Restore(state, undo, [], [.. removedSoFar]);
                return false;
            }

            state.SetTimed(group.Key.G, r, timed);
            opened.Add(group.Key);
        }

        var order = visits.ToArray();
        random?.Shuffle(order);
        var placed = new List<(int C, int G, int D)>();
        foreach (var (c, _, _) in order)
        {
            (int Cost, int G, int D, int Position, TimedDay Timed)? best = null;
            var servedBy = state.ClientVisits[c].Select(v => v.G).ToHashSet();
            foreach (var g2 in state.Candidates[c].Take(Neighbours))
            {
                for (var d2 = 0; d2 < 7; d2++)
                {
                    if ((g2, d2) == forbid || !state.SpacingOk(c, d2) || (state.RouteOf(g2, d2).Timed is null && !opened.Contains((g2, d2))))
                    {
                        continue;
                    }

                    var extra = servedBy.Contains(g2) ? 0 : continuityWeight;
                    if (state.BestInsertion(c, g2, d2, best is null ? int.MaxValue : best.Value.Cost - extra) is { } ins)
                    {
                        var cost = ins.Delta + extra;
                        if (best is null || cost < best.Value.Cost)
                        {
                            best = (cost, g2, d2, ins.Position, ins.Timed);
                        }
                    }
                }
            }

            if (best is not { } b)
            {
                Restore(state, undo, placed, visits);
                return false;
            }

            Save((b.G, b.D));
            state.Insert(c, b.G, b.D, b.Position, b.Timed);
            placed.Add((c, b.G, b.D));
        }

        var after = state.TotalTravel + continuityWeight * Continuity(state, clients);
        if (after < before)
        {
            return true;
        }

        Restore(state, undo, placed, visits);
        return false;
    }

    private static void Restore(RosterState state, Dictionary<(int G, int D), (List<int> Clients, TimedDay? Timed)> undo, List<(int C, int G, int D)> placed, (int C, int G, int D)[] removed)
    {
        foreach (var (c, g, d) in placed)
        {
            state.ClientVisits[c].Remove((d, g));
        }

        foreach (var (k, (clients, timed)) in undo)
        {
            state.Replace(k.G, state.RouteOf(k.G, k.D), clients, timed);
        }

        foreach (var (c, g, d) in removed)
        {
            state.ClientVisits[c].Add((d, g));
        }
    }

    private static int Continuity(RosterState state, IEnumerable<int> clients) =>
        clients.Distinct().Sum(c => state.ClientVisits[c].Select(v => v.G).Distinct().Count());
}
