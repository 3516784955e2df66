using CareOps.Data.Domain;
using CareOps.Web.Infrastructure;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace CareOps.Web.Features.Reports;

/// <summary>A column of a report's table: its header in the user's language and how its numbers are shown.</summary>
public sealed record ReportColumn(string Header, string? Format = null);

/// <summary>A report as a table: the page shows it, the Excel download holds exactly these rows (raw numbers).</summary>
public sealed record ReportTable(IReadOnlyList<ReportColumn> Columns, IReadOnlyList<IReadOnlyList<object?>> Rows);

public sealed record ReportSeries(string Name, IReadOnlyList<double> Values);

/// <summary>
/// What a chart draws: labels along the axis and one series each (a care mode, a reason, or an agency for the
/// operator), with a caption saying what it shows (its unit included).
/// </summary>
public sealed record ReportChart(ChartType Type, IReadOnlyList<string> Labels, IReadOnlyList<ReportSeries> Series, string Caption = "");

/// <summary>
/// One report ready to show and to download. Its <see cref="Name"/> is stable: test ids (<c>report-{name}</c>,
/// <c>report-export-{name}</c>) and the download's address. <see cref="Agencies"/> say whose figures they are;
/// <see cref="AllAgencies"/> is the operator's view, every agency side by side.
/// </summary>
public sealed record ReportView(string Name, string Title, string Note, ReportTable Table, ReportChart Chart, IReadOnlyList<string> Agencies, bool AllAgencies)
{
    public bool IsEmpty => Table.Rows.Count == 0;
}

/// <summary>
/// Turns report rows into tables and charts, worded in the user's language. An agency's chart splits its own figures
/// (by care mode, reason, caregiver); the operator's puts the agencies side by side, a series each.
/// </summary>
public static class ReportViews
{
    public const string FundIncome = "fund-income";
    public const string Deductions = "deductions";
    public const string CaregiverHours = "caregiver-hours";
    public const string Verification = "verification";
    public const string ZhuhuibaoHours = "zhb-hours";

    public static readonly IReadOnlyList<string> Names = [FundIncome, Deductions, CaregiverHours, Verification, ZhuhuibaoHours];

    private const string Money = "#,0.00";
    private const string Hours = "#,0.##";
    private const string Percent = "0.0";

    private static readonly bool[] OwedThenDelivered = [false, true];

    /// <summary>Reads one report by name and shapes it; null for a name that is no report.</summary>
    public static async Task<Outcome<ReportView>?> LoadAsync(ReportQuery query, string name, ReportRange range, IStringLocalizer L, CancellationToken ct = default) => name switch
    {
        FundIncome => Shape(await query.FundIncomeAsync(range, ct), r => Of(r, range, L)),
        Deductions => Shape(await query.DeductionsAsync(range, ct), r => Of(r, range, L)),
        CaregiverHours => Shape(await query.CaregiverHoursAsync(range, ct), r => Of(r, range, L)),
        Verification => Shape(await query.VerificationAsync(range, ct), r => Of(r, range, L)),
        ZhuhuibaoHours => Shape(await query.ZhuhuibaoHoursAsync(range, ct), r => Of(r, range, L)),
        _ => null,
    };

    private static Outcome<ReportView> Shape<T>(Outcome<Report<T>> read, Func<Report<T>, ReportView> view) =>
        read.Value is { } report ? Outcome.Done(view(report)) : Outcome.Refused<ReportView>(read.Problems);

    public static ReportView Of(Report<FundIncomeRow> report, ReportRange range, IStringLocalizer L)
    {
        var table = new ReportTable(
            [new(L["Report.Agency"]), new(L["Report.Month"]), new(L["Report.CareMode"]), new(L["Report.Amount"], Money)],
            [.. report.Rows.Select(r => Row(r.Agency, ReportRange.Format(r.Month), ModeName(r.CareMode, L), r.Amount))]);
        var chart = report.AllAgencies
            ? PerAgency(ChartType.Bar, report, range, (agency, month) => (double)report.Rows.Where(r => r.Agency == agency && r.Month == month).Sum(r => r.Amount))
            : ByMonth(ChartType.StackedBar, range, report.Rows.Select(r => r.CareMode).Distinct().OrderBy(m => m is null).ThenBy(m => m),
                mode => ModeName(mode, L), (mode, month) => (double)report.Rows.Where(r => r.CareMode == mode && r.Month == month).Sum(r => r.Amount));
        chart = chart with { Caption = report.AllAgencies ? L["Report.Chart.AgencyTotals"] : L["Report.Chart.ByCareMode"] };
        return new(FundIncome, L["Report.FundIncome.Title"], L["Report.FundIncome.Note"], table, chart, report.Agencies, report.AllAgencies);
    }

