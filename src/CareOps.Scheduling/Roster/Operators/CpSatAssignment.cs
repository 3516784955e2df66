using Google.OrTools.Sat;

namespace CareOps.Scheduling.Roster.Operators;

/// <summary>
/// Step 2 of docs/adr/0102-roster-solver.md: CP-SAT assigns each client a caregiver (one of her three nearest eligible)
/// and a day pattern that keeps the spread rule, under capacity with a travel allowance.
/// </summary>
internal static class CpSatAssignment
{
    /// <summary>CP-SAT per region: client → (caregiver, day pattern). Returns for each client the chosen caregiver and days, or null.</summary>
    internal static (int G, int[] Days)?[] Assign(RosterState state, RosterSolverOptions options, PartOptions part, CancellationToken ct)
    {
        const int CandidatesPerClient = 3;
        var result = new (int G, int[] Days)?[state.Clients.Length];
        var free = Enumerable.Range(0, state.Clients.Length).Where(c => state.ClientVisits[c].Count == 0 && state.Clients[c].VisitsPerWeek > 0).ToArray();
        var regions = free.GroupBy(c => state.Clients[c].Region, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).ToArray();
        var total = Math.Max(1, free.Length);
        foreach (var region in regions)
        {
            if (ct.IsCancellationRequested)
            {
                break;
            }

            var model = new CpModel();
            var vars = new List<(int C, int G, int[] Days, BoolVar X)>();
            var objectiveVars = new List<BoolVar>();
            var objectiveCoefs = new List<long>();
            foreach (var c in region)
            {
                var client = state.Clients[c];
                var patterns = state.ClientPatterns[c];
                var perClient = new List<BoolVar>();
                for (var k = 0; k < Math.Min(CandidatesPerClient, state.Candidates[c].Length); k++)
                {
                    var g = state.Candidates[c][k];
                    foreach (var p in patterns.Where(p => p.All(d => state.Works(c, g, d))))
                    {
                        var x = model.NewBoolVar("");
                        vars.Add((c, g, p, x));
                        perClient.Add(x);
                        objectiveVars.Add(x);
                        var preferred = client.PreferredCaregivers.Contains(state.Caregivers[g].Id) ? 5 : 0;
                        var spread = VisitSpacing.MeetsPreference(p, client.VisitsPerWeek) ? 0 : 20;
                        objectiveCoefs.Add(((100_000L - (10L * state.ApproachMinutes[c][k]) + preferred) * p.Length) - spread);
                    }
                }

                if (perClient.Count > 0)
                {
                    model.AddAtMostOne(perClient);
                }
            }

            // Capacity per caregiver-day with a travel allowance; morning-only and afternoon-only load kept within their half-days.
            foreach (var group in vars.SelectMany(v => v.Days.Select(d => (v.G, D: d, v.C, v.X))).GroupBy(v => (v.G, v.D)))
            {
                var cg = state.Caregivers[group.Key.G];
                var items = group.ToArray();
                model.Add(LinearExpr.WeightedSum(items.Select(i => i.X), items.Select(i => (long)Load(state, i.C, i.G))) <= cg.DailyMaxMinutes - 20);
                var morning = items.Where(i => state.Clients[i.C].Window.End <= 12 * 60 + 30).ToArray();
                if (morning.Length > 0)
                {
                    model.Add(LinearExpr.WeightedSum(morning.Select(i => i.X), morning.Select(i => (long)Load(state, i.C, i.G))) <= 12 * 60 + 30 - cg.Shift.Start - 20);
                }

                var afternoon = items.Where(i => state.Clients[i.C].Window.Start >= 12 * 60).ToArray();
                if (afternoon.Length > 0)
                {
                    model.Add(LinearExpr.WeightedSum(afternoon.Select(i => i.X), afternoon.Select(i => (long)Load(state, i.C, i.G))) <= cg.Shift.End - 13 * 60 - 20);
                }
            }

            foreach (var group in vars.GroupBy(v => v.G))
            {
                var items = group.ToArray();
                model.Add(LinearExpr.WeightedSum(items.Select(i => i.X), items.Select(i => (long)Load(state, i.C, i.G) * i.Days.Length)) <= state.Caregivers[group.Key].WeeklyMaxMinutes - 30);
            }

            model.Maximize(LinearExpr.WeightedSum(objectiveVars, objectiveCoefs));
            var solver = new CpSolver
            {
                StringParameters = string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"max_time_in_seconds:{Math.Max(0.5, part.Budget.TotalSeconds * (part.WorkLimit is null ? 0.35 : 1.0) * region.Count() / total):0.###},num_workers:{part.CpSatWorkers},random_seed:{options.Seed}")
                    + (part.WorkLimit is { } w
                        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $",max_deterministic_time:{Math.Max(0.05, w * options.CpSatSecondsPerWork * region.Count() / total):0.###}")
                        : ""),
            };
            using var registration = ct.Register(solver.StopSearch);
            var status = solver.Solve(model);
            if (status is not (CpSolverStatus.Optimal or CpSolverStatus.Feasible))
            {
                continue;
            }

            foreach (var v in vars.Where(v => solver.BooleanValue(v.X)))
            {
                result[v.C] = (v.G, v.Days);
            }
        }

        return result;
    }

    /// <summary>Minutes one visit takes out of a caregiver's day: the visit plus an estimate of the travel it adds.</summary>
    private static int Load(RosterState state, int c, int g)
    {
        var k = Array.IndexOf(state.Candidates[c], g);
        var approach = state.ApproachMinutes[c][k];
        var sameLand = state.Problem.Network.SameLand(state.Caregivers[g].Home.Place, state.Clients[c].Location.Place);
        // Note: in a town a visit adds roughly the hop between neighbours, not the way from home; across water the crossing dominates.
        var travel = sameLand ? 4 + (Math.Min(approach, 30) / 2) : approach;
        return state.Clients[c].MinutesPerVisit + travel;
    }
}
