using CareOps.Data;
using CareOps.Data.Domain;
using CareOps.Web.Features.Roster;
using CareOps.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CareOps.Web.Features.Visits;

/// <summary>
/// A dispatcher's decision on a flagged visit: accepted (billing counts it) with a reason, or rejected (it does not
/// count). A decision can be changed later, again with a reason; each is audited with the record before and after.
/// </summary>
public sealed class ReviewVisit(IDbContextFactory<CareOpsDb> dbFactory, Caller caller, TimeProvider clock, ILogger<ReviewVisit> log)
{
    public async Task<Problems> ExecuteAsync(Guid visitId, VisitReview decision, string? reason, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var problems = await caller.RequireAsync(Policies.Dispatching, db.CurrentAgencyId);
        if (!problems.IsEmpty)
        {
            return problems;
        }

        var text = reason?.Trim() is { Length: > 0 } t ? t : null;
        if (decision == VisitReview.Accepted && text is null)
        {
            return Problems.Of("Review.ReasonNeeded");
        }

        if (text is { Length: > CaptureVisit.MaxReason })
        {
            return Problems.Of("Visit.ReasonTooLong", CaptureVisit.MaxReason);
        }

        var visit = await db.Visits.SingleOrDefaultAsync(v => v.Id == visitId, ct);
        if (visit is null)
        {
            return Problems.Of("Review.NotFound");
        }

        if (visit.Status != VisitStatus.Completed || visit.Verdict != VisitVerdict.Flagged)
        {
            return Problems.Of("Review.NotFlagged");
        }

        var before = VisitRecordJson.Of(visit);
        var by = RosterWeeks.NameOf(caller.User);
        visit.Review = decision;
        visit.ReviewReason = text;
        visit.ReviewedBy = by;
        visit.ReviewedAt = clock.GetUtcNow();
        db.VisitAudit.Add(new VisitAuditEntry
        {
            AgencyId = visit.AgencyId,
            VisitId = visit.Id,
            At = visit.ReviewedAt.Value,
            Actor = by,
            Action = "Review",
            Reason = text,
            BeforeJson = before,
            AfterJson = VisitRecordJson.Of(visit),
        });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another dispatcher decided, or the caregiver changed the record, since this page read it.
            return Problems.Of("Review.ChangedMeanwhile");
        }

        log.VisitReviewed(visit.Id, by, decision);
        return [];
    }
}
