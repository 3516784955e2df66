using CareOps.Data;
using CareOps.Data.Domain;
using Microsoft.EntityFrameworkCore;

namespace CareOps.Web.Features.Visits;

/// <summary>A care item as the phone lists it.</summary>
public sealed record CareItem(string Code, string NameZh, string NameEn, string CategoryZh, bool Planned);

/// <summary>An attached file as listed on the visit.</summary>
public sealed record EvidenceRow(Guid Id, string FileName, string ContentType, long Length, string Sha256, DateTimeOffset UploadedAt);

/// <summary>A caregiver's visit as her phone shows it: the plan, the client's home, and the record so far.</summary>
public sealed record VisitView(
    Guid Id,
    DateOnly Date,
    TimeOnly PlannedStart,
    int PlannedMinutes,
    string ClientName,
    string Address,
    double HomeLatitude,
    double HomeLongitude,
    int GeofenceMeters,
    VisitPhase Phase,
    DateTimeOffset? CheckInAt,
    DateTimeOffset? CheckOutAt,
    double? DistanceMeters,
    string? CheckInReason,
    IReadOnlyList<string> ItemsDone,
    string? Notes,
    IReadOnlyList<FlagReason> Flags,
    VisitReview? Review,
    string? ReviewReason,
    IReadOnlyList<CareItem> Catalogue,
    IReadOnlyList<EvidenceRow> Evidence,
    IReadOnlyList<VisitAuditRow> History);

/// <summary>A flagged visit waiting for a dispatcher's decision (or decided, in the history).</summary>
public sealed record ReviewRow(
    Guid Id,
    DateOnly Date,
    TimeOnly PlannedStart,
    string ClientName,
    string CaregiverName,
    DateTimeOffset? CheckInAt,
    DateTimeOffset? CheckOutAt,
    double? DistanceMeters,
    string? CheckInReason,
    int ItemCount,
    string? Notes,
    IReadOnlyList<FlagReason> Flags,
    VisitReview? Review,
    string? ReviewReason,
    string? ReviewedBy,
    int EvidenceCount,
    int Version);

/// <summary>One entry of a visit's audit trail.</summary>
public sealed record VisitAuditRow(DateTimeOffset At, string Actor, string Action, string? Reason, string? BeforeJson, string AfterJson);

public sealed class VisitQuery(IDbContextFactory<CareOpsDb> dbFactory)
{
    /// <summary>Her visit with what the phone needs, or null when it is not hers (or does not exist).</summary>
    public async Task<VisitView?> ForCaregiverAsync(Guid? caregiverId, Guid visitId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var visit = await db.Visits.AsNoTracking().Include(v => v.Client).Include(v => v.Evidence)
            .SingleOrDefaultAsync(v => v.Id == visitId && v.CaregiverId == caregiverId, ct);
        if (visit is null)
        {
            return null;
        }

        var geofence = await db.Agencies.Where(a => a.Id == visit.AgencyId).Select(a => a.GeofenceMeters).SingleAsync(ct);
        var plan = await db.CarePlans.AsNoTracking().Include(p => p.Items)
            .Where(p => p.ClientId == visit.ClientId && p.EffectiveFrom <= visit.Date && (p.EffectiveTo == null || p.EffectiveTo >= visit.Date))
            .OrderByDescending(p => p.EffectiveFrom).FirstOrDefaultAsync(ct);
        var catalogueId = plan?.CareCatalogueId ?? await db.Catalogues.OrderByDescending(c => c.EffectiveFrom).Select(c => c.Id).FirstOrDefaultAsync(ct);
        var planned = plan?.Items.Select(i => i.ItemCode).ToHashSet(StringComparer.Ordinal) ?? [];
        var catalogue = (await db.CatalogueItems.AsNoTracking().Where(i => i.CareCatalogueId == catalogueId).OrderBy(i => i.Code).ToListAsync(ct))
            .Select(i => new CareItem(i.Code, i.NameZh, i.NameEn, i.CategoryZh, planned.Contains(i.Code)))
            .ToList();
        return new VisitView(
            visit.Id,
            visit.Date,
            visit.PlannedStart,
            visit.PlannedMinutes,
            visit.Client?.Name ?? "",
            visit.Client?.Address ?? "",
            visit.Client?.Latitude ?? 0,
            visit.Client?.Longitude ?? 0,
            geofence,
            visit.Phase,
            visit.CheckInAt,
            visit.CheckOutAt,
            visit.CheckInDistanceMeters,
            visit.CheckInReason,
            [.. visit.ItemsPerformed.Select(i => i.ItemCode).Order(StringComparer.Ordinal)],
            visit.Notes,
            visit.FlagReasons,
            visit.Review,
            visit.ReviewReason,
            catalogue,
            [.. visit.Evidence.OrderBy(e => e.UploadedAt).Select(e => new EvidenceRow(e.Id, e.FileName, e.ContentType, e.Length, e.Sha256, e.UploadedAt))],
            await db.VisitAudit.AsNoTracking().Where(a => a.VisitId == visit.Id).OrderBy(a => a.Id)
                .Select(a => new VisitAuditRow(a.At, a.Actor, a.Action, a.Reason, null, "")).ToListAsync(ct));
    }

