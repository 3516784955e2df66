using CareOps.Scheduling.Roster;

namespace CareOps.Web.Features.Roster;

/// <summary>One caregiver's row of the board: her days of the week that have visits.</summary>
public sealed record TimelineRow(BoardCaregiver Caregiver, IReadOnlyDictionary<DateOnly, CaregiverDay> Days, int VisitCount)
{
    /// <summary>The rows of a roster, every known caregiver included (an empty row is a free caregiver), busiest first.</summary>
    public static IReadOnlyList<TimelineRow> Of(Scheduling.Roster.Roster? roster, IReadOnlyDictionary<string, BoardCaregiver> caregivers)
    {
        var days = (roster?.Days ?? []).GroupBy(d => d.CaregiverId).ToDictionary(g => g.Key, g => g.ToDictionary(d => d.Date));
        return [.. caregivers.Values
            .Select(c => days.TryGetValue(c.Id, out var mine) ? new TimelineRow(c, mine, mine.Values.Sum(d => d.Visits.Count)) : new TimelineRow(c, new Dictionary<DateOnly, CaregiverDay>(), 0))
            .OrderBy(r => r.Caregiver.Code, StringComparer.Ordinal)];
    }
}
