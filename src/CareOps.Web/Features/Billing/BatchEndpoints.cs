using CareOps.Billing.Batches;
using CareOps.Web.Infrastructure;

namespace CareOps.Web.Features.Billing;

/// <summary>Downloads of a batch: CSV (opens in Excel), XLSX and JSON, each with totals and the control sum.</summary>
public static class BatchEndpoints
{
    public static IEndpointRouteBuilder MapBatchDownloads(this IEndpointRouteBuilder app)
    {
        app.MapGet("/billing/batches/{id:guid}/export.{format}", ExportAsync).RequireAuthorization(Policies.Billing);
        return app;
    }

    private static async Task<IResult> ExportAsync(Guid id, string format, CloseMonth close, HttpResponse response, CancellationToken ct)
    {
        // Claim files list clients by name and resident ID: no cache (browser, proxy) may keep a copy.
        response.Headers.CacheControl = "no-store";
        var batch = await close.LoadAsync(id, ct);
        if (batch is null)
        {
            return Results.NotFound();
        }

        var name = $"claim-{batch.AgencyCode}-{batch.Month:yyyy-MM}-v{batch.Version}";
        return format switch
        {
            "csv" => Results.File(BatchFiles.ToCsv(batch), "text/csv; charset=utf-8", name + ".csv"),
            "xlsx" => Results.File(BatchFiles.ToXlsx(batch), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name + ".xlsx"),
            "json" => Results.File(System.Text.Encoding.UTF8.GetBytes(BatchFiles.ToJson(batch)), "application/json; charset=utf-8", name + ".json"),
            _ => Results.NotFound(),
        };
    }
}
