using CareOps.Data.Domain;
using CareOps.Web.Features.Roster;
using CareOps.Web.Infrastructure;
using CareOps.Web.Tests.Features;
using CareOps.Web.Tests.Infrastructure;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace CareOps.Web.Tests.Roster;

/// <summary>Tests that run the optimizer and publish weeks get their own seeded app (they write runs and visits).</summary>
[CollectionDefinition(Name)]
public sealed class RosterCollection : ICollectionFixture<CareOpsApp>
{
    public const string Name = "roster";
}

/// <summary>What the hub would have pushed, recorded.</summary>
public sealed class RecordingEvents : IRosterEvents
{
    public List<RunProgressMessage> Progress { get; } = [];

    public List<(Guid Agency, DateOnly Week, IReadOnlyCollection<Guid> Caregivers)> Published { get; } = [];

    public Task RunProgressAsync(Guid agencyId, RunProgressMessage progress)
    {
        lock (Progress)
        {
            Progress.Add(progress);
        }

        return Task.CompletedTask;
    }

    public Task WeekChangedAsync(Guid agencyId, DateOnly weekStart) => Task.CompletedTask;

    public Task PublishedAsync(Guid agencyId, DateOnly weekStart, IReadOnlyCollection<Guid> caregiverIds)
    {
        Published.Add((agencyId, weekStart, caregiverIds));
        return Task.CompletedTask;
    }
}

/// <summary>The roster use cases as the app builds them, for one caller, plus the job's runner.</summary>
public static class RosterTestKit
{
    /// <summary>The Monday after <see cref="CareOpsApp.Today"/>: "next week", the board's default.</summary>
    public static readonly DateOnly NextWeek = new(2026, 11, 30);

    public static StartRosterRun Start(this CareOpsApp app, Guid agency, Caller caller) =>
        new(app.FactoryFor(agency), caller, app.Clock, app.Services.GetRequiredService<IBackgroundJobClient>(), NullLogger<StartRosterRun>.Instance);

    public static CancelRosterRun Cancel(this CareOpsApp app, Guid agency, Caller caller) => new(app.FactoryFor(agency), caller);

    public static PublishWeek Publisher(this CareOpsApp app, Guid agency, Caller caller, IRosterEvents? events = null) =>
        new(app.FactoryFor(agency), caller, app.Clock, events ?? new RecordingEvents(), NullLogger<PublishWeek>.Instance);

    public static RosterRunner Runner(this CareOpsApp app, IRosterEvents events) =>
        new(app.Services.GetRequiredService<DatabaseInfo>(), app.Clock, events, NullLogger<RosterRunner>.Instance) { Threads = 1 };

    /// <summary>Starts and runs a week to its draft on a small, reproducible work budget.</summary>
    public static async Task<Guid> OptimizeAsync(this CareOpsApp app, Guid agency, DateOnly week, long work = 3000, RecordingEvents? events = null)
    {
        var outcome = await app.Start(agency, app.Dispatcher(agency)).ExecuteAsync(week, new RunSettings { TimeLimitSeconds = 120, WorkLimit = work });
        Assert.True(outcome.Succeeded, string.Join(", ", outcome.Problems.Select(p => p.Key)));
        await app.Runner(events ?? new RecordingEvents()).RunAsync(outcome.Value, CancellationToken.None);
        return outcome.Value;
    }

    public static async Task<RosterWeek> WeekAsync(this CareOpsApp app, Guid agency, DateOnly week)
    {
        await using var db = app.Database(agency);
        return await db.RosterWeeks.AsNoTracking().SingleAsync(w => w.WeekStart == week);
    }

    public static async Task<RosterRun> RunAsync(this CareOpsApp app, Guid agency, Guid runId)
    {
        await using var db = app.Database(agency);
        return await db.RosterRuns.AsNoTracking().SingleAsync(r => r.Id == runId);
    }
}
