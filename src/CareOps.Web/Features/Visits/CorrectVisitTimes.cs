using CareOps.Data;
using CareOps.Data.Domain;
using CareOps.Web.Features.Roster;
using CareOps.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CareOps.Web.Features.Visits;

/// <summary>
/// A dispatcher corrects a finished visit's check-in and check-out times (the caregiver forgot to check out, the
/// phone's clock was wrong, the home's paper log says otherwise). Always with a reason, audited before and after; the
/// visit is judged again by the rules, and an earlier review decision is withdrawn: it was taken on other facts.
/// The times are the agency's wall clock on the visit's date; the phone's own times go (the correction supersedes them).
/// </summary>
public sealed class CorrectVisitTimes(IDbContextFactory<CareOpsDb> dbFactory, Caller caller, TimeProvider clock, ILogger<CorrectVisitTimes> log)
{
    /// <param name="visitId">The visit.</param>
    /// <param name="checkIn">New check-in, China time on the visit's date.</param>
    /// <param name="checkOut">New check-out, China time on the visit's date, after the check-in.</param>
    /// <param name="reason">Why; required.</param>
    /// <param name="version">The visit's version the dispatcher saw: a record changed since is refused, not overwritten.</param>
    /// <param name="ct">Cancellation.</param>
    public async Task<Problems> ExecuteAsync(Guid visitId, TimeOnly checkIn, TimeOnly checkOut, string? reason, int version, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var problems = await caller.RequireAsync(Policies.Dispatching, db.CurrentAgencyId);
        if (!problems.IsEmpty)
        {
            return problems;
        }

        var text = reason?.Trim() is { Length: > 0 } t ? t : null;
        if (text is null)
        {
            return Problems.Of("Correct.ReasonNeeded");
        }

        if (text.Length > CaptureVisit.MaxReason)
        {
            return Problems.Of("Visit.ReasonTooLong", CaptureVisit.MaxReason);
        }

        if (checkOut <= checkIn)
        {
            return Problems.Of("Correct.OutBeforeIn");
        }

        var visit = await db.Visits.Include(v => v.Caregiver!).ThenInclude(c => c.Certificates).Include(v => v.ItemsPerformed).AsSplitQuery()
            .SingleOrDefaultAsync(v => v.Id == visitId, ct);
        if (visit is null)
        {
            return Problems.Of("Review.NotFound");
        }

        if (visit.Status != VisitStatus.Completed || visit.CheckInAt is null || visit.CheckOutAt is null)
        {
            return Problems.Of("Correct.NotFinished");
        }

        if (visit.Version != version)
        {
            return Problems.Of("Review.ChangedMeanwhile");
        }

        var newIn = AgencyClock.At(visit.Date, checkIn);
        var newOut = AgencyClock.At(visit.Date, checkOut);
        if (newOut > clock.GetUtcNow())
        {
            return Problems.Of("Correct.InFuture");
        }

        var agency = await db.Agencies.AsNoTracking().SingleAsync(a => a.Id == visit.AgencyId, ct);
        var before = VisitRecordJson.Of(visit);
        var by = RosterWeeks.NameOf(caller.User);
        (visit.CheckInAt, visit.CheckOutAt) = (newIn, newOut);
        (visit.CheckInDeviceAt, visit.CheckOutDeviceAt) = (null, null);
        (visit.Review, visit.ReviewReason, visit.ReviewedBy, visit.ReviewedAt) = (null, null, null, null);
        await CaptureVisit.JudgeAsync(visit, agency, new DatabaseCaptureFacts(db), ct);
        db.VisitAudit.Add(new VisitAuditEntry
        {
            AgencyId = visit.AgencyId,
            VisitId = visit.Id,
            At = clock.GetUtcNow(),
            Actor = by,
            Action = "Correct",
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
            return Problems.Of("Review.ChangedMeanwhile");
        }

        log.VisitTimesCorrected(visit.Id, by, visit.Verdict);
        return [];
    }
}
