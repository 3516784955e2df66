namespace CareOps.Scheduling.Roster.Operators;

/// <summary>Visits still missing get room by moving one visit of a full caregiver-day elsewhere (docs/adr/0102-roster-solver.md).</summary>
internal static class EjectionChains
{
    /// <summary>
    /// Ejection chains for visits still missing: make room on a caregiver-day by taking one of its visits out,
    /// insert the missing visit there, and move the ejected visit to any other feasible caregiver-day (or back into
    /// the same day in another order). Visits scheduled come first in the objective, so extra travel is accepted.
    /// </summary>
    internal static void Run(RosterState state, Func<bool> goOn, int maxCandidates = 24)
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
}
