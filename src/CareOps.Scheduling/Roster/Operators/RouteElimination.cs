namespace CareOps.Scheduling.Roster.Operators;

/// <summary>Local search: ruin and recreate of whole short caregiver-days (an emptied day saves both home legs).</summary>
internal static class RouteElimination
{
    /// <summary>
    /// Ruin and recreate one caregiver-day at a time: empty it, re-insert its visits elsewhere (other caregivers that day,
    /// or other days that keep the spread), keep the result only if travel plus continuity cost drops. A day emptied
    /// saves both legs from and to home, which single-visit moves cannot see.
    /// </summary>
    internal static bool Improve(RosterState state, int continuityWeight, Func<bool> goOn)
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
                any |= RuinRecreate.Try(state, [.. route.Clients.Select(c => (c, key.G, key.D))], continuityWeight, null, forbid: key);
            }
        }

        return any;
    }
}
