using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CareOps.Data;
using CareOps.Data.Domain;
using CareOps.Data.Tenancy;
using CareOps.Web.Infrastructure;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace CareOps.Web.Features.Billing;

/// <summary>
/// "Generate the month's claim": records a run and queues <see cref="ClaimDraftJob"/>, so a 100 000-client agency
/// never holds the page. While a run of the month is queued or running, asking again returns that run.
/// </summary>
public sealed class QueueClaimDraft(IDbContextFactory<CareOpsDb> dbFactory, Caller caller, TimeProvider clock, IBackgroundJobClient jobs)
{
    public async Task<Outcome<Guid>> ExecuteAsync(DateOnly anyDayOfMonth, CancellationToken ct = default)
    {
        var month = new DateOnly(anyDayOfMonth.Year, anyDayOfMonth.Month, 1);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var refused = await caller.RequireAsync(Policies.Billing, db.CurrentAgencyId);
        if (!refused.IsEmpty)
        {
            return Outcome.Refused<Guid>(refused);
        }

        if (month > AgencyClock.Today(clock))
        {
            return Outcome.Refused<Guid>(Problems.Of("Error.MonthNotStarted", month.ToString("yyyy-MM", CultureInfo.InvariantCulture)));
        }

        var active = await db.ClaimDraftRuns.AsNoTracking()
            .Where(r => r.Month == month && (r.State == ClaimDraftState.Queued || r.State == ClaimDraftState.Running))
            .Select(r => (Guid?)r.Id).FirstOrDefaultAsync(ct);
        if (active is Guid running)
        {
            return Outcome.Done(running);
        }

        var run = new ClaimDraftRun { Month = month, RequestedBy = Roster.RosterWeeks.NameOf(caller.User), RequestedAt = clock.GetUtcNow() };
        db.ClaimDraftRuns.Add(run);
        await db.SaveChangesAsync(ct);
        try
        {
            jobs.Enqueue<ClaimDraftJob>(j => j.RunAsync(run.Id, CancellationToken.None));
        }
#pragma warning disable CA1031 // the job store is down: the run is closed and the clerk told, nothing else was written
        catch (Exception)
#pragma warning restore CA1031
        {
            await db.ClaimDraftRuns.Where(r => r.Id == run.Id).ExecuteUpdateAsync(
                s => s.SetProperty(r => r.State, ClaimDraftState.Failed).SetProperty(r => r.Problems, DraftProblems.Write(Problems.Of("Roster.QueueDown"))), CancellationToken.None);
            return Outcome.Refused<Guid>(Problems.Of("Roster.QueueDown"));
        }

        return Outcome.Done(run.Id);
    }

    /// <summary>A run of the caller's agency as the page shows it (null: not found).</summary>
    public async Task<ClaimDraftRun?> FindAsync(Guid runId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ClaimDraftRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == runId, ct);
    }

    /// <summary>The month's latest run, so a page opened (or reloaded) mid-run shows its progress.</summary>
    public async Task<ClaimDraftRun?> LatestAsync(DateOnly month, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var runs = await db.ClaimDraftRuns.AsNoTracking().Where(r => r.Month == month).ToListAsync(ct);
        // Note: ordered in memory: SQLite cannot order DateTimeOffset values in SQL.
        return runs.OrderByDescending(r => r.RequestedAt).FirstOrDefault();
    }
}

/// <summary>
/// Runs one claim draft (the tested class behind <see cref="ClaimDraftJob"/>). Safe to run twice: it claims a queued
/// run, or a running one whose worker fell silent (the process died), and a finished run is left alone. Progress and a
/// heartbeat go to the run's row about twice a second; the batch is written in one transaction at the end, so a run
/// stopped half-way leaves nothing half-written and the next delivery starts it again.
/// </summary>
public sealed class ClaimDraftRunner(DatabaseInfo database, TimeProvider clock)
{
    /// <summary>A running run silent this long has lost its worker.</summary>
    public static readonly TimeSpan Silence = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(500);

