using Microsoft.Extensions.Localization;

namespace CareOps.Web.Features.MySchedule;

/// <summary>How one of her visits changed between two reads of her week.</summary>
public enum ScheduleChange
{
    /// <summary>A visit that is hers now and was not before (new, or moved to her from someone else).</summary>
    Added,

    /// <summary>Same visit, another day or time.</summary>
    Moved,

    /// <summary>Same visit and time, another length.</summary>
    Resized,

    /// <summary>The visit was cancelled.</summary>
    Cancelled,

    /// <summary>The visit goes on, with another caregiver.</summary>
    Reassigned,
}

/// <summary>A change of one visit: the day, time and client she knew, and where it went (for a move or a new length).</summary>
public sealed record ScheduleNotice(ScheduleChange Change, Guid VisitId, DateOnly Date, TimeOnly Start, string ClientName,
    DateOnly? NewDate = null, TimeOnly? NewStart = null, int? NewMinutes = null);

/// <summary>The short notices shown when a publish changes her week while she has it open ("周三 10:00 王阿婆 改由你上门").</summary>
public static class ScheduleNotices
{
    /// <summary>What changed from <paramref name="before"/> to <paramref name="after"/>, by visit (rows keep their ids through a publish), in time order.</summary>
    public static IReadOnlyList<ScheduleNotice> Between(MyWeek before, MyWeek after)
    {
        var was = before.Visits.ToDictionary(v => v.Id);
        var now = after.Visits.Select(v => v.Id).ToHashSet();
        var notices = new List<ScheduleNotice>();
        foreach (var v in after.Visits)
        {
            if (!was.TryGetValue(v.Id, out var old))
            {
                notices.Add(new ScheduleNotice(ScheduleChange.Added, v.Id, v.Date, v.PlannedStart, v.ClientName));
            }
            else if (old.Date != v.Date || old.PlannedStart != v.PlannedStart)
            {
                notices.Add(new ScheduleNotice(ScheduleChange.Moved, v.Id, old.Date, old.PlannedStart, old.ClientName, v.Date, v.PlannedStart, v.PlannedMinutes));
            }
            else if (old.PlannedMinutes != v.PlannedMinutes)
            {
                notices.Add(new ScheduleNotice(ScheduleChange.Resized, v.Id, old.Date, old.PlannedStart, old.ClientName, v.Date, v.PlannedStart, v.PlannedMinutes));
            }
        }

        notices.AddRange(before.Visits.Where(v => !now.Contains(v.Id)).Select(v =>
            new ScheduleNotice(after.Cancelled.Contains(v.Id) ? ScheduleChange.Cancelled : ScheduleChange.Reassigned, v.Id, v.Date, v.PlannedStart, v.ClientName)));
        return [.. notices.OrderBy(n => n.Date).ThenBy(n => n.Start).ThenBy(n => n.ClientName, StringComparer.Ordinal)];
    }

    /// <summary>The visits to highlight after a change: those she has now that are new or moved.</summary>
    public static IReadOnlySet<Guid> Changed(IEnumerable<ScheduleNotice> notices) =>
        notices.Where(n => n.Change is ScheduleChange.Added or ScheduleChange.Moved or ScheduleChange.Resized).Select(n => n.VisitId).ToHashSet();

    /// <summary>The notice in the user's language, e.g. "周三 10:00 王阿婆 改到 14:00".</summary>
    public static string Text(ScheduleNotice notice, IStringLocalizer localizer)
    {
        var day = localizer["Day." + notice.Date.DayOfWeek].Value;
        var start = Itinerary.Hm(notice.Start);
        return notice.Change switch
        {
            ScheduleChange.Moved when notice.NewDate == notice.Date => localizer["My.Notice.Moved", day, start, notice.ClientName, Itinerary.Hm(notice.NewStart!.Value)],
            ScheduleChange.Moved => localizer["My.Notice.Moved", day, start, notice.ClientName,
                $"{localizer["Day." + notice.NewDate!.Value.DayOfWeek].Value} {Itinerary.Hm(notice.NewStart!.Value)}"],
            ScheduleChange.Resized => localizer["My.Notice.Resized", day, start, notice.ClientName, notice.NewMinutes!.Value],
            _ => localizer["My.Notice." + notice.Change, day, start, notice.ClientName],
        };
    }
}
