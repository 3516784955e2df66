using System.Net;

namespace CareOps.Web.Infrastructure;

/// <summary>
/// Every log line the app writes, as source-generated messages (no boxing or formatting when the level is off).
/// Event ids 1xxx are the sign-in audit an agency owes under 等保: keep them stable, auditors filter on them.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(1001, LogLevel.Warning, "Sign-in failed: no account for email fingerprint {EmailFingerprint} (length {Length}), from {RemoteIp}")]
    public static partial void UnknownAccount(this ILogger log, string emailFingerprint, int length, IPAddress? remoteIp);

    [LoggerMessage(1002, LogLevel.Warning, "Sign-in refused: account {Email} ({UserId}) is locked out until {LockoutEnd:u} or has no password, from {RemoteIp}")]
    public static partial void LockedOutAccount(this ILogger log, string? email, string userId, DateTimeOffset? lockoutEnd, IPAddress? remoteIp);

    [LoggerMessage(1003, LogLevel.Information, "Signed in: {Email} ({UserId}) from {RemoteIp}")]
    public static partial void SignedIn(this ILogger log, string? email, string userId, IPAddress? remoteIp);

    [LoggerMessage(1004, LogLevel.Warning, "Account {Email} ({UserId}) locked out after {Failures} failed sign-ins, the last from {RemoteIp}")]
    public static partial void LockedOut(this ILogger log, string? email, string userId, int failures, IPAddress? remoteIp);

    [LoggerMessage(1005, LogLevel.Warning, "Sign-in failed: wrong password for {Email} ({UserId}), from {RemoteIp}")]
    public static partial void WrongPassword(this ILogger log, string? email, string userId, IPAddress? remoteIp);

    [LoggerMessage(1006, LogLevel.Information, "Sign-in cookie of user {UserId} refused (signed out or changed since it was issued), from {RemoteIp}")]
    public static partial void CookieRefused(this ILogger log, string? userId, IPAddress? remoteIp);

    [LoggerMessage(1007, LogLevel.Information, "Circuit of user {UserId} signed out: security stamp changed or user removed")]
    public static partial void CircuitSignedOut(this ILogger log, string? userId);

    [LoggerMessage(1008, LogLevel.Warning, "Re-checking a circuit of user {UserId} failed; its periodic check will retry")]
    public static partial void CircuitRecheckFailed(this ILogger log, Exception exception, string userId);

    [LoggerMessage(2001, LogLevel.Warning, "Stripe event {EventId} for unknown invoice {Invoice}: asking Stripe to retry")]
    public static partial void PaymentForUnknownInvoice(this ILogger log, string eventId, string? invoice);

    [LoggerMessage(2002, LogLevel.Information, "Stripe event {EventId} ({Type}) applied: {Outcome}")]
    public static partial void PaymentEventApplied(this ILogger log, string eventId, string type, string outcome);

    [LoggerMessage(3001, LogLevel.Warning, "Demo data is enabled in Production: demo users share a published password.")]
    public static partial void DemoInProduction(this ILogger log);

    [LoggerMessage(3002, LogLevel.Information, "Demo archipelago ready: {Agencies} agencies, {Clients} clients, {Caregivers} caregivers, {Users} users.")]
    public static partial void DemoReady(this ILogger log, int agencies, int clients, int caregivers, int users);

    [LoggerMessage(4001, LogLevel.Error, "Roster run {RunId} failed; the week keeps its previous draft")]
    public static partial void RosterRunFailed(this ILogger log, Exception exception, Guid runId);

    [LoggerMessage(4002, LogLevel.Warning, "Pushing the progress of roster run {RunId} failed; the board reads it from the run's row")]
    public static partial void RosterPushFailed(this ILogger log, Exception exception, Guid runId);

    [LoggerMessage(4003, LogLevel.Information, "Roster run {RunId} of week {WeekStart} started by {By}")]
    public static partial void RosterRunStarted(this ILogger log, Guid runId, DateOnly weekStart, string by);

    [LoggerMessage(4004, LogLevel.Information, "Roster of week {WeekStart} published as version {Number} by {By}: {Added} added, {Moved} moved, {Removed} cancelled")]
    public static partial void RosterPublished(this ILogger log, DateOnly weekStart, int number, string by, int added, int moved, int removed);

    [LoggerMessage(4005, LogLevel.Warning, "{Count} roster runs had lost their worker and were marked interrupted")]
    public static partial void RosterRunsInterrupted(this ILogger log, int count);

    [LoggerMessage(5001, LogLevel.Warning, "Capture for visit {VisitId} refused: not a visit of caregiver {CaregiverId}")]
    public static partial void CaptureRefusedNotHers(this ILogger log, Guid visitId, Guid caregiverId);

    [LoggerMessage(5002, LogLevel.Information, "Capture {Kind} of visit {VisitId} applied: {Status} {Verdict}")]
    public static partial void VisitCaptured(this ILogger log, string kind, Guid visitId, CareOps.Data.Domain.VisitStatus status, CareOps.Data.Domain.VisitVerdict? verdict);

    [LoggerMessage(5003, LogLevel.Information, "Capture {Key} of visit {VisitId} replayed: answered from its receipt, nothing done again")]
    public static partial void CaptureReplayed(this ILogger log, Guid key, Guid visitId);

    [LoggerMessage(5004, LogLevel.Information, "Evidence {EvidenceId} ({Length} bytes, {ContentType}) stored for visit {VisitId}")]
    public static partial void EvidenceStored(this ILogger log, Guid evidenceId, long length, string contentType, Guid visitId);

    [LoggerMessage(5005, LogLevel.Information, "Visit {VisitId} reviewed by {By}: {Review}")]
    public static partial void VisitReviewed(this ILogger log, Guid visitId, string by, CareOps.Data.Domain.VisitReview review);

    [LoggerMessage(6001, LogLevel.Information, "Demo history: {Agency} week of {Week} planned and published in {PlanMs} ms, {Visits} visits replayed in {ReplayMs} ms")]
    public static partial void DemoHistoryWeek(this ILogger log, string agency, DateOnly week, int visits, long planMs, long replayMs);

    [LoggerMessage(6002, LogLevel.Information, "Demo history queued: the previous month and this month to date will be planned, published and visited")]
    public static partial void DemoHistoryQueued(this ILogger log);

    [LoggerMessage(5007, LogLevel.Information, "Visit {VisitId} times corrected by {By}: now {Verdict}")]
    public static partial void VisitTimesCorrected(this ILogger log, Guid visitId, string by, CareOps.Data.Domain.VisitVerdict? verdict);

    [LoggerMessage(5006, LogLevel.Information, "Capture {Key} of visit {VisitId} met a concurrent write of the visit; judged again")]
    public static partial void CaptureRetried(this ILogger log, Guid key, Guid visitId);
}
