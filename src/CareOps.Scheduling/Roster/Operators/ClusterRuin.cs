namespace CareOps.Scheduling.Roster.Operators;

/// <summary>Large-neighbourhood search once the local search stalls: ruin and recreate of neighbouring visits on one day.</summary>
internal static class ClusterRuin
{
    /// <summary>
    /// Large-neighbourhood search for the rest of the budget: remove the visits of one day around a random client
    /// (her nearest neighbours, whoever serves them) and re-insert them in random order; keep only improvements.
    /// </summary>
    internal static bool Improve(RosterState state, int continuityWeight, Random random, Func<bool> goOn, int cluster = 8)
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
            if (chosen.Length > 1 && RuinRecreate.Try(state, chosen, continuityWeight, random, forbid: null))
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
}
