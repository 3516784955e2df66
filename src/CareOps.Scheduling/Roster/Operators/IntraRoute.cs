namespace CareOps.Scheduling.Roster.Operators;

/// <summary>Local search inside one caregiver-day: relocate and 2-opt of its visit order.</summary>
internal static class IntraRoute
{
    /// <summary>Relocate and 2-opt inside each caregiver-day; returns whether anything improved.</summary>
    internal static bool Improve(RosterState state, Func<bool> goOn)
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
}
