using CareOps.Data.Domain;
using CareOps.Scheduling.Roster;
using CareOps.Web.Features.Roster;
using CareOps.Web.Tests.Features;
using CareOps.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static CareOps.Web.Tests.Roster.RosterTestKit;

namespace CareOps.Web.Tests.Roster;

/// <summary>The app on the throwaway PostgreSQL server that ./test.sh starts (its own database), Hangfire's storage included.</summary>
public sealed class PostgresApp : CareOpsApp
{
    public const string Variable = "CAREOPS_TEST_POSTGRES";

    private readonly string connectionString;

    public PostgresApp()
    {
        // Fail, never skip: without PostgreSQL these tests prove nothing. ./test.sh starts a server.
        var server = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } s ? s
            : throw new InvalidOperationException($"{Variable} is not set. Run the tests through ./test.sh, which starts a throwaway PostgreSQL server.");
        connectionString = new NpgsqlConnectionStringBuilder(server) { Database = $"careops_web_{Guid.NewGuid():N}" }.ConnectionString;
    }

    protected override IEnumerable<(string Key, string Value)> ExtraSettings =>
    [
        ("Database:Provider", "Postgres"),
        ("ConnectionStrings:CareOps", connectionString),
    ];
}

[CollectionDefinition(Name)]
public sealed class RosterPostgresCollection : ICollectionFixture<PostgresApp>
{
    public const string Name = "roster-postgres";
}

/// <summary>Runs, publishing, versions and cancellation on PostgreSQL (the same flows as on SQLite).</summary>
[Collection(RosterPostgresCollection.Name)]
public sealed class RosterPostgresTests(PostgresApp app)
{
    [Fact]
    public async Task RunPublishEditRepublish_OnPostgres_VersionsKeptIdsKeptVanishedCancelled()
    {
        Assert.Equal(CareOps.Data.DatabaseProvider.Postgres, app.Services.GetRequiredService<CareOps.Web.Infrastructure.DatabaseInfo>().Provider);
        var agency = await app.AgencyIdAsync("R5");
        var week = NextWeek;
        await app.OptimizeAsync(agency, week);
        await PublishAsync(agency, week);
        await using var db = app.Database(agency);
        var first = await db.Visits.Where(v => v.Date >= week && v.Date <= week.AddDays(6)).ToListAsync();
        Assert.NotEmpty(first);

        // The draft loses its first day's first visit; publishing again cancels exactly that row.
        var rosterWeek = await db.RosterWeeks.SingleAsync(w => w.WeekStart == week);
        var roster = RosterJson.ReadRoster(rosterWeek.DraftJson!);
        var day = roster.Days[0];
        rosterWeek.DraftJson = RosterJson.WriteRoster(roster with { Days = [.. roster.Days.Select(d => d == day ? d with { Visits = [.. d.Visits.Skip(1)] } : d)] });
        rosterWeek.Version++;
        await db.SaveChangesAsync();
        var second = await PublishAsync(agency, week);

        Assert.Equal((0, 0, 1), (second.Added, second.Moved, second.Removed));
        db.ChangeTracker.Clear();
        var after = await db.Visits.Where(v => v.Date >= week && v.Date <= week.AddDays(6)).ToListAsync();
        Assert.Equal(first.Select(v => v.Id).Order(), after.Select(v => v.Id).Order());
        var cancelled = Assert.Single(after, v => v.Status == VisitStatus.Cancelled);
        Assert.Equal((Guid.ParseExact(day.Visits[0].ClientId, "N"), day.Date), (cancelled.ClientId, cancelled.Date));
        Assert.Equal([1, 2], await db.RosterVersions.Where(v => v.WeekStart == week).OrderBy(v => v.Number).Select(v => v.Number).ToListAsync());
    }

    [Fact]
    public async Task StartTwice_OnPostgres_SecondIsRefused_AndASilentRunIsInterrupted()
    {
        var agency = await app.AgencyIdAsync("R6");
        var first = await app.Start(agency, app.Dispatcher(agency)).ExecuteAsync(NextWeek, new RunSettings());
        var second = await app.Start(agency, app.Dispatcher(agency)).ExecuteAsync(NextWeek, new RunSettings());
        Assert.True(first.Succeeded);
        Assert.Equal("Roster.RunInProgress", Assert.Single(second.Problems).Key);

        await using (var db = app.Database(agency))
        {
            var run = await db.RosterRuns.SingleAsync(r => r.Id == first.Value);
            (run.State, run.HeartbeatAt) = (RosterRunState.Running, app.Clock.GetUtcNow().AddMinutes(-5));
            await db.SaveChangesAsync();
        }

        Assert.Equal(1, await app.Services.GetRequiredService<RosterRunSweeper>().SweepAsync());
        Assert.Equal(RosterRunState.Interrupted, (await app.RunAsync(agency, first.Value)).State);
        Assert.Null((await app.WeekAsync(agency, NextWeek)).ActiveRunId);
    }

    private async Task<PublishPreview> PublishAsync(Guid agency, DateOnly week)
    {
        var publisher = app.Publisher(agency, app.Dispatcher(agency));
        var preview = (await publisher.PreviewAsync(week)).Value!;
        var outcome = await publisher.ExecuteAsync(week, preview.Version);
        Assert.True(outcome.Succeeded, string.Join(", ", outcome.Problems.Select(p => p.Key)));
        return outcome.Value!;
    }
}
