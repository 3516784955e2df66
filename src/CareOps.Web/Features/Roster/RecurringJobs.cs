using System.Security.Claims;
using CareOps.Data;
using CareOps.Data.Domain;
using CareOps.Data.Tenancy;
using CareOps.Web.Infrastructure;
using Hangfire;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;

namespace CareOps.Web.Features.Roster;

/// <summary>A context factory for one agency, for work no signed-in user asked for (recurring jobs).</summary>
public sealed class AgencyDbFactory(DatabaseInfo database, Guid agencyId) : IDbContextFactory<CareOpsDb>
{
    public CareOpsDb CreateDbContext() => new(database.ContextOptions(), new FixedTenant(agencyId));
}

/// <summary>
/// Next week's draft made by itself at each agency's hour (default Thursday 18:00, agency time): once that hour has
/// passed, a week with no draft, no publish and no run since then gets a run, started in the name of the system. Safe to
/// run any number of times: the second finds the run the first started.
/// </summary>
public sealed class WeeklyDrafts(DatabaseInfo database, TimeProvider clock, IBackgroundJobClient jobs, IAuthorizationService authorization, ILoggerFactory logs)
{
    /// <summary>The name runs started by the schedule carry in the audit.</summary>
    public const string SystemName = "系统·每周自动排班";

    /// <summary>Starts the runs that are due; returns the weeks started (agency, Monday).</summary>
    public async Task<IReadOnlyList<(Guid Agency, DateOnly Week)>> RunAsync(CancellationToken ct = default)
    {
        var local = AgencyClock.Local(clock.GetUtcNow());
        var today = DateOnly.FromDateTime(local.DateTime);
        var monday = RosterWeeks.MondayOf(today);
        var target = monday.AddDays(7);
        List<Agency> agencies;
        await using (var any = new CareOpsDb(database.ContextOptions(), FixedTenant.None))
        {
            agencies = await any.Agencies.AsNoTracking().Where(a => a.IsActive && a.AutoDraftDay != null).ToListAsync(ct);
        }

        var started = new List<(Guid, DateOnly)>();
        foreach (var agency in agencies)
        {
            var day = monday.AddDays(((int)agency.AutoDraftDay!.Value + 6) % 7);
            var due = AgencyClock.At(day, agency.AutoDraftTime);
            if (local < due)
            {
                continue;
            }

            await using var db = new CareOpsDb(database.ContextOptions(), new FixedTenant(agency.Id));
            var week = await db.RosterWeeks.AsNoTracking().SingleOrDefaultAsync(w => w.WeekStart == target, ct);
            if (week is { DraftJson: not null } or { PublishedNumber: > 0 } or { ActiveRunId: not null })
            {
                continue;
            }

            // Once per due hour: a run already started since then (even one that failed) is not started again.
            var since = await db.RosterRuns.AsNoTracking().Where(r => r.WeekStart == target).Select(r => r.RequestedAt).ToListAsync(ct);
            if (since.Any(at => at >= due))
            {
                continue;
            }

            var start = new StartRosterRun(new AgencyDbFactory(database, agency.Id), Caller.Of(System(agency.Id), authorization), clock, jobs, logs.CreateLogger<StartRosterRun>());
            if ((await start.ExecuteAsync(target, new RunSettings(), ct)).Succeeded)
            {
                started.Add((agency.Id, target));
            }
        }

        return started;
    }

    private static ClaimsPrincipal System(Guid agencyId) => RosterWeeks.SystemUser(agencyId, SystemName);
}

/// <summary>
/// The daily warnings for dispatchers: certificates that lapse within 30 days (or have lapsed) of caregivers still
/// working, and assessments due for renewal within 30 days of clients still in care. One notice per subject and day:
/// a second run the same day adds nothing.
/// </summary>
public sealed class DispatchWarnings(DatabaseInfo database, TimeProvider clock)
{
    /// <summary>How far ahead a reassessment is announced.</summary>
    public const int ReassessmentWarningDays = 30;

    /// <summary>Writes today's notices; returns how many were new.</summary>
    public async Task<int> RunAsync(CancellationToken ct = default)
    {
        var today = AgencyClock.Today(clock);
        List<Guid> agencies;
        await using (var any = new CareOpsDb(database.ContextOptions(), FixedTenant.None))
        {
            agencies = await any.Agencies.AsNoTracking().Where(a => a.IsActive).Select(a => a.Id).ToListAsync(ct);
        }

        var added = 0;
        foreach (var agency in agencies)
        {
            await using var db = new CareOpsDb(database.ContextOptions(), new FixedTenant(agency));
            var caregivers = await db.Caregivers.AsNoTracking().Where(c => c.IsActive).Where(Caregiver.CertificateExpiringExpression(today))
                .Select(c => new { c.Id, c.Name, c.CertificateValidUntil }).ToListAsync(ct);
            var horizon = today.AddDays(ReassessmentWarningDays);
            var clients = await db.Clients.AsNoTracking().Where(c => c.Assessment.ValidUntil <= horizon).Where(RuleExpression.Into(Client.StatusOnExpression(today), (c, status) => status == ClientStatus.Active))
                .Select(c => new { c.Id, c.Name, c.Assessment.ValidUntil }).ToListAsync(ct);
            var existing = (await db.DispatchNotices.AsNoTracking().Where(n => n.Day == today).Select(n => new { n.Kind, n.SubjectId }).ToListAsync(ct))
                .Select(n => (n.Kind, n.SubjectId)).ToHashSet();
            var notices = caregivers.Select(c => new DispatchNotice { Day = today, Kind = NoticeKind.CertificateExpiring, SubjectId = c.Id, SubjectName = c.Name, DueOn = c.CertificateValidUntil })
                .Concat(clients.Select(c => new DispatchNotice { Day = today, Kind = NoticeKind.ReassessmentDue, SubjectId = c.Id, SubjectName = c.Name, DueOn = c.ValidUntil }))
                .Where(n => !existing.Contains((n.Kind, n.SubjectId)))
                .ToList();
            if (notices.Count == 0)
            {
                continue;
            }

            db.DispatchNotices.AddRange(notices);
            try
            {
                await db.SaveChangesAsync(ct);
                added += notices.Count;
            }
            catch (DbUpdateException)
            {
                // Another node ran the same job at the same moment: its notices stand, ours are the same.
            }
        }

        return added;
    }
}

/// <summary>The recurring jobs' shells (tested classes inside; never retried: the next run does the same work).</summary>
public sealed class WeeklyDraftJob(WeeklyDrafts drafts)
{
    [AutomaticRetry(Attempts = 0)]
    public Task RunAsync(CancellationToken cancellationToken) => drafts.RunAsync(cancellationToken);
}

/// <summary>Shell of <see cref="DispatchWarnings"/>.</summary>
public sealed class DispatchWarningsJob(DispatchWarnings warnings)
{
    [AutomaticRetry(Attempts = 0)]
    public Task RunAsync(CancellationToken cancellationToken) => warnings.RunAsync(cancellationToken);
}
