using System.Globalization;
using System.Text;
using CareOps.Data;
using CareOps.Data.Domain;
using CareOps.Data.Rostering;
using CareOps.Data.Tenancy;
using CareOps.Scheduling.Roster;
using CareOps.Web.Infrastructure;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace CareOps.Web.Features.Roster;

/// <summary>
/// Runs one optimizer run to the end (the tested class behind <see cref="OptimizeWeekJob"/>). Safe to run twice: only a
/// queued run is claimed, so a second delivery of the job does nothing. While it solves it writes a heartbeat and the
/// best score to the run's row and pushes them to the agency's dispatchers at least once a second, and honours
/// "cancel" by keeping the best roster so far. The draft, the run's result and the week's release are written in one
/// transaction at the end, so a run stopped half-way leaves no half-written draft.
/// </summary>
public sealed class RosterRunner(DatabaseInfo database, TimeProvider clock, IRosterEvents events, ILogger<RosterRunner> log)
{
    /// <summary>How often progress is written and pushed.</summary>
    public static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(500);

    /// <summary>Threads of a solve (regions side by side); defaults to every core.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    public async Task RunAsync(Guid runId, CancellationToken shutdown)
    {
        var options = database.ContextOptions();
        Guid agencyId;
        await using (var any = new CareOpsDb(options, FixedTenant.None))
        {
            var found = await any.RosterRuns.IgnoreQueryFilters([CareOpsDb.TenantFilter]).AsNoTracking()
                .Where(r => r.Id == runId).Select(r => (Guid?)r.AgencyId).SingleOrDefaultAsync(shutdown);
            if (found is null)
            {
                return;
            }

            agencyId = found.Value;
        }

        await using var db = new CareOpsDb(options, new FixedTenant(agencyId));
        var started = clock.GetUtcNow();

        // Claim: only a queued run starts. A second delivery of the job finds it running or finished and leaves it.
        var claimed = await db.RosterRuns.Where(r => r.Id == runId && r.State == RosterRunState.Queued)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.State, RosterRunState.Running).SetProperty(r => r.StartedAt, started).SetProperty(r => r.HeartbeatAt, started), shutdown);
        if (claimed == 0)
        {
            return;
        }

        var run = await db.RosterRuns.AsNoTracking().SingleAsync(r => r.Id == runId, shutdown);
        try
        {
            await SolveAsync(db, run, shutdown);
        }
        catch (OperationCanceledException) when (shutdown.IsCancellationRequested)
        {
            await EndAsync(db, run, RosterRunState.Interrupted, "Roster.RunInterrupted");
        }
#pragma warning disable CA1031 // a failed run is recorded and reported; the job must not retry a broken problem
        catch (Exception e)
