using System.Data;
using System.Globalization;
using CareOps.Web.Infrastructure;
using CareOps.Web.Resources;
using Microsoft.Extensions.Localization;
using MiniExcelLibs;

namespace CareOps.Web.Features.Reports;

/// <summary>Each report's table as an Excel file (XLSX): the rows the page shows, numbers as numbers.</summary>
public static class ReportEndpoints
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>The address of a report's download for a range.</summary>
    public static string Path(string name, ReportRange range) => $"/reports/export/{name}?{range.Query}";

    public static IEndpointRouteBuilder MapReportDownloads(this IEndpointRouteBuilder app)
    {
        app.MapGet("/reports/export/{name}", ExportAsync).RequireAuthorization(Policies.Reports);
        return app;
    }

    private static async Task<IResult> ExportAsync(string name, string? from, string? to, ReportQuery query, IStringLocalizer<SharedResource> L, TimeProvider clock, HttpResponse response, CancellationToken ct)
    {
        // Caregivers' names and an agency's money: no cache (browser, proxy) may keep a copy.
        response.Headers.CacheControl = "no-store";
        if (!ReportViews.Names.Contains(name))
        {
            return Results.NotFound();
        }

        if (ReportRange.Read(from, to, clock) is not { } range)
        {
            return Results.Text(L["Error.ReportRangeUnreadable"], "text/plain; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);
        }

        var outcome = (await ReportViews.LoadAsync(query, name, range, L, ct))!;
        if (outcome.Value is not { } view)
        {
            var problem = outcome.Problems[0];
            var status = problem.Key is "Error.NotAllowed" or "Error.OtherAgency" or "Error.SignedOut" ? StatusCodes.Status403Forbidden : StatusCodes.Status400BadRequest;
            return Results.Text(problem.Localize(L), "text/plain; charset=utf-8", statusCode: status);
        }

        return Results.File(ToXlsx(view), ContentType, $"report-{name}-{ReportRange.Format(range.From)}-{ReportRange.Format(range.To)}.xlsx");
    }

    /// <summary>One sheet named after the report, a column per table column (headers in the user's language).</summary>
    public static byte[] ToXlsx(ReportView view)
    {
        // A table, not dictionaries: an empty report still gets its header row.
        using var table = new DataTable(view.Name) { Locale = CultureInfo.InvariantCulture };
        foreach (var column in view.Table.Columns)
        {
            table.Columns.Add(column.Header, typeof(object));
        }

        foreach (var row in view.Table.Rows)
        {
            table.Rows.Add([.. row.Select(cell => cell switch { null => DBNull.Value, string text => Text(text), _ => cell })]);
        }

        using var buffer = new MemoryStream();
        buffer.SaveAs(table, sheetName: view.Name);
        return buffer.ToArray();
    }

    /// <summary>Text that a spreadsheet would read as a formula (a name starting with "=") is kept as text (as the claim files do).</summary>
    private static string Text(string value) =>
        value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;
}
