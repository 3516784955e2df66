namespace CareOps.Scheduling.Roster.Operators;

/// <summary>
/// Step 3 of docs/adr/0102-roster-solver.md: each assigned caregiver-day is built by cheapest insertion and timed exactly;
/// what does not fit is handed back as leftovers.
/// </summary>
internal static class RouteConstruction
{
    internal static List<(int C, int Day)> Build(RosterState state, (int G, int[] Days)?[] assignment)
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
}
