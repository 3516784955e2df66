using CareOps.Scheduling.Roster.Operators;

namespace CareOps.Scheduling.Roster;

/// <summary>How a visit changed between the published and the repaired roster.</summary>
public enum ChangeKind
{
    /// <summary>Same client and purpose, another caregiver, date or start time.</summary>
    Moved,

    /// <summary>The visit is gone (cancelled client, or it could not be kept).</summary>
    Removed,

    /// <summary>A visit that was not in the published roster.</summary>
    Added,
}

/// <summary>A visit's position in a roster: who, when.</summary>
/// <param name="CaregiverId">Caregiver.</param>
/// <param name="Date">Date.</param>
/// <param name="Start">Start, minutes after midnight.</param>
public sealed record VisitSlot(string CaregiverId, DateOnly Date, int Start);

/// <summary>One change made by repair.</summary>
/// <param name="ClientId">Whose visit.</param>
/// <param name="Kind">What happened.</param>
/// <param name="Before">Where it was, if it existed.</param>
/// <param name="After">Where it is now, if it exists.</param>
public sealed record RosterChange(string ClientId, ChangeKind Kind, VisitSlot? Before, VisitSlot? After);

/// <summary>The repaired roster, the problem it now answers, and what changed.</summary>
/// <param name="Problem">The problem with the disruption applied.</param>
/// <param name="Roster">The repaired roster.</param>
/// <param name="Changes">Every visit that moved, vanished or appeared.</param>
/// <param name="Elapsed">Time taken.</param>
public sealed record RepairResult(RosterProblem Problem, Roster Roster, IReadOnlyList<RosterChange> Changes, TimeSpan Elapsed);

/// <summary>
/// Repairs a published roster after a disruption while keeping every unaffected visit where it was: routes
/// that still time correctly are kept in their order; only visits that lost their caregiver, their sailing or
/// their client move, and re-insertion prefers the same day and positions that shift no other visit.
/// </summary>
public static class RosterRepair
{
    /// <summary>Applies the disruption to the problem.</summary>
    public static RosterProblem Apply(RosterProblem problem, RosterDisruption disruption)
    {
        var unavailable = disruption.CaregiverUnavailable.GroupBy(u => u.CaregiverId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.SelectMany(x => x.Dates).ToHashSet(), StringComparer.Ordinal);
        var cancelled = disruption.ClientsCancelled.ToHashSet(StringComparer.Ordinal);
        return new RosterProblem
        {
            WeekStart = problem.WeekStart,
            Network = disruption.FerrySuspended.Count == 0 ? problem.Network : problem.Network.WithSuspensions(disruption.FerrySuspended),
            Caregivers = [.. problem.Caregivers.Select(c => unavailable.TryGetValue(c.Id, out var dates)
                ? new RosterCaregiver
                {
                    Id = c.Id, Name = c.Name, Home = c.Home, Region = c.Region, WorkingDays = c.WorkingDays, Shift = c.Shift,
                    LunchWindow = c.LunchWindow, LunchMinutes = c.LunchMinutes, DailyMaxMinutes = c.DailyMaxMinutes,
                    WeeklyMaxMinutes = c.WeeklyMaxMinutes, Skill = c.Skill, CertificateValidUntil = c.CertificateValidUntil,
                    UnavailableDates = c.UnavailableDates.Concat(dates).ToHashSet(),
                }
                : c)],
            Clients = [.. problem.Clients.Where(c => !cancelled.Contains(c.Id)).Concat(disruption.ClientsAdded)],
        };
    }

    /// <summary>Repairs <paramref name="published"/> after <paramref name="disruption"/>.</summary>
    /// <param name="problem">The problem the published roster answers.</param>
    /// <param name="published">The roster to repair.</param>
    /// <param name="disruption">What changed.</param>
    /// <param name="clock">Measures <see cref="RepairResult.Elapsed"/>; the caller's, the library reads no clock of its own.</param>
    /// <param name="cancellationToken">Stops the re-insertion early (the roster stays valid).</param>
    public static RepairResult Repair(RosterProblem problem, Roster published, RosterDisruption disruption, TimeProvider clock, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clock);
        var started = clock.GetTimestamp();
        var after = Apply(problem, disruption);
        var state = new RosterState(after);
        var freed = new List<(int C, int Day)>();

        foreach (var day in published.Days.OrderBy(d => d.Date).ThenBy(d => d.CaregiverId, StringComparer.Ordinal))
        {
            var d = VisitSpacing.DayIndex(after.WeekStart, day.Date);
            var clients = day.Visits.Where(v => state.ClientIndex.ContainsKey(v.ClientId)).Select(v => state.ClientIndex[v.ClientId]).ToList();
            if (!state.CaregiverIndex.TryGetValue(day.CaregiverId, out var g) || d is < 0 or > 6 || !state.Caregivers[g].Works(day.Date))
            {
                freed.AddRange(clients.Select(c => (c, d)));
                continue;
            }

            // Note: drop from the end until the day times again (a suspended sailing usually breaks the crossing and what follows it).
            var keep = clients.Where(c => state.Works(c, g, d)).ToList();
            freed.AddRange(clients.Except(keep).Select(c => (c, d)));
            var held = day.Visits.Where(v => state.ClientIndex.ContainsKey(v.ClientId)).ToDictionary(v => state.ClientIndex[v.ClientId], v => v.Start);
            TimedDay? timed = null;
            while (keep.Count > 0)
            {
                // Held times first; if the day no longer works with them, let it re-time; only then drop a visit.
                foreach (var c in keep)
                {
                    state.Pin(c, d, held[c]);
                }

                if ((timed = state.TimeSequence(g, d, keep)) is not null)
                {
                    break;
                }

                foreach (var c in keep)
                {
                    state.Unpin(c, d);
                }

                if ((timed = state.TimeSequence(g, d, keep)) is not null)
                {
                    break;
                }

                var drop = DropCandidate(state, g, keep);
                keep.Remove(drop);
                freed.Add((drop, d));
            }

            if (timed is null)
            {
                continue;
            }

            state.Replace(g, state.RouteOf(g, d), keep, timed);
            foreach (var c in keep)
            {
                state.ClientVisits[c].Add((d, g));
            }
        }

