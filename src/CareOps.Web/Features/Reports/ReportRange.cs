using System.Globalization;
using CareOps.Web.Infrastructure;

namespace CareOps.Web.Features.Reports;

/// <summary>The months a report covers, first and last included (agency months: Asia/Shanghai civil dates).</summary>
public sealed record ReportRange
{
    /// <summary>The longest range a report reads at once: two years of months.</summary>
    public const int MaxMonths = 24;

    public ReportRange(DateOnly from, DateOnly to)
    {
        From = new DateOnly(from.Year, from.Month, 1);
        To = new DateOnly(to.Year, to.Month, 1);
    }

    /// <summary>The first day of the first month.</summary>
    public DateOnly From { get; }

    /// <summary>The first day of the last month.</summary>
    public DateOnly To { get; }

    /// <summary>The last day of the last month.</summary>
    public DateOnly LastDay => To.AddMonths(1).AddDays(-1);

    public int MonthCount => ((To.Year - From.Year) * 12) + To.Month - From.Month + 1;

    /// <summary>Each month's first day, in order.</summary>
    public IEnumerable<DateOnly> Months()
    {
        for (var m = From; m <= To; m = m.AddMonths(1))
        {
            yield return m;
        }
    }

    /// <summary>The default: the agency's current month and the two before it.</summary>
    public static ReportRange Default(TimeProvider clock)
    {
        var today = AgencyClock.Today(clock);
        var month = new DateOnly(today.Year, today.Month, 1);
        return new ReportRange(month.AddMonths(-2), month);
    }

    /// <summary>The range an address asks for: none given, the default; both months given, those; anything else, null.</summary>
    public static ReportRange? Read(string? from, string? to, TimeProvider clock)
    {
        if (string.IsNullOrEmpty(from) && string.IsNullOrEmpty(to))
        {
            return Default(clock);
        }

        return ParseMonth(from) is { } first && ParseMonth(to) is { } last ? new ReportRange(first, last) : null;
    }

    /// <summary>"yyyy-MM" as the page's address and the download's carry it; null when it is not a month.</summary>
    public static DateOnly? ParseMonth(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month) ? month : null;

    public static string Format(DateOnly month) => month.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>The query string of this range (page address and downloads).</summary>
    public string Query => $"from={Format(From)}&to={Format(To)}";

    /// <summary>What is wrong with the range, if anything: backwards, or longer than <see cref="MaxMonths"/>. Never clamped.</summary>
    public Problems Check()
    {
        if (To < From)
        {
            return Problems.Of("Error.ReportRangeBackwards", Format(From), Format(To));
        }

        return MonthCount > MaxMonths ? Problems.Of("Error.ReportRangeTooLong", MonthCount, MaxMonths) : [];
    }
}
