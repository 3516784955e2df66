using CareOps.Data.Domain;
using CareOps.Data.Rostering;
using CareOps.Scheduling.Roster;
using CareOps.Web.Features.Roster;
using CareOps.Web.Tests.Features;
using CareOps.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CareOps.Web.Tests.Roster.RosterTestKit;

namespace CareOps.Web.Tests.Roster;

/// <summary>
/// An optimizer run from start to draft: one run per agency-week, progress pushed, the result saved with the week in
/// one go, safe when the job is delivered twice, "cancel" keeps the best so far, a dead worker's run is interrupted.
/// </summary>
[Collection(RosterCollection.Name)]
public sealed class RosterRunTests(CareOpsApp app)
{
    [Fact]
    public async Task Run_NextWeek_DraftIsValidAndTheWeekIsReleased()
    {
        var agency = await app.AgencyIdAsync("R5");
        var events = new RecordingEvents();

        var runId = await app.OptimizeAsync(agency, NextWeek, events: events);

        var run = await app.RunAsync(agency, runId);
        var week = await app.WeekAsync(agency, NextWeek);
        Assert.Equal(RosterRunState.Completed, run.State);
        Assert.Equal("dispatcher@test", run.RequestedBy);
        Assert.Null(week.ActiveRunId);
        Assert.Equal(runId, week.DraftRunId);
        var roster = RosterJson.ReadRoster(week.DraftJson!);
        Assert.True(run.Kpis.Scheduled > 0);
        Assert.Equal(roster.VisitCount, run.Kpis.Scheduled);
        Assert.Equal(run.Kpis.Scheduled, week.DraftKpis.Scheduled);

        // The independent validator finds nothing wrong with what the app saved, against the week's own data.
        await using var db = app.Database(agency);
        var problem = RosterProblemBuilder.Build(await RosterProblemBuilder.LoadAsync(db, agency, NextWeek));
        Assert.Empty(RosterValidator.Validate(problem, roster));
        Assert.Equal(problem.Clients.Sum(c => c.VisitsPerWeek), run.Kpis.Required);
        Assert.Equal(RosterProblemBuilder.Fingerprint(problem), week.DraftBasis);

        // The dispatchers heard the end, and the audit has the start and the end.
        var last = events.Progress[^1];
        Assert.Equal((runId, "Completed", run.Kpis.Scheduled), (last.RunId, last.State, last.Scheduled));
        var actions = await db.RosterAudit.Where(a => a.WeekStart == NextWeek).Select(a => a.Action).ToListAsync();
        Assert.Contains(RosterAction.RunStarted, actions);
        Assert.Contains(RosterAction.RunCompleted, actions);
    }

    [Fact]
    public async Task Run_DeliveredTwice_SecondDeliveryChangesNothing()
    {
        var agency = await app.AgencyIdAsync("R5");
        var week = NextWeek.AddDays(7);
        var runId = await app.OptimizeAsync(agency, week);
        var before = await app.WeekAsync(agency, week);

        await app.Runner(new RecordingEvents()).RunAsync(runId, CancellationToken.None);

        var after = await app.WeekAsync(agency, week);
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(before.DraftJson, after.DraftJson);
        Assert.Equal(RosterRunState.Completed, (await app.RunAsync(agency, runId)).State);
    }

    [Fact]
    public async Task Start_WhileARunIsQueued_IsRefused()
    {
        var agency = await app.AgencyIdAsync("R7");
        var start = app.Start(agency, app.Dispatcher(agency));
        var first = await start.ExecuteAsync(NextWeek, new RunSettings());

        var second = await app.Start(agency, app.Dispatcher(agency)).ExecuteAsync(NextWeek, new RunSettings());

        Assert.True(first.Succeeded);
        Assert.Equal("Roster.RunInProgress", Assert.Single(second.Problems).Key);
        await using var db = app.Database(agency);
        Assert.Equal(1, await db.RosterRuns.CountAsync(r => r.WeekStart == NextWeek));
    }

    [Theory]
    [InlineData("2026-12-01", "Roster.NotMonday")]
    [InlineData("2026-11-16", "Roster.PastWeek")]
    public async Task Start_WrongWeek_IsRefusedWithASentence(string day, string key)
    {
        var agency = await app.AgencyIdAsync("R8");

        var outcome = await app.Start(agency, app.Dispatcher(agency)).ExecuteAsync(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture), new RunSettings());

