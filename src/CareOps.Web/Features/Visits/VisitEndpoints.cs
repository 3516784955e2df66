using CareOps.Data.Domain;
using CareOps.Web.Infrastructure;
using CareOps.Web.Resources;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace CareOps.Web.Features.Visits;

/// <summary>A visit as the phone's script keeps it: enough to redraw the page and decide what may be pressed next.</summary>
public sealed record VisitState(
    Guid Id,
    string Status,
    IReadOnlyList<string> Flags,
    DateTimeOffset? CheckInAt,
    DateTimeOffset? CheckOutAt,
    double? DistanceMeters,
    IReadOnlyList<string> Items,
    string? Notes,
    string Date,
    string PlannedStart)
{
    public static VisitState Of(Visit v) => new(
        v.Id,
        v.Phase.ToString(),
        [.. v.FlagReasons.Select(f => f.ToString())],
        v.CheckInAt,
        v.CheckOutAt,
        v.CheckInDistanceMeters,
        [.. v.ItemsPerformed.Select(i => i.ItemCode).Order(StringComparer.Ordinal)],
        v.Notes,
        v.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        v.PlannedStart.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture));
}

/// <summary>The answer to one synced operation: applied, duplicate (answered from its receipt) or refused, with the sentence why.</summary>
public sealed record SyncResult(Guid Id, string State, string? Message, VisitState? Visit);

/// <summary>
/// The phone's minimal API (ADR 0010): the sync of queued captures, evidence uploads, and a visit's state. Signed-in
/// caregivers only, each for her own visits; writes need the <c>X-CareOps-Sync</c> header, which no cross-site form can
/// send (the browser would ask first, and we answer no cross-origin request), on top of the SameSite sign-in cookie.
/// </summary>
public static class VisitEndpoints
{
    public const string SyncHeader = "X-CareOps-Sync";

    public static IEndpointRouteBuilder MapVisitApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/my").RequireAuthorization(Policies.Caregiver);
        api.MapPost("/sync", SyncAsync);
        api.MapGet("/visits/{id:guid}", StateAsync);
        api.MapPost("/visits/{id:guid}/evidence", UploadAsync)
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(EvidenceKind.MaxAudioBytes + (1024 * 1024)), new RequestFormLimitsAttribute { MultipartBodyLengthLimit = EvidenceKind.MaxAudioBytes + (1024 * 1024) });
        app.MapGet("/visits/{id:guid}/evidence/{evidenceId:guid}", EvidenceFileAsync).RequireAuthorization(Policies.SignedIn);
        return app;
    }

    private static async Task<IResult> SyncAsync(SyncBatch? batch, HttpRequest request, CaptureVisit capture, IStringLocalizer<SharedResource> text, CancellationToken ct)
    {
        if (!request.Headers.ContainsKey(SyncHeader))
        {
            return Refusal(text, StatusCodes.Status400BadRequest, Problems.Of("Visit.BadOperation"));
        }

        if (batch is null)
        {
            return Refusal(text, StatusCodes.Status400BadRequest, Problems.Of("Visit.BadOperation"));
        }

        var outcome = await capture.SyncAsync(batch, ct);
        if (!outcome.Succeeded)
        {
            return Refusal(text, StatusCodes.Status403Forbidden, outcome.Problems);
        }

        return Results.Ok(new
        {
            results = outcome.Value!.Select(o => new SyncResult(
                o.Id,
                o.State.ToString().ToLowerInvariant(),
                o.Problems.IsEmpty ? null : string.Join(" ", o.Problems.Select(p => p.Localize(text))),
                o.Visit is null ? null : VisitState.Of(o.Visit))),
        });
    }

    private static async Task<IResult> StateAsync(Guid id, HttpContext http, VisitQuery query, CancellationToken ct)
    {
        var visit = await query.OwnVisitAsync(TenantClaims.CaregiverOf(http.User), id, ct);
        return visit is null ? Results.NotFound(new { message = "" }) : Results.Ok(VisitState.Of(visit));
    }

    private static async Task<IResult> UploadAsync(Guid id, HttpRequest request, UploadEvidence upload, IStringLocalizer<SharedResource> text, CancellationToken ct)
    {
        if (!request.Headers.ContainsKey(SyncHeader) || !request.HasFormContentType)
        {
            return Refusal(text, StatusCodes.Status400BadRequest, Problems.Of("Visit.BadOperation"));
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(ct);
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException)
        {
            // Larger than the largest kind, or a broken multipart body.
            return Refusal(text, StatusCodes.Status413PayloadTooLarge, Problems.Of("Evidence.TooLarge", EvidenceKind.MaxAudioBytes / 1024 / 1024));
        }

        if (form.Files["file"] is not { } file || !Guid.TryParse(form["key"], out var key))
        {
            return Refusal(text, StatusCodes.Status400BadRequest, Problems.Of("Evidence.Empty"));
        }

        await using var content = file.OpenReadStream();
        var outcome = await upload.ExecuteAsync(id, key, file.FileName, file.ContentType, content, file.Length, ct);
        return outcome.Succeeded
            ? Results.Ok(new { id = outcome.Value!.Id, fileName = outcome.Value.FileName, length = outcome.Value.Length, sha256 = outcome.Value.Sha256 })
            : Refusal(text, StatusCodes.Status422UnprocessableEntity, outcome.Problems);
    }

    private static async Task<IResult> EvidenceFileAsync(Guid id, Guid evidenceId, HttpContext http, VisitQuery query, IEvidenceStore store, IAuthorizationService authorization, CancellationToken ct)
    {
        // A dispatcher sees her agency's evidence; a caregiver only her own visits'.
        var dispatcher = (await authorization.AuthorizeAsync(http.User, null, Policies.Dispatching)).Succeeded;
        var caregiver = TenantClaims.CaregiverOf(http.User);
        if (!dispatcher && caregiver is null)
        {
            return Results.NotFound();
        }

        var evidence = await query.EvidenceAsync(id, evidenceId, dispatcher ? null : caregiver, ct);
        if (evidence is null || store.OpenRead(evidence.StorageKey) is not { } stream)
        {
            return Results.NotFound();
        }

        http.Response.Headers.CacheControl = "no-store";
        return Results.Stream(stream, evidence.ContentType, evidence.FileName, enableRangeProcessing: true);
    }

    private static IResult Refusal(IStringLocalizer text, int status, Problems problems) =>
        Results.Json(new { message = string.Join(" ", problems.Select(p => p.Localize(text))) }, statusCode: status);
}
