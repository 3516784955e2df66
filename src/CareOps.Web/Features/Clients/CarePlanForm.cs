using System.Globalization;
using System.Numerics;
using CareOps.Data.Domain;
using CareOps.Web.Infrastructure;

namespace CareOps.Web.Features.Clients;

/// <summary>A care plan as the dispatcher enters it: a new plan from a date, or the current plan corrected.</summary>
public sealed class CarePlanForm
{
    public const int MinVisitsPerWeek = 1;
    public const int MaxVisitsPerWeek = 7;
    public const int MinMinutesPerVisit = 15;
    public const int MaxMinutesPerVisit = 480;

    public int VisitsPerWeek { get; set; } = 3;

    public int MinutesPerVisit { get; set; } = 60;

    public WeekDays AllowedDays { get; set; } = WeekDays.Every;

    public TimeSpan? WindowStart { get; set; } = new(8, 0, 0);

    public TimeSpan? WindowEnd { get; set; } = new(17, 0, 0);

    /// <summary>Days with their own hard window instead of <see cref="WindowStart"/>–<see cref="WindowEnd"/>.</summary>
    public List<DayWindowForm> DayWindows { get; set; } = [];

    /// <summary>Soft preferred window: both ends or neither.</summary>
    public TimeSpan? PreferredStart { get; set; }

    public TimeSpan? PreferredEnd { get; set; }

    /// <summary>Null: what the items need (a nursing item needs a nurse).</summary>
    public Skill? RequiredSkill { get; set; }

    public IReadOnlyCollection<string> ItemCodes { get; set; } = [];

    public IReadOnlyCollection<Guid> PreferredCaregivers { get; set; } = [];

    public IReadOnlyCollection<Guid> ExcludedCaregivers { get; set; } = [];

    public DateTime? EffectiveFrom { get; set; }

    /// <summary>The last day of the plan; empty while it lasts.</summary>
    public DateTime? EffectiveTo { get; set; }

    /// <summary>The field of the <paramref name="index"/>th day window, for its problems.</summary>
    public static string DayWindowField(int index) => $"{nameof(DayWindows)}[{index}]";

    /// <summary>The plan as it stands, to correct it.</summary>
    public static CarePlanForm From(CarePlan plan) => new()
    {
        VisitsPerWeek = plan.VisitsPerWeek,
        MinutesPerVisit = plan.MinutesPerVisit,
        AllowedDays = plan.AllowedDays,
        WindowStart = plan.WindowStart.ToTimeSpan(),
        WindowEnd = plan.WindowEnd.ToTimeSpan(),
        DayWindows = [.. plan.DayWindows.OrderBy(w => ((int)w.Day + 6) % 7).Select(w => new DayWindowForm { Day = w.Day, Start = w.Start.ToTimeSpan(), End = w.End.ToTimeSpan() })],
        PreferredStart = plan.PreferredStart?.ToTimeSpan(),
        PreferredEnd = plan.PreferredEnd?.ToTimeSpan(),
        RequiredSkill = plan.RequiredSkill,
        ItemCodes = [.. plan.Items.Select(i => i.ItemCode).Distinct().Order(StringComparer.Ordinal)],
        PreferredCaregivers = [.. plan.Caregivers.Where(c => c.Role == PlanCaregiverRole.Preferred).Select(c => c.CaregiverId).Distinct()],
        ExcludedCaregivers = [.. plan.Caregivers.Where(c => c.Role == PlanCaregiverRole.Excluded).Select(c => c.CaregiverId).Distinct()],
        EffectiveFrom = plan.EffectiveFrom.ToDateTime(TimeOnly.MinValue),
        EffectiveTo = plan.EffectiveTo?.ToDateTime(TimeOnly.MinValue),
    };