        Assert.Equal(key, Assert.Single(outcome.Problems).Key);
    }

    [Fact]
    public async Task Start_TimeLimitOutOfRange_IsRefused()
    {
        var agency = await app.AgencyIdAsync("R8");

        var outcome = await app.Start(agency, app.Dispatcher(agency)).ExecuteAsync(NextWeek, new RunSettings { TimeLimitSeconds = 100_000 });

        var problem = Assert.Single(outcome.Problems);
        Assert.Equal(("Error.Range", nameof(RunSettings.TimeLimitSeconds)), (problem.Key, problem.Field));
    }

    [Fact]
    public async Task Cancel_RequestedDuringTheRun_KeepsTheBestRosterSoFarAsTheDraft()
    {
        var agency = await app.AgencyIdAsync("R6");
        var week = NextWeek.AddDays(14);
        var started = await app.Start(agency, app.Dispatcher(agency)).ExecuteAsync(week, new RunSettings { TimeLimitSeconds = 600, WorkLimit = 100_000_000 });
        Assert.Empty(await app.Cancel(agency, app.Dispatcher(agency)).ExecuteAsync(started.Value));

        await app.Runner(new RecordingEvents()).RunAsync(started.Value, CancellationToken.None);

        var run = await app.RunAsync(agency, started.Value);
        var draft = await app.WeekAsync(agency, week);
        Assert.Equal(RosterRunState.Cancelled, run.State);
        Assert.Equal(started.Value, draft.DraftRunId);
        Assert.Null(draft.ActiveRunId);
        Assert.Equal(RosterJson.ReadRoster(draft.DraftJson!).VisitCount, run.Kpis.Scheduled);
    }

    [Fact]
    public async Task Sweep_RunWhoseWorkerDied_IsInterruptedNothingSavedAndCanBeStartedAgain()
    {
        var agency = await app.AgencyIdAsync("R4");
        var started = await app.Start(agency, app.Dispatcher(agency)).ExecuteAsync(NextWeek, new RunSettings());
        await using (var db = app.Database(agency))
        {
            // What a worker leaves when its process dies mid-run: running, heartbeat frozen a minute ago.
            var run = await db.RosterRuns.SingleAsync(r => r.Id == started.Value);
            (run.State, run.StartedAt, run.HeartbeatAt) = (RosterRunState.Running, app.Clock.GetUtcNow().AddMinutes(-2), app.Clock.GetUtcNow().AddMinutes(-1));
            await db.SaveChangesAsync();
        }

        var swept = await app.Services.GetRequiredService<RosterRunSweeper>().SweepAsync();

        Assert.Equal(1, swept);
        var interrupted = await app.RunAsync(agency, started.Value);
        Assert.Equal((RosterRunState.Interrupted, "Roster.RunInterrupted"), (interrupted.State, interrupted.ProblemKey));
        var week = await app.WeekAsync(agency, NextWeek);
        Assert.Null(week.ActiveRunId);
        Assert.Null(week.DraftJson);

        // A late delivery of the dead run's job does nothing; a new run may start.
        await app.Runner(new RecordingEvents()).RunAsync(started.Value, CancellationToken.None);
        Assert.Equal(RosterRunState.Interrupted, (await app.RunAsync(agency, started.Value)).State);
        Assert.True((await app.Start(agency, app.Dispatcher(agency)).ExecuteAsync(NextWeek, new RunSettings())).Succeeded);
    }

    [Fact]
    public async Task Sweep_RunWithAFreshHeartbeat_IsLeftAlone()
    {
        var agency = await app.AgencyIdAsync("R3");
        var started = await app.Start(agency, app.Dispatcher(agency)).ExecuteAsync(NextWeek, new RunSettings());
        await using (var db = app.Database(agency))
        {
            var run = await db.RosterRuns.SingleAsync(r => r.Id == started.Value);
            (run.State, run.HeartbeatAt) = (RosterRunState.Running, app.Clock.GetUtcNow().AddSeconds(-5));
            await db.SaveChangesAsync();
        }

        await app.Services.GetRequiredService<RosterRunSweeper>().SweepAsync();

        Assert.Equal(RosterRunState.Running, (await app.RunAsync(agency, started.Value)).State);
    }
}