    public static ReportView Of(Report<DeductionRow> report, ReportRange range, IStringLocalizer L)
    {
        var table = new ReportTable(
            [new(L["Report.Agency"]), new(L["Report.Month"]), new(L["Report.Reason"]), new(L["Report.Lines"]), new(L["Report.Deducted"], Money)],
            [.. report.Rows.Select(r => Row(r.Agency, ReportRange.Format(r.Month), ReasonName(r.Reason, L), r.Lines, r.Amount))]);
        var chart = report.AllAgencies
            ? PerAgency(ChartType.Bar, report, range, (agency, month) => (double)report.Rows.Where(r => r.Agency == agency && r.Month == month).Sum(r => r.Amount))
            : ByMonth(ChartType.StackedBar, range, report.Rows.Select(r => r.Reason).Distinct().Order(StringComparer.Ordinal),
                reason => ReasonName(reason, L), (reason, month) => (double)report.Rows.Where(r => r.Reason == reason && r.Month == month).Sum(r => r.Amount));
        chart = chart with { Caption = report.AllAgencies ? L["Report.Chart.AgencyTotals"] : L["Report.Chart.ByReason"] };
        return new(Deductions, L["Report.Deductions.Title"], L["Report.Deductions.Note"], table, chart, report.Agencies, report.AllAgencies);
    }

    public static ReportView Of(Report<CaregiverHoursRow> report, ReportRange range, IStringLocalizer L)
    {
        var table = new ReportTable(
            [
                new(L["Report.Agency"]), new(L["Report.Month"]), new(L["Report.Caregiver"]), new(L["Report.CaregiverName"]), new(L["Report.Visits"]),
                new(L["Report.Hours"], Hours), new(L["Report.AvailableHours"], Hours), new(L["Report.Utilisation"], Percent),
            ],
            [.. report.Rows.Select(r => Row(r.Agency, ReportRange.Format(r.Month), r.Caregiver, r.Name, r.Visits, r.Hours, r.AvailableHours, AsPercent(r.Utilisation)))]);
        ReportChart chart;
        if (report.AllAgencies)
        {
            chart = PerAgency(ChartType.Line, report, range, (agency, month) =>
                Ratio(report.Rows.Where(r => r.Agency == agency && r.Month == month), r => r.Hours, r => r.AvailableHours));
        }
        else
        {
            var caregivers = report.Rows.GroupBy(r => r.Caregiver).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
            chart = new ReportChart(ChartType.Bar, [.. caregivers.Select(g => g.Key)],
            [
                new(L["Report.Hours"], [.. caregivers.Select(g => (double)g.Sum(r => r.Hours))]),
                new(L["Report.AvailableHours"], [.. caregivers.Select(g => (double)g.Sum(r => r.AvailableHours))]),
            ]);
        }

        chart = chart with { Caption = report.AllAgencies ? L["Report.Chart.Utilisation"] : L["Report.Chart.ByCaregiver"] };
        return new(CaregiverHours, L["Report.CaregiverHours.Title"], L["Report.CaregiverHours.Note"], table, chart, report.Agencies, report.AllAgencies);
    }

    public static ReportView Of(Report<VerificationRow> report, ReportRange range, IStringLocalizer L)
    {
        var reasons = Enum.GetValues<FlagReason>();
        var table = new ReportTable(
            [
                new(L["Report.Agency"]), new(L["Report.Month"]), new(L["Report.Finished"]), new(L["Report.Verified"]), new(L["Report.Rate"], Percent),
                new(L["Report.Flagged"]), new(L["Report.Accepted"]), new(L["Report.Rejected"]), new(L["Report.Waiting"]),
                .. reasons.Select(r => new ReportColumn(L["Flag." + r])),
            ],
            [.. report.Rows.Select(r => Row([r.Agency, ReportRange.Format(r.Month), r.Finished, r.Verified, AsPercent(r.Rate), r.Flagged, r.Accepted, r.Rejected, r.Waiting,
                .. reasons.Select(reason => (object)r.Flags.GetValueOrDefault(reason))]))]);
        var chart = report.AllAgencies
            ? PerAgency(ChartType.Line, report, range, (agency, month) =>
                Ratio(report.Rows.Where(r => r.Agency == agency && r.Month == month), r => r.Verified, r => r.Finished))
            : ByMonth(ChartType.StackedBar, range, reasons.Where(reason => report.Rows.Any(r => r.Flags.GetValueOrDefault(reason) > 0)),
                reason => L["Flag." + reason], (reason, month) => report.Rows.Where(r => r.Month == month).Sum(r => r.Flags.GetValueOrDefault(reason)));
        chart = chart with { Caption = report.AllAgencies ? L["Report.Chart.Rate"] : L["Report.Chart.ByFlag"] };
        return new(Verification, L["Report.Verification.Title"], L["Report.Verification.Note"], table, chart, report.Agencies, report.AllAgencies);
    }

