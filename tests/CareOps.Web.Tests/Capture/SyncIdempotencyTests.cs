using CareOps.Data;
using CareOps.Web.Features.Visits;
using CareOps.Web.Infrastructure;
using CareOps.Web.Tests.Infrastructure;
using CareOps.Web.Tests.Roster;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CareOps.Web.Tests.Capture;

/// <summary>The same key sent many times at once (a phone retrying on a bad line, or two tabs) is applied exactly once.</summary>
public static class SyncIdempotency
{
    public static async Task SameKeyAtOnce_AppliedOnce_RestDuplicates(CareOpsApp app, DatabaseProvider provider, int nth)
    {
        Assert.Equal(provider, app.Services.GetRequiredService<DatabaseInfo>().Provider);
        var visit = await app.PlanVisitAsync("R1", nth: nth);
        var checkIn = visit.AtHome() with { CapturedAt = app.Clock.GetUtcNow() };
        var batch = new SyncBatch { SentAt = app.Clock.GetUtcNow(), Ops = [checkIn] };

        // Eight requests with the same key at the same moment, each through its own use case (as separate requests are).
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => app.Capture(visit).SyncAsync(batch))));

        var states = outcomes.Select(o => Assert.Single(o.Value!).State).ToList();
        Assert.Equal(1, states.Count(s => s == CaptureState.Applied));
        Assert.Equal(7, states.Count(s => s == CaptureState.Duplicate));
        await using var db = app.Database(visit.AgencyId);
        Assert.Equal(1, await db.SyncReceipts.CountAsync(r => r.VisitId == visit.Id));
        Assert.Equal(1, await db.VisitAudit.CountAsync(a => a.VisitId == visit.Id));

        // A batch replayed whole after a lost answer (check-in and a save) changes nothing the second time.
        var save = new CaptureOp { Id = Guid.NewGuid(), VisitId = visit.Id, Kind = CaptureOp.Save, Notes = "第一次", CapturedAt = app.Clock.GetUtcNow() };
        var replay = new SyncBatch { SentAt = app.Clock.GetUtcNow(), Ops = [checkIn, save] };
        var first = await app.Capture(visit).SyncAsync(replay);
        var second = await app.Capture(visit).SyncAsync(replay);
        Assert.Equal([CaptureState.Duplicate, CaptureState.Applied], first.Value!.Select(o => o.State));
        Assert.Equal([CaptureState.Duplicate, CaptureState.Duplicate], second.Value!.Select(o => o.State));
        Assert.Equal(2, await db.VisitAudit.CountAsync(a => a.VisitId == visit.Id));
    }
}

public static class DoubleTap
{
    /// <summary>The same check-in under different keys at once (two phones of one caregiver): one wins, the others are told why.</summary>
    public static async Task TwoKeysOneCheckIn_OneApplied_OthersRefused(CareOpsApp app, int nth)
    {
        var visit = await app.PlanVisitAsync("R1", nth: nth);
        var now = app.Clock.GetUtcNow();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() =>
            app.Capture(visit).SyncAsync(new SyncBatch { SentAt = now, Ops = [visit.AtHome() with { CapturedAt = now }] }))));

        var answers = outcomes.Select(o => Assert.Single(o.Value!)).ToList();
        Assert.Equal(1, answers.Count(a => a.State == CaptureState.Applied));
        Assert.All(answers.Where(a => a.State != CaptureState.Applied), a => Assert.Equal("Visit.AlreadyCheckedIn", a.Problems.Single().Key));
        await using var db = app.Database(visit.AgencyId);
        Assert.Equal(1, await db.VisitAudit.CountAsync(a => a.VisitId == visit.Id && a.Action == "CheckIn"));
    }
}

[Collection(VisitCollection.Name)]
public sealed class SqliteSyncIdempotencyTests(CareOpsApp app)
{
    [Fact]
    public Task SameKeyAtOnce_OnSqlite_AppliedOnce() => SyncIdempotency.SameKeyAtOnce_AppliedOnce_RestDuplicates(app, DatabaseProvider.Sqlite, nth: 40);

    [Fact]
    public Task TwoKeysOneCheckIn_OnSqlite_OneApplied() => DoubleTap.TwoKeysOneCheckIn_OneApplied_OthersRefused(app, nth: 41);
}

[Collection(RosterPostgresCollection.Name)]
public sealed class PostgresSyncIdempotencyTests(PostgresApp app)
{
    [Fact]
    public Task SameKeyAtOnce_OnPostgres_AppliedOnce() => SyncIdempotency.SameKeyAtOnce_AppliedOnce_RestDuplicates(app, DatabaseProvider.Postgres, nth: 40);

    [Fact]
    public Task TwoKeysOneCheckIn_OnPostgres_OneApplied() => DoubleTap.TwoKeysOneCheckIn_OneApplied_OthersRefused(app, nth: 41);
}
