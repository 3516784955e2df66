namespace CareOps.Scheduling.Roster;

/// <summary>
/// What changed between the problem a roster was published on and the week's problem now, as a
/// <see cref="RosterDisruption"/> that <see cref="RosterRepair"/> can repair: caregiver days lost (absence, lapsed
/// certificate, left the agency), sailings suspended, clients gone (ended, died, in hospital all week), clients added,
/// and clients whose plan or allowed days changed (taken out and put back with their new terms).
/// </summary>
public static class RosterDisruptions
{
    /// <summary>The disruption leading from <paramref name="published"/> to <paramref name="now"/>; empty when nothing changed.</summary>
    public static RosterDisruption Between(RosterProblem published, RosterProblem now)
    {
        ArgumentNullException.ThrowIfNull(published);
        ArgumentNullException.ThrowIfNull(now);
        var dates = published.Dates.ToArray();
        var caregiversNow = now.Caregivers.ToDictionary(c => c.Id, StringComparer.Ordinal);
        var unavailable = new List<(string, IReadOnlyList<DateOnly>)>();
        foreach (var before in published.Caregivers)
        {
            caregiversNow.TryGetValue(before.Id, out var after);
            var lost = dates.Where(d => before.Works(d) && (after is null || !after.Works(d))).ToList();
            if (lost.Count > 0)
            {
                unavailable.Add((before.Id, lost));
            }
        }

        var suspendedBefore = published.Network.Suspensions.ToHashSet();
        var suspended = now.Network.Suspensions.Where(s => !suspendedBefore.Contains(s) && s.Date >= dates[0] && s.Date <= dates[^1])
            .OrderBy(s => s.Line, StringComparer.Ordinal).ThenBy(s => s.Date).ToList();

        var clientsNow = now.Clients.ToDictionary(c => c.Id, StringComparer.Ordinal);
        var clientsBefore = published.Clients.ToDictionary(c => c.Id, StringComparer.Ordinal);
        var cancelled = published.Clients.Where(c => !clientsNow.TryGetValue(c.Id, out var after) || !SameTerms(c, after)).Select(c => c.Id).ToList();
        var added = now.Clients.Where(c => !clientsBefore.TryGetValue(c.Id, out var before) || !SameTerms(before, c)).ToList();
        return new RosterDisruption
        {
            CaregiverUnavailable = unavailable,
            FerrySuspended = suspended,
            ClientsCancelled = cancelled,
            ClientsAdded = added,
        };
    }

    /// <summary>Whether the disruption changes nothing.</summary>
    public static bool IsEmpty(this RosterDisruption disruption) =>
        disruption.CaregiverUnavailable.Count == 0 && disruption.FerrySuspended.Count == 0 && disruption.ClientsCancelled.Count == 0 && disruption.ClientsAdded.Count == 0;

    /// <summary>Whether a client's visits are asked for on the same terms (pins aside: they are the dispatcher's).</summary>
    private static bool SameTerms(RosterClient a, RosterClient b) =>
        a.VisitsPerWeek == b.VisitsPerWeek && a.MinutesPerVisit == b.MinutesPerVisit && a.Location == b.Location && a.Region == b.Region
        && a.AllowedDays.SetEquals(b.AllowedDays) && a.Window == b.Window && a.PreferredWindow == b.PreferredWindow && a.RequiredSkill == b.RequiredSkill
        && a.WindowByDay.Count == b.WindowByDay.Count && a.WindowByDay.All(kv => b.WindowByDay.TryGetValue(kv.Key, out var w) && w == kv.Value)
        && a.PreferredCaregivers.SequenceEqual(b.PreferredCaregivers, StringComparer.Ordinal)
        && a.ExcludedCaregivers.SequenceEqual(b.ExcludedCaregivers, StringComparer.Ordinal);
}