    public static ReportView Of(Report<ZhuhuibaoRow> report, ReportRange range, IStringLocalizer L)
    {
        var table = new ReportTable(
            [
                new(L["Report.Agency"]), new(L["Report.Month"]), new(L["Report.Clients"]), new(L["Report.OwedHours"], Hours),
                new(L["Report.DeliveredHours"], Hours), new(L["Report.ClientsShort"]),
            ],
            [.. report.Rows.Select(r => Row(r.Agency, ReportRange.Format(r.Month), r.Clients, r.OwedHours, r.DeliveredHours, r.ClientsShort))]);
        var chart = report.AllAgencies
            ? PerAgency(ChartType.Line, report, range, (agency, month) =>
                Ratio(report.Rows.Where(r => r.Agency == agency && r.Month == month), r => r.DeliveredHours, r => r.OwedHours))
            : ByMonth(ChartType.Bar, range, OwedThenDelivered, delivered => L[delivered ? "Report.DeliveredHours" : "Report.OwedHours"],
                (delivered, month) => (double)report.Rows.Where(r => r.Month == month).Sum(r => delivered ? r.DeliveredHours : r.OwedHours));
        chart = chart with { Caption = report.AllAgencies ? L["Report.Chart.Delivered"] : L["Report.Chart.OwedDelivered"] };
        return new(ZhuhuibaoHours, L["Report.ZhuhuibaoHours.Title"], L["Report.ZhuhuibaoHours.Note"], table, chart, report.Agencies, report.AllAgencies);
    }

    private static object?[] Row(params object?[] cells) => cells;

    private static string ModeName(CareMode? mode, IStringLocalizer L) => mode is { } m ? L["CareMode." + m] : L["Report.CareModeUnknown"];

    /// <summary>The reason as month close words it; a reason the UI has no words for shows as its code.</summary>
    private static string ReasonName(string reason, IStringLocalizer L) => L["Exception." + reason] is { ResourceNotFound: false } text ? text.Value : reason;

    private static decimal? AsPercent(decimal? fraction) => fraction is { } f ? Math.Round(f * 100m, 1, MidpointRounding.AwayFromZero) : null;

    /// <summary>Σ part ÷ Σ whole in percent (one place); 0 when there is no whole.</summary>
    private static double Ratio<T>(IEnumerable<T> rows, Func<T, decimal> part, Func<T, decimal> whole)
    {
        var list = rows.ToList();
        var w = list.Sum(whole);
        return w > 0 ? (double)Math.Round(list.Sum(part) * 100m / w, 1, MidpointRounding.AwayFromZero) : 0d;
    }

    /// <summary>Months along the axis, one series per agency (the operator's view).</summary>
    private static ReportChart PerAgency<T>(ChartType type, Report<T> report, ReportRange range, Func<string, DateOnly, double> value)
    {
        var months = range.Months().ToList();
        return new ReportChart(type, [.. months.Select(ReportRange.Format)],
            [.. report.Agencies.Select(agency => new ReportSeries(agency, [.. months.Select(m => value(agency, m))]))]);
    }

    /// <summary>Months along the axis, one series per key (care mode, reason) of one agency.</summary>
    private static ReportChart ByMonth<TKey>(ChartType type, ReportRange range, IEnumerable<TKey> keys, Func<TKey, string> name, Func<TKey, DateOnly, double> value)
    {
        var months = range.Months().ToList();
        return new ReportChart(type, [.. months.Select(ReportRange.Format)],
            [.. keys.Select(key => new ReportSeries(name(key), [.. months.Select(m => value(key, m))]))]);
    }
}
