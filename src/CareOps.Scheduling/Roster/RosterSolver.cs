using CareOps.Scheduling.Roster.Operators;

namespace CareOps.Scheduling.Roster;

/// <summary>
/// The weekly roster solver (docs/adr/0102-roster-solver.md): CP-SAT assigns each client a caregiver and a
/// spread day pattern per region under skills, certificates, working days and capacity with a travel allowance;
/// then each caregiver-day is ordered and timed exactly with ferries; visits that do not fit are re-inserted;
/// local search (intra-route relocate / 2-opt, inter-route relocate, ruin-and-recreate, ejection chains) cuts travel
/// and fills what is still missing. Regions are solved in parallel. This class is the driver: each step is an
/// operator in <c>Roster/Operators/</c>, called in the order of the ADR.
/// </summary>
public static class RosterSolver
{
    /// <summary>Solves the problem.</summary>
    public static RosterResult Solve(RosterProblem problem, RosterSolverOptions options, CancellationToken cancellationToken = default)
    {
        var clock = options.TimeProvider;
        var started = clock.GetTimestamp();
        TimeSpan Elapsed() => clock.GetElapsedTime(started);
        var parts = Regions.Split(problem);
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

        var roster = Regions.Merge(problem, results);
        options.Progress?.Invoke(new RosterProgress(Elapsed(), "done", roster.VisitCount, roster.Days.Sum(d => d.Legs.Sum(l => l.Arrive - l.Depart)), work.Sum()));
        return new RosterResult(roster, RosterScore.Of(problem, roster), Elapsed(), work.Sum());
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

        // Steps 1–2: fixed visits, then CP-SAT's caregiver and day pattern per client.
        FixedVisits.Place(state);
        var assignment = CpSatAssignment.Assign(state, options, part, cancellationToken);
        Report($"assigned {assignment.Sum(a => a?.Days.Length ?? 0)}");

        // Steps 3–4: build and time each caregiver-day, re-insert what did not fit, eject to make room.
        var leftovers = RouteConstruction.Build(state, assignment);
        Report("routed");
        Reinsertion.Insert(state, leftovers, cancellationToken);
        EjectionChains.Run(state, GoOn);
        Report("repaired");

        // Step 5: local search until the budget, with a widening ruin at each local optimum.
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
                improved = ClusterRuin.Improve(state, options.ContinuityWeightMinutes, random, GoOn, 8 + (4 * stalled));
                stalled = improved ? 0 : stalled + 1;
                Report("lns");
                if (stalled >= 5)
                {
                    break;
                }

                continue;
            }

            improved = IntraRoute.Improve(state, GoOn);
            improved |= VisitRelocate.Improve(state, options.ContinuityWeightMinutes, random, GoOn);
            improved |= ClientRelocate.Improve(state, GoOn);
            improved |= RouteElimination.Improve(state, options.ContinuityWeightMinutes, GoOn);
            Report("local search");
        }

        // Step 6: the closing passes get a tenth more time and work, so a search stopped by its budget still ends tidy.
        var grace = deadline + TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(1).Ticks, deadline.Ticks / 10));
        var graceWork = part.WorkLimit is { } limit ? limit + Math.Max(1000, limit / 10) : long.MaxValue;
        bool Closing() => clock.GetElapsedTime(started) < grace && !cancellationToken.IsCancellationRequested && state.Timings < graceWork;
        Reinsertion.Insert(state, [], cancellationToken);
        EjectionChains.Run(state, Closing);
        PreferredTimes.Honour(state, Closing);
        Report("finished");
        return state.ToRoster(state.Unscheduled());
    }
}

/// <summary>One region's share of the budget: wall time, work and CP-SAT workers.</summary>
internal sealed record PartOptions(TimeSpan Budget, long? WorkLimit, int CpSatWorkers);
