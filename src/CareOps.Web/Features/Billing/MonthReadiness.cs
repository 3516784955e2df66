using CareOps.Billing.Batches;
using CareOps.Billing.Claims;
using CareOps.Data;
using CareOps.Data.Domain;
using CareOps.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CareOps.Web.Features.Billing;

/// <summary>A client whose data keeps the month from being claimed in full, and what is missing (a string key).</summary>
public sealed record ReadinessClient(Guid Id, string Name, string Problem);

/// <summary>
/// What stands between a month and its claim (issue 11, month close step 1): flagged visits still waiting for review
/// (they do not count until accepted), visits of past days not finished, visits made by a caregiver without a valid
/// certificate that day (the claim deducts them), and clients in care that month with data missing.
/// </summary>
/// <param name="Month">The month's first day.</param>
/// <param name="Completed">Visits of the month checked in and out.</param>
/// <param name="Waiting">Flagged visits nobody has decided on yet (they do not count until accepted).</param>
/// <param name="Unfinished">Visits of past days not checked in or out.</param>
/// <param name="Uncertified">Visits made while the caregiver's certificate had lapsed (the claim deducts them).</param>
/// <param name="Clients">Clients in care with data missing.</param>
/// <param name="WeekEnds">
/// When the month's last week runs into the next month and has not ended yet: its Sunday. Weeks are judged whole
/// (ADR 0201), so a claim made before then finds that week's visits still to come and deducts the week.
/// </param>
public sealed record MonthReadiness(DateOnly Month, int Completed, int Waiting, int Unfinished, int Uncertified, IReadOnlyList<ReadinessClient> Clients, DateOnly? WeekEnds)
{
    /// <summary>Nothing waits that someone could still settle before the claim.</summary>
    public bool Ready => Waiting == 0 && Unfinished == 0 && Clients.Count == 0 && WeekEnds is null;
}

public sealed class MonthReadinessQuery(IDbContextFactory<CareOpsDb> dbFactory, TimeProvider clock)
{
    public const string NoPlan = "Readiness.NoPlan";
    public const string AssessmentExpired = "Readiness.AssessmentExpired";
    public const string NoLocation = "Readiness.NoLocation";

    public async Task<MonthReadiness> ForMonthAsync(DateOnly anyDayOfMonth, CancellationToken ct = default)
    {
        var first = new DateOnly(anyDayOfMonth.Year, anyDayOfMonth.Month, 1);
        var last = first.AddMonths(1).AddDays(-1);
        var today = AgencyClock.Today(clock);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var visits = await db.Visits.AsNoTracking()
            .Where(v => v.Date >= first && v.Date <= last && v.Status != VisitStatus.Cancelled)
            .Select(v => new { v.Status, v.Verdict, v.Review, v.Date, v.CaregiverId })
            .ToListAsync(ct);
        var caregiverIds = visits.Where(v => v.Status == VisitStatus.Completed).Select(v => v.CaregiverId).Distinct().ToList();
        var caregivers = await db.Caregivers.AsNoTracking().Include(c => c.Certificates).Where(c => caregiverIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);

        var completed = visits.Count(v => v.Status == VisitStatus.Completed);
        var waiting = visits.Count(v => v.Status == VisitStatus.Completed && v.Verdict == VisitVerdict.Flagged && v.Review == null);
        var unfinished = visits.Count(v => v.Status is VisitStatus.Planned or VisitStatus.CheckedIn && v.Date < today);
        var uncertified = visits.Count(v => v.Status == VisitStatus.Completed
            && caregivers.TryGetValue(v.CaregiverId, out var c) && !c.IsCertifiedOn(v.Date));

        // Clients in care some day of the month (their status periods say so) with something missing.
        var clients = await db.Clients.AsNoTracking().Include(c => c.StatusPeriods)
            .Where(c => c.StatusPeriods.Any(p => p.Status == ClientStatus.Active && p.From <= last && (p.To == null || p.To >= first)))
            .Select(c => new
            {
                c.Id,
                c.Name,
                c.Latitude,
                c.Longitude,
                c.Assessment.ValidUntil,
                Planned = db.CarePlans.Any(p => p.ClientId == c.Id && p.EffectiveFrom <= last && (p.EffectiveTo == null || p.EffectiveTo >= first)),
            })
            .ToListAsync(ct);
        var gaps = clients.SelectMany(c => new[]
            {
                c.Planned ? null : NoPlan,
                c.ValidUntil < first ? AssessmentExpired : null,
                c.Latitude == 0 && c.Longitude == 0 ? NoLocation : null,
            }.OfType<string>().Select(problem => new ReadinessClient(c.Id, c.Name, problem)))
            .OrderBy(g => g.Name, StringComparer.Ordinal).ThenBy(g => g.Problem, StringComparer.Ordinal)
            .ToList();
        var sunday = WeekDaysExtensions.MondayOf(last).AddDays(6);
        return new MonthReadiness(first, completed, waiting, unfinished, uncertified, gaps, sunday >= today ? sunday : null);
    }
}

/// <summary>One client's share of an exception group: her lines of that reason.</summary>
public sealed record ExceptionClient(string ClientId, string ClientName, decimal Amount, IReadOnlyList<string> ExplanationsZh, IReadOnlyList<string> ExplanationsEn);

/// <summary>A batch's deductions (or not-counted visits) of one reason, with every client they touch.</summary>
public sealed record ExceptionGroup(string Reason, LineKind Kind, int Lines, decimal Amount, IReadOnlyList<ExceptionClient> Clients);

/// <summary>Month close step 3: a batch's exceptions grouped by reason, biggest amount first, clients by name.</summary>
public static class BatchExceptions
{
    public static IReadOnlyList<ExceptionGroup> Of(ClaimBatch batch) =>
        [.. batch.Lines
            .Where(l => l.Kind == LineKind.Deduction || l.Reason.StartsWith("VisitNotCounted.", StringComparison.Ordinal))
            .GroupBy(l => (l.Reason, l.Kind))
            .Select(g => new ExceptionGroup(
                g.Key.Reason,
                g.Key.Kind,
                g.Count(),
                g.Sum(l => l.Amount),
                [.. g.GroupBy(l => (l.ClientId, l.ClientName))
                    .Select(c => new ExceptionClient(c.Key.ClientId, c.Key.ClientName, c.Sum(l => l.Amount), [.. c.Select(l => l.ExplanationZh)], [.. c.Select(l => l.ExplanationEn)]))
                    .OrderBy(c => c.ClientName, StringComparer.Ordinal)]))
            .OrderBy(g => g.Amount).ThenByDescending(g => g.Lines).ThenBy(g => g.Reason, StringComparer.Ordinal)];
}
