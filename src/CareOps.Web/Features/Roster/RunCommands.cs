using System.Security.Claims;
using CareOps.Data;
using CareOps.Data.Domain;
using CareOps.Web.Infrastructure;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace CareOps.Web.Features.Roster;

/// <summary>What a dispatcher may set for a run.</summary>
public sealed class RunSettings
{
    /// <summary>Most seconds the solve may take (it stops earlier when it stalls).</summary>
    public int TimeLimitSeconds { get; set; } = 60;

    public int Seed { get; set; } = 1;

    /// <summary>Optional work budget for a reproducible roster (exact day timings).</summary>
    public long? WorkLimit { get; set; }

    public const int MinSeconds = 5;

    public const int MaxSeconds = 600;
}

/// <summary>
/// Starts an optimizer run of a week: one run per agency-week at a time (a second is refused while one is queued or
/// running), recorded with its settings and who started it, solved by a Hangfire job.
/// </summary>
public sealed class StartRosterRun(IDbContextFactory<CareOpsDb> dbFactory, Caller caller, TimeProvider clock, IBackgroundJobClient jobs, ILogger<StartRosterRun> log)
{
    public async Task<Outcome<Guid>> ExecuteAsync(DateOnly weekStart, RunSettings settings, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var problems = await caller.RequireAsync(Policies.Dispatching, db.CurrentAgencyId);
        if (!problems.IsEmpty)
        {
            return Outcome.Refused<Guid>(problems);
        }

        problems = RosterWeeks.CheckWeek(weekStart, AgencyClock.Today(clock));
        if (settings.TimeLimitSeconds is < RunSettings.MinSeconds or > RunSettings.MaxSeconds)
        {
            problems.Add(nameof(settings.TimeLimitSeconds), "Error.Range", RunSettings.MinSeconds, RunSettings.MaxSeconds);
        }

        if (settings.WorkLimit is <= 0)
        {
            problems.Add(nameof(settings.WorkLimit), "Error.Range", 1, long.MaxValue);
        }

        if (!problems.IsEmpty)
        {
            return Outcome.Refused<Guid>(problems);
        }

        var sunday = weekStart.AddDays(6);
        if (!await db.Caregivers.AnyAsync(c => c.IsActive, ct))
        {
            return Outcome.Refused<Guid>(Problems.Of("Roster.NoCaregivers"));
        }

        if (!await db.CarePlans.AnyAsync(p => p.VisitsPerWeek > 0 && p.EffectiveFrom <= sunday && (p.EffectiveTo == null || p.EffectiveTo >= weekStart), ct))
        {
            return Outcome.Refused<Guid>(Problems.Of("Roster.NoClients"));
        }

        var week = await db.RosterWeeks.SingleOrDefaultAsync(w => w.WeekStart == weekStart, ct);
        if (week is null)
        {
            week = new RosterWeek { WeekStart = weekStart };
            db.RosterWeeks.Add(week);
        }
        else if (week.ActiveRunId is { } active && await db.RosterRuns.AnyAsync(r => r.Id == active && (r.State == RosterRunState.Queued || r.State == RosterRunState.Running), ct))
        {
            return Outcome.Refused<Guid>(Problems.Of("Roster.RunInProgress"));
        }

        var run = RosterWeeks.AddRun(db, week, settings, RosterWeeks.NameOf(caller.User), clock.GetUtcNow());
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another dispatcher started (or created) the same week a moment earlier: the version or the unique week won.
            return Outcome.Refused<Guid>(Problems.Of("Roster.RunInProgress"));
        }

        try
        {
            jobs.Enqueue<OptimizeWeekJob>(j => j.RunAsync(run.Id, CancellationToken.None));
        }
        catch (Exception)
        {
            db.ChangeTracker.Clear();
            await RosterRunSweeper.EndRunAsync(db, run.Id, RosterRunState.Failed, "Roster.QueueDown", clock.GetUtcNow());
            return Outcome.Refused<Guid>(Problems.Of("Roster.QueueDown"));
        }

        log.RosterRunStarted(run.Id, weekStart, run.RequestedBy);
        return Outcome.Done(run.Id);
    }
}

/// <summary>Asks a run to stop: the worker keeps the best roster found so far as the draft.</summary>
public sealed class CancelRosterRun(IDbContextFactory<CareOpsDb> dbFactory, Caller caller)
{
    public async Task<Problems> ExecuteAsync(Guid runId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var problems = await caller.RequireAsync(Policies.Dispatching, db.CurrentAgencyId);
        if (!problems.IsEmpty)
        {
            return problems;
        }

        var run = await db.RosterRuns.SingleOrDefaultAsync(r => r.Id == runId, ct);
        if (run is null || !run.IsActive)
        {
            return Problems.Of("Roster.RunNotActive");
        }

        run.CancelRequested = true;
        await db.SaveChangesAsync(ct);
        return [];
    }
}

/// <summary>Week arithmetic of the roster (agency time) and the names written to the audit.</summary>
public static class RosterWeeks
{
    /// <summary>Monday of the week of a date.</summary>
    public static DateOnly MondayOf(DateOnly date) => WeekDaysExtensions.MondayOf(date);

    /// <summary>A week may be planned from this week on, and only by its Monday.</summary>
    public static Problems CheckWeek(DateOnly weekStart, DateOnly today)
    {
        if (weekStart.DayOfWeek != DayOfWeek.Monday)
        {
            return Problems.Of("Roster.NotMonday");
        }

        return weekStart < MondayOf(today) ? Problems.Of("Roster.PastWeek") : [];
    }

    /// <summary>The name the audit records for a user.</summary>
    /// <summary>A run of the week, queued (tracked, not saved): its row, the week claimed by it (version moved on), the audit entry.</summary>
    public static RosterRun AddRun(CareOpsDb db, RosterWeek week, RunSettings settings, string by, DateTimeOffset at)
    {
        var run = new RosterRun
        {
            WeekStart = week.WeekStart,
            RequestedBy = by,
            RequestedAt = at,
            TimeLimitSeconds = settings.TimeLimitSeconds,
            Seed = settings.Seed,
            WorkLimit = settings.WorkLimit,
        };
        db.RosterRuns.Add(run);
        week.ActiveRunId = run.Id;
        week.Version++;
        db.RosterAudit.Add(new RosterAuditEntry
        {
            WeekStart = week.WeekStart,
            At = at,
            By = by,
            Action = RosterAction.RunStarted,
            Detail = $"{settings.TimeLimitSeconds} s, seed {settings.Seed}" + (settings.WorkLimit is { } w ? $", work {w}" : ""),
        });
        return run;
    }

    /// <summary>The user work nobody signed in for acts as (scheduled drafts, the demo's history): a dispatcher of the agency with a name for the audit.</summary>
    public static ClaimsPrincipal SystemUser(Guid agencyId, string name) => new(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.Name, name),
            new Claim(TenantClaims.DisplayName, name),
            new Claim(ClaimTypes.Role, Roles.Dispatcher),
            new Claim(TenantClaims.AgencyId, agencyId.ToString()),
        ],
        "system"));

    public static string NameOf(ClaimsPrincipal user)
    {
        var name = user.FindFirst(TenantClaims.DisplayName)?.Value ?? user.Identity?.Name ?? "?";
        return name.Length <= 100 ? name : name[..100];
    }
}
