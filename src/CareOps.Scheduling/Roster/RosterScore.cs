using CareOps.Scheduling.Travel;

namespace CareOps.Scheduling.Roster;

/// <summary>
/// The objective explained per component, in lexicographic order: scheduled visits, then travel, then
/// continuity, then workload balance, then preferences. Computed from any roster, not from solver internals.
/// </summary>
/// <param name="Required">Visits the week requires.</param>
/// <param name="Scheduled">Visits planned.</param>
/// <param name="TravelMinutes">Minutes on the road and on board, including the way home.</param>
/// <param name="FerryMinutes">Minutes on board (part of <paramref name="TravelMinutes"/>).</param>
/// <param name="ExtraCaregivers">Sum over clients of (distinct caregivers − 1): 0 is perfect continuity.</param>
/// <param name="DistinctCaregiversPerClient">Mean distinct caregivers per client with visits.</param>
/// <param name="WorkloadSpreadMinutes">Largest minus smallest weekly worked minutes among caregivers who work.</param>
/// <param name="PreferenceMisses">Visits outside the preferred window or with a caregiver not on the preferred list (when one exists).</param>
/// <param name="OvertimeMinutes">Minutes above daily or weekly limits (hard: should be 0).</param>
/// <param name="SpreadMisses">Clients whose visits keep the hard spread rule but not the preferred gap (a preference).</param>
public sealed record RosterScore(int Required, int Scheduled, int TravelMinutes, int FerryMinutes, int ExtraCaregivers,
    double DistinctCaregiversPerClient, int WorkloadSpreadMinutes, int PreferenceMisses, int OvertimeMinutes, int SpreadMisses)
{
    /// <summary>Visits left out.</summary>
    public int Unscheduled => Required - Scheduled;

    /// <summary>One number that orders scores lexicographically enough for progress reports (lower is better).</summary>
    public long Weighted => Unscheduled * 1_000_000L + TravelMinutes * 10L + ExtraCaregivers * 150L + WorkloadSpreadMinutes / 10 + PreferenceMisses + SpreadMisses;

    /// <summary>Scores a roster of a problem.</summary>
    public static RosterScore Of(RosterProblem problem, Roster roster)
    {
        var caregivers = problem.Caregivers.ToDictionary(c => c.Id, StringComparer.Ordinal);
        var clients = problem.Clients.ToDictionary(c => c.Id, StringComparer.Ordinal);
        var travel = 0;
        var ferry = 0;
        var overtime = 0;
        var misses = 0;
        var weekly = new Dictionary<string, int>(StringComparer.Ordinal);
        var who = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var daysOf = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        foreach (var day in roster.Days)
        {
            travel += day.Legs.Sum(l => l.Arrive - l.Depart);
            ferry += day.Legs.Where(l => l.Kind == LegKind.Ferry).Sum(l => l.Arrive - l.Depart);
            var cg = caregivers.GetValueOrDefault(day.CaregiverId);
            var worked = day.BackHome - day.LeaveHome - (day.LunchStart is { } l && l >= day.LeaveHome && l < day.BackHome ? cg?.LunchMinutes ?? 0 : 0);
            overtime += Math.Max(0, worked - (cg?.DailyMaxMinutes ?? int.MaxValue));
            weekly[day.CaregiverId] = weekly.GetValueOrDefault(day.CaregiverId) + worked;
            foreach (var v in day.Visits)
            {
                if (!who.TryGetValue(v.ClientId, out var set))
                {
                    who[v.ClientId] = set = new HashSet<string>(StringComparer.Ordinal);
                }

                set.Add(day.CaregiverId);
                if (!daysOf.TryGetValue(v.ClientId, out var days))
                {
                    daysOf[v.ClientId] = days = [];
                }

                days.Add(day.Date.DayNumber - problem.WeekStart.DayNumber);
                if (clients.TryGetValue(v.ClientId, out var client)
                    && ((client.PreferredWindow is { } p && !p.Contains(v.Start, v.End))
                        || (client.PreferredCaregivers.Count > 0 && !client.PreferredCaregivers.Contains(day.CaregiverId))))
                {
                    misses++;
                }
            }
        }

        foreach (var (id, minutes) in weekly)
        {
            overtime += Math.Max(0, minutes - (caregivers.GetValueOrDefault(id)?.WeeklyMaxMinutes ?? int.MaxValue));
        }

        var spread = weekly.Count == 0 ? 0 : weekly.Values.Max() - weekly.Values.Min();
        return new RosterScore(problem.Clients.Sum(c => c.VisitsPerWeek), roster.VisitCount, travel, ferry,
            who.Values.Sum(s => s.Count - 1), who.Count == 0 ? 0 : who.Values.Average(s => s.Count), spread, misses, overtime,
            daysOf.Count(kv => clients.TryGetValue(kv.Key, out var c) && !VisitSpacing.MeetsPreference([.. kv.Value.Order()], c.VisitsPerWeek)));
    }
}