        // New clients (and any visit the published roster lacked) join the queue with no preferred day.
        for (var c = 0; c < state.Clients.Length; c++)
        {
            var missing = state.Clients[c].VisitsPerWeek - state.ClientVisits[c].Count - freed.Count(f => f.C == c);
            freed.AddRange(Enumerable.Repeat((c, -1), Math.Max(0, missing)));
        }

        // First into gaps that move nobody (published visits hold their times), then wherever it fits.
        ReinsertStable(state, freed, cancellationToken);
        state.ClearPins();
        ReinsertStable(state, freed, cancellationToken);
        Reinsertion.Insert(state, [], cancellationToken, maxCandidates: 40);
        // Last resort before giving a visit up: move one published visit to make room (an ejection chain).
        EjectionChains.Run(state, () => !cancellationToken.IsCancellationRequested);
        var roster = state.ToRoster(state.Unscheduled());
        return new RepairResult(after, roster, Diff(published, roster), clock.GetElapsedTime(started));
    }

    private static int DropCandidate(RosterState state, int g, List<int> keep)
    {
        // Prefer dropping a visit across water (the likely victim of a suspension), else the last one.
        var home = state.Caregivers[g].Home.Place;
        var across = keep.LastOrDefault(c => !state.Problem.Network.SameLand(home, state.Clients[c].Location.Place), -1);
        return across >= 0 ? across : keep[^1];
    }

    private static void ReinsertStable(RosterState state, List<(int C, int Day)> freed, CancellationToken ct)
    {
        const int ShiftPenalty = 30;
        foreach (var (c, day) in freed)
        {
            if (ct.IsCancellationRequested || state.ClientVisits[c].Count >= state.Clients[c].VisitsPerWeek)
            {
                continue;
            }

            (int Cost, int G, int D, int Position, TimedDay Timed)? best = null;
            var days = day is >= 0 and <= 6 && state.SpacingOk(c, day) ? new[] { day } : [.. Enumerable.Range(0, 7).Where(d => state.SpacingOk(c, d))];
            foreach (var d in days)
            {
                foreach (var g in state.Candidates[c].Take(40))
                {
                    if (state.BestInsertion(c, g, d) is not { } ins)
                    {
                        continue;
                    }

                    var before = state.RouteOf(g, d).Timed?.Day.Visits ?? [];
                    var shifted = before.Count(v => ins.Timed.Day.Visits.FirstOrDefault(x => x.ClientId == v.ClientId) is not { } w || w.Start != v.Start);
                    var cost = ins.Delta + ShiftPenalty * shifted + (d == day ? 0 : 60);
                    if (best is null || cost < best.Value.Cost)
                    {
                        best = (cost, g, d, ins.Position, ins.Timed);
                    }
                }
            }

            if (best is { } b)
            {
                state.Insert(c, b.G, b.D, b.Position, b.Timed);
            }
        }
    }

    /// <summary>Visit-level differences between two rosters (a client has at most one visit a day).</summary>
    public static List<RosterChange> Diff(Roster before, Roster after)
    {
        static Dictionary<(string, DateOnly), VisitSlot> Index(Roster r) =>
            r.Days.SelectMany(d => d.Visits.Select(v => (Key: (v.ClientId, d.Date), Slot: new VisitSlot(d.CaregiverId, d.Date, v.Start))))
                .GroupBy(x => x.Key).ToDictionary(g => g.Key, g => g.First().Slot);
        var a = Index(before);
        var b = Index(after);
        var changes = new List<RosterChange>();
        var unmatchedBefore = a.Where(kv => !b.ContainsKey(kv.Key)).ToList();
        var unmatchedAfter = b.Where(kv => !a.ContainsKey(kv.Key)).ToList();
        foreach (var (key, slot) in a.Where(kv => b.ContainsKey(kv.Key)))
        {
            if (b[key] != slot)
            {
                changes.Add(new RosterChange(key.Item1, ChangeKind.Moved, slot, b[key]));
            }
        }

        // A visit that changed date shows up on both sides: pair them per client.
        foreach (var group in unmatchedBefore.GroupBy(kv => kv.Key.Item1, StringComparer.Ordinal))
        {
            var targets = unmatchedAfter.Where(kv => kv.Key.Item1 == group.Key).ToList();
            foreach (var (key, slot) in group)
            {
                if (targets.Count > 0)
                {
                    changes.Add(new RosterChange(key.Item1, ChangeKind.Moved, slot, targets[0].Value));
                    unmatchedAfter.Remove(targets[0]);
                    targets.RemoveAt(0);
                }
                else
                {
                    changes.Add(new RosterChange(key.Item1, ChangeKind.Removed, slot, null));
                }
            }
        }

        changes.AddRange(unmatchedAfter.Select(kv => new RosterChange(kv.Key.Item1, ChangeKind.Added, null, kv.Value)));
        return changes;
    }
}
