namespace CareOps.Scheduling.Roster.Operators;

/// <summary>Closing pass: the last level of the objective, clients' preferred times of day.</summary>
internal static class PreferredTimes
{
    /// <summary>
    /// Preferences, the last level of the objective: a visit timed before the client's preferred window is held at the
    /// window's start when the day still times, travel does not grow, limits hold and the day meets more preferences
    /// than before. Returns how many visits moved.
    /// </summary>
    internal static int Honour(RosterState state, Func<bool> goOn)
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
}