#pragma warning restore CA1031
        {
            log.RosterRunFailed(e, runId);
            await EndAsync(db, run, RosterRunState.Failed, "Roster.RunFailed");
        }
    }

    private async Task SolveAsync(CareOpsDb db, RosterRun run, CancellationToken shutdown)
    {
        var inputs = await RosterProblemBuilder.LoadAsync(db, run.AgencyId, run.WeekStart, shutdown);
        var problem = RosterProblemBuilder.Build(inputs);
        if (problem.Caregivers.Count == 0 || problem.Clients.Count == 0)
        {
            await EndAsync(db, run, RosterRunState.Failed, problem.Caregivers.Count == 0 ? "Roster.NoCaregivers" : "Roster.NoClients");
            return;
        }

        var required = problem.Clients.Sum(c => c.VisitsPerWeek);
        var latest = new Latest();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(shutdown);
        var solverOptions = new RosterSolverOptions
        {
            TimeLimit = TimeSpan.FromSeconds(run.TimeLimitSeconds),
            Seed = run.Seed,
            Threads = Math.Max(1, Threads),
            WorkLimit = run.WorkLimit,
            TimeProvider = clock,
            Progress = latest.Set,
        };
        var solveStarted = clock.GetTimestamp();
        var solve = Task.Run(() => RosterSolver.Solve(problem, solverOptions, stop.Token), CancellationToken.None);
        var series = new StringBuilder();
        var points = 0;
        while (!solve.IsCompleted)
        {
            if (!stop.IsCancellationRequested && await db.RosterRuns.AnyAsync(r => r.Id == run.Id && r.CancelRequested, CancellationToken.None))
            {
                stop.Cancel();
            }

            // Wall-clock ticks (not the injected clock): this is how often a person sees progress, not business time.
            await Task.WhenAny(solve, Task.Delay(Tick, CancellationToken.None));
            if (solve.IsCompleted)
            {
                break;
            }

            // Every tick, found something or not: the heartbeat keeps the sweeper away from a long first phase, and the
            // board sees the run alive at least once a second.
            var p = latest.Get();
            var elapsed = p?.Elapsed ?? clock.GetElapsedTime(solveStarted);
            if (p is not null && points++ < 600)
            {
                series.Append(CultureInfo.InvariantCulture, $"{p.Elapsed.TotalSeconds:0.#},{p.Scheduled},{p.TravelMinutes};");
            }

            var now = clock.GetUtcNow();
            var phase = Trim(p?.Phase ?? "preparing");
            var (scheduled, travel) = (p?.Scheduled ?? 0, p?.TravelMinutes ?? 0);
            await db.RosterRuns.Where(r => r.Id == run.Id).ExecuteUpdateAsync(s => s
                .SetProperty(r => r.HeartbeatAt, now)
                .SetProperty(r => r.Phase, phase)
                .SetProperty(r => r.Kpis.Required, required)
                .SetProperty(r => r.Kpis.Scheduled, scheduled)
                .SetProperty(r => r.Kpis.TravelMinutes, travel)
                .SetProperty(r => r.Series, series.ToString()), CancellationToken.None);
            await Push(run, RosterRunState.Running, phase, required, scheduled, travel, elapsed.TotalSeconds);
        }

        var result = await solve;
        shutdown.ThrowIfCancellationRequested();
        var state = stop.IsCancellationRequested ? RosterRunState.Cancelled : RosterRunState.Completed;
        var kpis = Figures(result.Score);
        var week = await db.RosterWeeks.SingleAsync(w => w.WeekStart == run.WeekStart, CancellationToken.None);
        var tracked = await db.RosterRuns.SingleAsync(r => r.Id == run.Id, CancellationToken.None);
        if (week.ActiveRunId != run.Id || tracked.State != RosterRunState.Running)
        {
            // Marked interrupted meanwhile (its heartbeat was missed): the week has moved on, keep nothing.
            return;
        }

        week.DraftJson = RosterJson.WriteRoster(result.Roster);
        week.DraftRunId = run.Id;
        week.DraftBasis = RosterProblemBuilder.Fingerprint(problem);
        week.DraftUpdatedAt = clock.GetUtcNow();
        week.DraftUpdatedBy = run.RequestedBy;
        week.DraftKpis = kpis;
        week.ActiveRunId = null;
        week.Version++;
        tracked.State = state;
        tracked.Kpis = Figures(result.Score);
        tracked.Phase = "done";
        tracked.FinishedAt = clock.GetUtcNow();
        tracked.HeartbeatAt = tracked.FinishedAt;
        tracked.Series = series.Append(CultureInfo.InvariantCulture, $"{result.Elapsed.TotalSeconds:0.#},{kpis.Scheduled},{kpis.TravelMinutes};").ToString();
        db.RosterAudit.Add(new RosterAuditEntry
        {
            WeekStart = run.WeekStart,
            At = clock.GetUtcNow(),
            By = run.RequestedBy,
            Action = state == RosterRunState.Completed ? RosterAction.RunCompleted : RosterAction.RunCancelled,
            Detail = $"{kpis.Scheduled}/{kpis.Required} · {kpis.TravelMinutes} min · {result.Elapsed.TotalSeconds:0.0} s",
        });
        await db.SaveChangesAsync(CancellationToken.None);
        await Push(run, state, "done", kpis.Required, kpis.Scheduled, kpis.TravelMinutes, result.Elapsed.TotalSeconds);
        await events.WeekChangedAsync(run.AgencyId, run.WeekStart);
    }

    /// <summary>Ends a run without a roster (failed, interrupted): the week is released, no draft is touched.</summary>
    private async Task EndAsync(CareOpsDb db, RosterRun run, RosterRunState state, string problemKey)
    {
        db.ChangeTracker.Clear();
        var now = clock.GetUtcNow();
        await RosterRunSweeper.EndRunAsync(db, run.Id, state, problemKey, now);
        await Push(run, state, null, run.Kpis.Required, run.Kpis.Scheduled, run.Kpis.TravelMinutes, (now - (run.StartedAt ?? now)).TotalSeconds);
        await events.WeekChangedAsync(run.AgencyId, run.WeekStart);
    }

    private async Task Push(RosterRun run, RosterRunState state, string? phase, int required, int scheduled, int travel, double elapsed)
    {
        try
        {
            await events.RunProgressAsync(run.AgencyId, new RunProgressMessage(run.Id, run.WeekStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                state.ToString(), phase, required, scheduled, travel, elapsed, run.TimeLimitSeconds));
        }
#pragma warning disable CA1031 // a lost push must not stop the run: the board also reads the run's row
        catch (Exception e)
#pragma warning restore CA1031
        {
            log.RosterPushFailed(e, run.Id);
        }
    }

    private static string Trim(string phase) => phase.Length <= 40 ? phase : phase[..40];

    /// <summary>The board's figures of a score.</summary>
    public static RosterKpis Figures(RosterScore score) => new()
    {
        Required = score.Required,
        Scheduled = score.Scheduled,
        TravelMinutes = score.TravelMinutes,
        FerryMinutes = score.FerryMinutes,
        DistinctCaregiversPerClient = Math.Round(score.DistinctCaregiversPerClient, 3),
        OvertimeMinutes = score.OvertimeMinutes,
        WorkloadSpreadMinutes = score.WorkloadSpreadMinutes,
    };

    /// <summary>The latest progress report of the solving threads.</summary>
    private sealed class Latest
    {
        private RosterProgress? value;

        public void Set(RosterProgress progress) => Volatile.Write(ref value, progress);

        public RosterProgress? Get() => Volatile.Read(ref value);
    }
}

