namespace CareOps.Scheduling.Roster.Operators;

/// <summary>Local search: all of a client's visits handed to another caregiver at once.</summary>
internal static class ClientRelocate
{
    /// <summary>
    /// Client relocate: hands all of a client's visits from her one caregiver to another on the same days, when that
    /// cuts travel. Single-visit moves cannot see this (the first move costs continuity, only the last one pays it back).
    /// Deltas are estimated without touching the roster; a promising move is applied and kept only if it really pays.
    /// </summary>
    internal static bool Improve(RosterState state, Func<bool> goOn)
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
                Undo.Restore(state, undo, placed, removed);
                return false;
            }

            state.Insert(c, g2, d, ins.Position, ins.Timed);
            placed.Add((c, g2, d));
        }

        if (state.TotalTravel >= before)
        {
            Undo.Restore(state, undo, placed, removed);
            return false;
        }

        return true;
    }
}