    /// <summary>A new plan that starts from what the current one says; the dispatcher picks its first day.</summary>
    public static CarePlanForm Following(CarePlan? current)
    {
        var form = current is null ? new CarePlanForm() : From(current);
        form.EffectiveFrom = null;
        form.EffectiveTo = null;
        return form;
    }

    /// <summary>
    /// Every rule that needs no database but the agency's item codes and caregivers (id → name). Nothing is clamped:
    /// each refusal names its field and says why, with the numbers in it.
    /// </summary>
    public Problems Validate(IReadOnlySet<string> catalogueCodes, IReadOnlyDictionary<Guid, string> agencyCaregivers)
    {
        var errors = new Problems();
        Checks.Range(errors, VisitsPerWeek, nameof(VisitsPerWeek), MinVisitsPerWeek, MaxVisitsPerWeek, "Error.PlanVisits");
        Checks.Range(errors, MinutesPerVisit, nameof(MinutesPerVisit), MinMinutesPerVisit, MaxMinutesPerVisit, "Error.PlanMinutes");

        var days = BitOperations.PopCount((uint)(AllowedDays & WeekDays.Every));
        if (days == 0)
        {
            errors.Add(nameof(AllowedDays), "Error.NoVisitDays");
        }
        else if (VisitsPerWeek > days && !errors.Has(nameof(VisitsPerWeek)))
        {
            errors.Add(nameof(VisitsPerWeek), "Error.VisitsOverDays", VisitsPerWeek, days);
        }

        var window = Window(errors, WindowStart, WindowEnd, nameof(WindowStart), nameof(WindowEnd), nameof(WindowEnd));
        var ownWindows = DayWindowsChecked(errors);
        if (!errors.Has(nameof(MinutesPerVisit)))
        {
            VisitFits(errors, window, ownWindows);
        }

        PreferredInside(errors, window);

        if (ItemCodes.Count == 0)
        {
            errors.Add(nameof(ItemCodes), "Error.PlanNoItems");
        }

        foreach (var code in ItemCodes.Where(c => !catalogueCodes.Contains(c)).Order(StringComparer.Ordinal))
        {
            errors.Add(nameof(ItemCodes), "Error.UnknownItem", code);
        }

        if (PreferredCaregivers.Any(id => !agencyCaregivers.ContainsKey(id)))
        {
            errors.Add(nameof(PreferredCaregivers), "Error.CaregiverNotOurs");
        }

        if (ExcludedCaregivers.Any(id => !agencyCaregivers.ContainsKey(id)))
        {
            errors.Add(nameof(ExcludedCaregivers), "Error.CaregiverNotOurs");
        }

        foreach (var id in ExcludedCaregivers.Where(PreferredCaregivers.Contains).Where(agencyCaregivers.ContainsKey))
        {
            errors.Add(nameof(ExcludedCaregivers), "Error.CaregiverBothWays", agencyCaregivers[id]);
        }

        if (EffectiveFrom is null)
        {
            errors.Add(nameof(EffectiveFrom), "Error.Required");
        }
        else if (EffectiveTo is not null && EffectiveTo.Value.Date < EffectiveFrom.Value.Date)
        {
            errors.Add(nameof(EffectiveTo), "Error.EndBeforeStart");
        }

        return errors;
    }

    /// <summary>A day's own window by day, for the valid rows (the others have their problems already).</summary>
    private Dictionary<DayOfWeek, (TimeSpan Start, TimeSpan End, int Row)> DayWindowsChecked(Problems errors)
    {
        var valid = new Dictionary<DayOfWeek, (TimeSpan, TimeSpan, int)>();
        var seen = new HashSet<DayOfWeek>();
        for (var i = 0; i < DayWindows.Count; i++)
        {
            var row = DayWindows[i];
            var field = DayWindowField(i);
            var day = new TextArg("Day." + row.Day);
            if (!seen.Add(row.Day))
            {
                errors.Add(field, "Error.DayWindowTwice", day);
                continue;
            }

            if (!AllowedDays.Includes(row.Day))
            {
                errors.Add(field, "Error.DayWindowNotAllowed", day);
                continue;
            }

            if (Window(errors, row.Start, row.End, field, field, field) is { } w)
            {
                valid[row.Day] = (w.Start, w.End, i);
            }
        }

        return valid;
    }

