namespace CareOps.Scheduling.Roster.Operators;

/// <summary>
/// Step 0 of docs/adr/0102-roster-solver.md: regions are independent problems (caregivers serve their own region), so
/// the solve splits by region and merges the regions' rosters.
/// </summary>
internal static class Regions
{
    /// <summary>
    /// Splits the problem by region when regions are independent: every client has a region with caregivers of
    /// its own (then no caregiver can serve another region's client) and no fixed visit crosses regions.
    /// Otherwise the problem stays whole.
    /// </summary>
    internal static RosterProblem[] Split(RosterProblem problem)
    {
        var regions = problem.Caregivers.Select(c => c.Region).Where(r => r.Length > 0).ToHashSet(StringComparer.Ordinal);
        var regionOf = problem.Caregivers.GroupBy(c => c.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Region, StringComparer.Ordinal);
        if (problem.Clients.Any(c => !regions.Contains(c.Region) || c.FixedVisits.Any(f => regionOf.GetValueOrDefault(f.CaregiverId) != c.Region))
            || problem.Caregivers.Any(c => c.Region.Length == 0))
        {
            return [problem];
        }

        return [.. regions.Order(StringComparer.Ordinal).Select(r => new RosterProblem
        {
            WeekStart = problem.WeekStart,
            Network = problem.Network,
            Clients = [.. problem.Clients.Where(c => c.Region == r)],
            Caregivers = [.. problem.Caregivers.Where(c => c.Region == r)],
        })];
    }

    internal static Roster Merge(RosterProblem problem, Roster[] parts)
    {
        if (parts.Length == 1)
        {
            return parts[0];
        }

        var clientOrder = problem.Clients.Select((c, i) => (c.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        return new Roster(
            problem.WeekStart,
            [.. parts.SelectMany(p => p.Days).OrderBy(d => d.Date).ThenBy(d => d.CaregiverId, StringComparer.Ordinal)],
            [.. parts.SelectMany(p => p.Unscheduled).Select((u, k) => (u, k)).OrderBy(x => clientOrder[x.u.ClientId]).ThenBy(x => x.k).Select(x => x.u)]);
    }
}
