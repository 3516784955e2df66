using CareOps.Data.Domain;
using CareOps.Data.Rostering;
using CareOps.Scheduling.Roster;

namespace CareOps.Web.Features.Roster;

/// <summary>A visit of a roster, in the terms of the <see cref="Visit"/> rows it becomes.</summary>
/// <param name="ClientId">Who is visited.</param>
/// <param name="CaregiverId">Who visits.</param>
/// <param name="Date">Day.</param>
/// <param name="Start">Planned start.</param>
/// <param name="Minutes">Planned length.</param>
public sealed record RosterSlot(Guid ClientId, Guid CaregiverId, DateOnly Date, TimeOnly Start, int Minutes)
{
    /// <summary>The slot of one visit of a caregiver's day in a roster.</summary>
    public static RosterSlot Of(CaregiverDay day, PlannedVisit visit) =>
        new(RosterProblemBuilder.GuidOf(visit.ClientId) ?? Guid.Empty, RosterProblemBuilder.GuidOf(day.CaregiverId) ?? Guid.Empty, day.Date, TimeOf(visit.Start), visit.End - visit.Start);

    /// <summary>A roster's minute of the day (minutes after midnight) as a time.</summary>
    public static TimeOnly TimeOf(int minutes) => new(minutes / 60, minutes % 60);
}

/// <summary>How a publish changes one visit.</summary>
public enum SlotChange
{
    Unchanged,
    Added,
    Moved,
    Removed,
}

/// <summary>One line of a publish's diff; <see cref="VisitId"/> is the row kept, moved or cancelled (null: a new row).</summary>
/// <param name="Change">What happens.</param>
/// <param name="VisitId">The existing row, if any.</param>
/// <param name="Before">The row's slot before, if any.</param>
/// <param name="After">The slot after, if any.</param>
public sealed record SlotDiff(SlotChange Change, Guid? VisitId, RosterSlot? Before, RosterSlot? After);

/// <summary>
/// Matches a roster against the week's visit rows so that publishing changes as little as possible: a visit that did
/// not change keeps its row and id; a visit of the same client moved to another time, day or caregiver keeps its row
/// (moved); what the new roster no longer has is cancelled, never deleted; visits already started or done are history
/// and are never touched (a roster visit of the same client and day is taken as that visit).
/// </summary>
public static class VisitReconciliation
{
    /// <summary>The diff of publishing <paramref name="roster"/> over <paramref name="visits"/> (the week's rows, any status).</summary>
    public static IReadOnlyList<SlotDiff> Diff(IReadOnlyList<Visit> visits, IReadOnlyList<RosterSlot> roster)
    {
        var diffs = new List<SlotDiff>();
        var pending = roster.ToList();
        var open = visits.Where(v => v.Status == VisitStatus.Planned).ToList();

        // History first: a started, done or missed visit stands; the roster's visit of that client and day is it.
        foreach (var done in visits.Where(v => v.Status is VisitStatus.CheckedIn or VisitStatus.Completed or VisitStatus.Missed))
        {
            var same = pending.FirstOrDefault(s => s.ClientId == done.ClientId && s.Date == done.Date);
            if (same is not null)
            {
                pending.Remove(same);
            }
        }

        // Then the most similar open row for each slot: identical, same client and day, same client and caregiver,
        // same client. Each pass takes exact matches before looser ones, so moves stay as small as the roster allows.
        Func<Visit, RosterSlot, bool>[] passes =
        [
            (v, s) => v.ClientId == s.ClientId && v.CaregiverId == s.CaregiverId && v.Date == s.Date && v.PlannedStart == s.Start && v.PlannedMinutes == s.Minutes,
            (v, s) => v.ClientId == s.ClientId && v.Date == s.Date && v.CaregiverId == s.CaregiverId,
            (v, s) => v.ClientId == s.ClientId && v.Date == s.Date,
            (v, s) => v.ClientId == s.ClientId && v.CaregiverId == s.CaregiverId,
            (v, s) => v.ClientId == s.ClientId,
        ];
        foreach (var pass in passes)
        {
            foreach (var slot in pending.ToList())
            {
                var match = open.Where(v => pass(v, slot)).OrderBy(v => Math.Abs(v.Date.DayNumber - slot.Date.DayNumber)).ThenBy(v => v.PlannedStart).FirstOrDefault();
                if (match is null)
                {
                    continue;
                }

                var before = SlotOf(match);
                diffs.Add(new SlotDiff(before == slot ? SlotChange.Unchanged : SlotChange.Moved, match.Id, before, slot));
                open.Remove(match);
                pending.Remove(slot);
            }
        }

        diffs.AddRange(pending.Select(s => new SlotDiff(SlotChange.Added, null, null, s)));
        diffs.AddRange(open.Select(v => new SlotDiff(SlotChange.Removed, v.Id, SlotOf(v), null)));
        return diffs;
    }

    /// <summary>The slot a visit row holds.</summary>
    public static RosterSlot SlotOf(Visit v) => new(v.ClientId, v.CaregiverId, v.Date, v.PlannedStart, v.PlannedMinutes);
}