    /// <summary>Flagged visits of the agency: those waiting for a decision first (oldest first), then the decided ones (newest first).</summary>
    public async Task<(IReadOnlyList<ReviewRow> Rows, int Total)> ReviewQueueAsync(bool decided, int page, int pageSize, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.Visits.AsNoTracking().Where(v => v.Status == VisitStatus.Completed && v.Verdict == VisitVerdict.Flagged && (v.Review != null) == decided);
        var total = await query.CountAsync(ct);
        query = decided
            ? query.OrderByDescending(v => v.ReviewedAt).ThenBy(v => v.Id)
            : query.OrderBy(v => v.Date).ThenBy(v => v.PlannedStart).ThenBy(v => v.Id);
        var rows = await query.Skip(page * pageSize).Take(pageSize)
            .Select(v => new
            {
                v.Id,
                v.Date,
                v.PlannedStart,
                Client = v.Client!.Name,
                Caregiver = v.Caregiver!.Name,
                v.CheckInAt,
                v.CheckOutAt,
                v.CheckInDistanceMeters,
                v.CheckInReason,
                Items = v.ItemsPerformed.Count,
                v.Notes,
                v.FlagCodes,
                v.Review,
                v.ReviewReason,
                v.ReviewedBy,
                v.Version,
                Evidence = v.Evidence.Count,
            })
            .ToListAsync(ct);
        return (rows.Select(r => new ReviewRow(r.Id, r.Date, r.PlannedStart, r.Client, r.Caregiver, r.CheckInAt, r.CheckOutAt, r.CheckInDistanceMeters,
            r.CheckInReason, r.Items, r.Notes, Visit.ParseFlags(r.FlagCodes), r.Review, r.ReviewReason, r.ReviewedBy, r.Evidence, r.Version)).ToList(), total);
    }

    /// <summary>Her visit as stored (detached), or null when it is not hers.</summary>
    public async Task<Visit?> OwnVisitAsync(Guid? caregiverId, Guid visitId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Visits.AsNoTracking().SingleOrDefaultAsync(v => v.Id == visitId && v.CaregiverId == caregiverId, ct);
    }

    /// <summary>A visit's audit trail, oldest first (the agency's visits only).</summary>
    public async Task<IReadOnlyList<VisitAuditRow>> AuditAsync(Guid visitId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.VisitAudit.AsNoTracking().Where(a => a.VisitId == visitId).OrderBy(a => a.At).ThenBy(a => a.Id)
            .Select(a => new VisitAuditRow(a.At, a.Actor, a.Action, a.Reason, a.BeforeJson, a.AfterJson))
            .ToListAsync(ct);
    }

    /// <summary>The files attached to a visit of the agency, oldest first.</summary>
    public async Task<IReadOnlyList<EvidenceRow>> EvidenceListAsync(Guid visitId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.VisitEvidence.AsNoTracking().Where(e => e.VisitId == visitId).OrderBy(e => e.UploadedAt)
            .Select(e => new EvidenceRow(e.Id, e.FileName, e.ContentType, e.Length, e.Sha256, e.UploadedAt)).ToListAsync(ct);
    }

    /// <summary>Evidence of a visit the user may see: her own visit for a caregiver, any of the agency's for a dispatcher.</summary>
    public async Task<VisitEvidence?> EvidenceAsync(Guid visitId, Guid evidenceId, Guid? caregiverId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.VisitEvidence.AsNoTracking()
            .Where(e => e.Id == evidenceId && e.VisitId == visitId && (caregiverId == null || db.Visits.Any(v => v.Id == visitId && v.CaregiverId == caregiverId)))
            .SingleOrDefaultAsync(ct);
    }
}