    /// <summary>The visit fits the window it gets on every allowed day: the day's own, or the plan's.</summary>
    private void VisitFits(Problems errors, (TimeSpan Start, TimeSpan End)? window, Dictionary<DayOfWeek, (TimeSpan Start, TimeSpan End, int Row)> ownWindows)
    {
        var allowed = WeekDaysExtensions.MondayFirst.Where(d => AllowedDays.Includes(d)).ToList();
        if (window is { } w && allowed.Any(d => !ownWindows.ContainsKey(d)) && Minutes(w.End - w.Start) < MinutesPerVisit)
        {
            errors.Add(nameof(WindowEnd), "Error.VisitOverWindow", MinutesPerVisit, Minutes(w.End - w.Start));
        }

        foreach (var day in allowed.Where(ownWindows.ContainsKey))
        {
            var (start, end, row) = ownWindows[day];
            if (Minutes(end - start) < MinutesPerVisit)
            {
                errors.Add(DayWindowField(row), "Error.VisitOverDayWindow", MinutesPerVisit, Minutes(end - start), new TextArg("Day." + day));
            }
        }
    }

    private void PreferredInside(Problems errors, (TimeSpan Start, TimeSpan End)? window)
    {
        if (PreferredStart is null && PreferredEnd is null)
        {
            return;
        }

        if (PreferredStart is null || PreferredEnd is null)
        {
            errors.Add(PreferredStart is null ? nameof(PreferredStart) : nameof(PreferredEnd), "Error.PreferredHalf");
            return;
        }

        if (Window(errors, PreferredStart, PreferredEnd, nameof(PreferredStart), nameof(PreferredEnd), nameof(PreferredEnd)) is { } preferred
            && window is { } hard && (preferred.Start < hard.Start || preferred.End > hard.End))
        {
            errors.Add(nameof(PreferredStart), "Error.PreferredOutside", Clock(preferred.Start), Clock(preferred.End), Clock(hard.Start), Clock(hard.End));
        }
    }

    /// <summary>Both ends given, each a time of day, the end after the start; null when not.</summary>
    private static (TimeSpan Start, TimeSpan End)? Window(Problems errors, TimeSpan? start, TimeSpan? end, string startField, string endField, string orderField)
    {
        var ok = TimeOfDay(errors, start, startField) & TimeOfDay(errors, end, endField);
        if (!ok)
        {
            return null;
        }

        if (end <= start)
        {
            errors.Add(orderField, "Error.WindowEndBeforeStart");
            return null;
        }

        return (start!.Value, end!.Value);
    }

    private static bool TimeOfDay(Problems errors, TimeSpan? time, string field)
    {
        if (time is null)
        {
            errors.Add(field, "Error.Required");
            return false;
        }

        if (time < TimeSpan.Zero || time >= TimeSpan.FromDays(1) || time.Value.Ticks % TimeSpan.TicksPerMinute != 0)
        {
            errors.Add(field, "Error.TimeFormat", time.Value.ToString("c", CultureInfo.InvariantCulture));
            return false;
        }

        return true;
    }

    private static int Minutes(TimeSpan span) => (int)span.TotalMinutes;

    private static string Clock(TimeSpan time) => time.ToString(@"hh\:mm", CultureInfo.InvariantCulture);
}

/// <summary>One day's own hard window (e.g. Saturday 08:00–12:00).</summary>
public sealed class DayWindowForm
{
    public DayOfWeek Day { get; set; } = DayOfWeek.Saturday;

    public TimeSpan? Start { get; set; } = new(8, 0, 0);

    public TimeSpan? End { get; set; } = new(12, 0, 0);
}