/// <summary>The Hangfire job: a thin shell around <see cref="RosterRunner"/> (never retried: a rerun is a new run).</summary>
public sealed class OptimizeWeekJob(RosterRunner runner)
{
    [AutomaticRetry(Attempts = 0)]
    [Queue(Jobs.RosterQueue)]
    public Task RunAsync(Guid runId, CancellationToken cancellationToken) => runner.RunAsync(runId, cancellationToken);
}

/// <summary>
/// Marks runs whose worker died as interrupted and releases their week (at start-up and every minute): a run whose
/// heartbeat is older than <see cref="Silence"/> has no worker left. Nothing of such a run was saved.
/// </summary>
public sealed class RosterRunSweeper(DatabaseInfo database, TimeProvider clock)
{
    /// <summary>A running run silent this long has lost its worker.</summary>
    public static readonly TimeSpan Silence = TimeSpan.FromSeconds(30);

    /// <summary>Marks silent runs interrupted; returns how many.</summary>
    public async Task<int> SweepAsync(CancellationToken ct = default)
    {
        var options = database.ContextOptions();
        var cutoff = clock.GetUtcNow() - Silence;
        List<(Guid Id, Guid AgencyId)> silent;
        await using (var any = new CareOpsDb(options, FixedTenant.None))
        {
            // Note: compared in memory: SQLite cannot order DateTimeOffset values in SQL.
            var running = await any.RosterRuns.IgnoreQueryFilters([CareOpsDb.TenantFilter]).AsNoTracking()
                .Where(r => r.State == RosterRunState.Running)
                .Select(r => new { r.Id, r.AgencyId, r.HeartbeatAt }).ToListAsync(ct);
            silent = [.. running.Where(r => r.HeartbeatAt is null || r.HeartbeatAt < cutoff).Select(r => (r.Id, r.AgencyId))];
        }

        foreach (var (id, agencyId) in silent)
        {
            await using var db = new CareOpsDb(options, new FixedTenant(agencyId));
            await EndRunAsync(db, id, RosterRunState.Interrupted, "Roster.RunInterrupted", clock.GetUtcNow(), onlyIfSilentSince: cutoff);
        }

        return silent.Count;
    }

    /// <summary>
    /// Ends a running run without a roster and releases its week, in one transaction. With
    /// <paramref name="onlyIfSilentSince"/>, a run whose heartbeat moved meanwhile is left alone.
    /// </summary>
    internal static async Task EndRunAsync(CareOpsDb db, Guid runId, RosterRunState state, string problemKey, DateTimeOffset now, DateTimeOffset? onlyIfSilentSince = null)
    {
        var run = await db.RosterRuns.SingleOrDefaultAsync(r => r.Id == runId);
        if (run is null || !run.IsActive || (onlyIfSilentSince is { } since && run.HeartbeatAt >= since))
        {
            return;
        }

        run.State = state;
        run.ProblemKey = problemKey;
        run.FinishedAt = now;
        var week = await db.RosterWeeks.SingleOrDefaultAsync(w => w.WeekStart == run.WeekStart && w.ActiveRunId == runId);
        if (week is not null)
        {
            week.ActiveRunId = null;
            week.Version++;
        }

        db.RosterAudit.Add(new RosterAuditEntry
        {
            WeekStart = run.WeekStart,
            At = now,
            By = run.RequestedBy,
            Action = state == RosterRunState.Failed ? RosterAction.RunFailed : RosterAction.RunInterrupted,
            Detail = problemKey,
        });
        await db.SaveChangesAsync();
    }
}

/// <summary>The recurring sweep (every minute): a thin shell around <see cref="RosterRunSweeper"/>.</summary>
public sealed class SweepRosterRunsJob(RosterRunSweeper sweeper, ILogger<SweepRosterRunsJob> log)
{
    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var swept = await sweeper.SweepAsync(cancellationToken);
        if (swept > 0)
        {
            log.RosterRunsInterrupted(swept);
        }
    }
}
