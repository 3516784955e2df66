namespace CareOps.Scheduling.Roster.Operators;

/// <summary>Step 4 of docs/adr/0102-roster-solver.md: leftovers and missing visits go to the cheapest feasible caregiver-day.</summary>
internal static class Reinsertion
{
    /// <summary>Re-inserts visits that did not fit: the intended day first, then any day that keeps the spread, cheapest insertion.</summary>
    internal static void Insert(RosterState state, List<(int C, int Day)> leftovers, CancellationToken ct, int maxCandidates = 24)
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
}