    public async Task RunAsync(Guid runId, CancellationToken shutdown)
    {
        var options = database.ContextOptions();
        Guid agencyId;
        await using (var any = new CareOpsDb(options, FixedTenant.None))
        {
            var found = await any.ClaimDraftRuns.IgnoreQueryFilters([CareOpsDb.TenantFilter]).AsNoTracking()
                .Where(r => r.Id == runId).Select(r => (Guid?)r.AgencyId).SingleOrDefaultAsync(shutdown);
            if (found is null)
            {
                return;
            }

            agencyId = found.Value;
        }

        await using var db = new CareOpsDb(options, new FixedTenant(agencyId));
        var run = await db.ClaimDraftRuns.SingleAsync(r => r.Id == runId, shutdown);
        var now = clock.GetUtcNow();
        var orphaned = run.State == ClaimDraftState.Running && (run.HeartbeatAt is null || run.HeartbeatAt < now - Silence);
        if (run.State != ClaimDraftState.Queued && !orphaned)
        {
            return;
        }

        // Claim: the state is a concurrency token, so of two deliveries at once one wins and the other stops here.
        run.State = ClaimDraftState.Running;
        run.StartedAt = now;
        run.HeartbeatAt = now;
        run.Done = 0;
        try
        {
            await db.SaveChangesAsync(shutdown);
        }
        catch (DbUpdateConcurrencyException)
        {
            return;
        }

        db.ChangeTracker.Clear();
        var since = Stopwatch.StartNew();
        async Task Progress(int done, int total)
        {
            // Wall-clock throttle: how often a person sees progress, not business time.
            if (done != total && done != 0 && since.Elapsed < Tick)
            {
                return;
            }

            since.Restart();
            var at = clock.GetUtcNow();
            await db.ClaimDraftRuns.Where(r => r.Id == runId).ExecuteUpdateAsync(
                s => s.SetProperty(r => r.Done, done).SetProperty(r => r.Total, total).SetProperty(r => r.HeartbeatAt, at), CancellationToken.None);
            shutdown.ThrowIfCancellationRequested();
        }

        Outcome<BatchSummary> outcome;
        try
        {
            outcome = await CloseMonth.DraftCoreAsync(db, run.Month, run.RequestedBy, clock, Progress, shutdown);
        }
        catch (OperationCanceledException) when (shutdown.IsCancellationRequested)
        {
            // The node is stopping: nothing was written; Hangfire delivers the job again and it starts over.
            await EndAsync(db, runId, ClaimDraftState.Queued, null, null);
            throw;
        }

        await EndAsync(db, runId, outcome.Succeeded ? ClaimDraftState.Completed : ClaimDraftState.Refused, outcome.Value?.Id, outcome.Succeeded ? null : DraftProblems.Write(outcome.Problems));
    }

    private async Task EndAsync(CareOpsDb db, Guid runId, ClaimDraftState state, Guid? batchId, string? problems)
    {
        var at = clock.GetUtcNow();
        await db.ClaimDraftRuns.Where(r => r.Id == runId).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.State, state)
            .SetProperty(r => r.BatchId, batchId)
            .SetProperty(r => r.Problems, problems)
            .SetProperty(r => r.HeartbeatAt, at)
            .SetProperty(r => r.FinishedAt, state == ClaimDraftState.Queued ? null : at), CancellationToken.None);
    }
}

/// <summary>
/// The Hangfire shell of <see cref="ClaimDraftRunner"/>: default queue (pricing is one thread), retried after a crash
/// (the runner starts a silent run over), never two of one run at once.
/// </summary>
public sealed class ClaimDraftJob(ClaimDraftRunner runner)
{
    [AutomaticRetry(Attempts = 3)]
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    public Task RunAsync(Guid runId, CancellationToken cancellationToken) => runner.RunAsync(runId, cancellationToken);
}

/// <summary>A run's refusal as stored on its row (JSON: key and arguments as text) and read back for the page.</summary>
public static class DraftProblems
{
    private sealed record Stored(string Key, string[] Args, bool[] Texts);

    public static string Write(Problems problems)
    {
        var stored = problems.Take(30).Select(p => new Stored(
            p.Key,
            [.. p.Args.Select(a => a is TextArg t ? t.Key : Convert.ToString(a, CultureInfo.InvariantCulture) ?? "")],
            [.. p.Args.Select(a => a is TextArg)])).ToList();
        var json = JsonSerializer.Serialize(stored);
        return json.Length <= 4000 ? json : JsonSerializer.Serialize(stored.Take(5));
    }

    public static Problems Read(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return [];
        }

        var stored = JsonSerializer.Deserialize<List<Stored>>(json) ?? [];
        return new Problems(stored.Select(s => Problem.Of(s.Key, [.. s.Args.Select((a, i) => s.Texts[i] ? new TextArg(a) : (object)a)])));
    }
}
