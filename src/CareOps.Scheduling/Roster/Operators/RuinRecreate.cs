namespace CareOps.Scheduling.Roster.Operators;

/// <summary>The ruin-and-recreate move shared by <see cref="RouteElimination"/> and <see cref="ClusterRuin"/>.</summary>
internal static class RuinRecreate
{
    internal static bool Try(RosterState state, (int C, int G, int D)[] visits, int continuityWeight, Random? random, (int G, int D)? forbid)
    {
        const int Neighbours = 10;
        var undo = new Dictionary<(int G, int D), (List<int> Clients, TimedDay? Timed)>();
        void Save((int G, int D) k)
        {
            if (!undo.ContainsKey(k))
            {
                var r = state.RouteOf(k.G, k.D);
                undo[k] = ([.. r.Clients], r.Timed);
            }
        }

        var clients = visits.Select(v => v.C).Distinct().ToArray();
        var before = state.TotalTravel + continuityWeight * Continuity(state, clients);
        var opened = new HashSet<(int G, int D)>();
        var removedSoFar = new List<(int C, int G, int D)>();
        foreach (var group in visits.GroupBy(v => (v.G, v.D)))
        {
            Save(group.Key);
            var r = state.RouteOf(group.Key.G, group.Key.D);
            foreach (var v in group)
            {
                r.Clients.Remove(v.C);
                state.ClientVisits[v.C].Remove((v.D, v.G));
            }

            removedSoFar.AddRange(group);
            var timed = r.Clients.Count == 0 ? null : state.TimeSequence(group.Key.G, group.Key.D, r.Clients);
            if (r.Clients.Count > 0 && timed is null)
            {
                // Removing visits should never break a day, but the timer has the last word.
                Undo.Restore(state, undo, [], [.. removedSoFar]);
                return false;
            }

            state.SetTimed(group.Key.G, r, timed);
            opened.Add(group.Key);
        }

        var order = visits.ToArray();
        random?.Shuffle(order);
        var placed = new List<(int C, int G, int D)>();
        foreach (var (c, _, _) in order)
        {
            (int Cost, int G, int D, int Position, TimedDay Timed)? best = null;
            var servedBy = state.ClientVisits[c].Select(v => v.G).ToHashSet();
            foreach (var g2 in state.Candidates[c].Take(Neighbours))
            {
                for (var d2 = 0; d2 < 7; d2++)
                {
                    if ((g2, d2) == forbid || !state.SpacingOk(c, d2) || (state.RouteOf(g2, d2).Timed is null && !opened.Contains((g2, d2))))
                    {
                        continue;
                    }

                    var extra = servedBy.Contains(g2) ? 0 : continuityWeight;
                    if (state.BestInsertion(c, g2, d2, best is null ? int.MaxValue : best.Value.Cost - extra) is { } ins)
                    {
                        var cost = ins.Delta + extra;
                        if (best is null || cost < best.Value.Cost)
                        {
                            best = (cost, g2, d2, ins.Position, ins.Timed);
                        }
                    }
                }
            }

            if (best is not { } b)
            {
                Undo.Restore(state, undo, placed, visits);
                return false;
            }

            Save((b.G, b.D));
            state.Insert(c, b.G, b.D, b.Position, b.Timed);
            placed.Add((c, b.G, b.D));
        }

        var after = state.TotalTravel + continuityWeight * Continuity(state, clients);
        if (after < before)
        {
            return true;
        }

        Undo.Restore(state, undo, placed, visits);
        return false;
    }

    private static int Continuity(RosterState state, IEnumerable<int> clients) =>
        clients.Distinct().Sum(c => state.ClientVisits[c].Select(v => v.G).Distinct().Count());
}
