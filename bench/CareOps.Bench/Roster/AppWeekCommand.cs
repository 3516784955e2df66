using System.Diagnostics;
using System.Globalization;
using System.Security.Claims;
using CareOps.Data;
using CareOps.Data.Domain;
using CareOps.Data.Rostering;
using CareOps.Data.Seeding;
using CareOps.Data.Tenancy;
using CareOps.Scheduling.Roster;
using CareOps.Web.Features.Roster;
using CareOps.Web.Infrastructure;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace CareOps.Bench;

/// <summary>
/// The dispatcher's week measured through the app's own classes on a real (SQLite) database seeded with the demo:
/// R1's run to a draft (time, progress interval), the board's data, a manual move's verdict, publish; then all eight
/// agencies queued at once and worked off one after the other (one roster worker per node), compared with the bench's
/// whole-demo solve on the same work budget.
/// </summary>
public static class AppWeekCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        string Arg(string name, string fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;
        var code = Arg("--agency", "R1");
        var seconds = int.Parse(Arg("--seconds", "60"), CultureInfo.InvariantCulture);
        var threads = int.Parse(Arg("--threads", "2"), CultureInfo.InvariantCulture);
        var work = long.Parse(Arg("--work", "600000"), CultureInfo.InvariantCulture);

        var path = Path.Combine(Path.GetTempPath(), $"careops-bench-{Guid.NewGuid():N}.db");
        var database = new DatabaseInfo(DatabaseProvider.Sqlite, $"Data Source={path}");
        try
        {
            var clock = TimeProvider.System;
            var today = AgencyClock.Today(clock);
            var watch = Stopwatch.StartNew();
            await using (var db = new CareOpsDb(database.ContextOptions(), FixedTenant.None))
            {
                await db.Database.MigrateAsync();
            }

            await DemoArchipelago.SeedAsync(database.ContextOptions(), DemoArchipelago.DefaultSeed, today, CancellationToken.None);
            Console.WriteLine($"seeded the demo on SQLite in {watch.Elapsed.TotalSeconds:0.0} s (today {today:yyyy-MM-dd})");

            var services = new ServiceCollection().AddLogging().AddAuthorization(Policies.Add).BuildServiceProvider();
            var authorization = services.GetRequiredService<IAuthorizationService>();
            var cache = new MemoryCache(new MemoryCacheOptions());
            Guid[] agencies;
            Dictionary<Guid, string> codes;
            await using (var db = new CareOpsDb(database.ContextOptions(), FixedTenant.None))
            {
                codes = await db.Agencies.ToDictionaryAsync(a => a.Id, a => a.Code);
                agencies = [.. codes.OrderBy(c => c.Value, StringComparer.Ordinal).Select(c => c.Key)];
            }

            var agency = codes.Single(c => c.Value == code).Key;
            var week = RosterWeeks.MondayOf(today).AddDays(7);
            var caller = Dispatcher(agency, authorization);
            var factory = new AgencyDbFactory(database, agency);
            var events = new TimedEvents();
            var runner = new RosterRunner(database, clock, events, NullLogger<RosterRunner>.Instance) { Threads = threads };

            // 1. The run, as the board starts it (wall-clock budget, as a dispatcher's run).
            var start = new StartRosterRun(factory, caller, clock, new NoQueue(), NullLogger<StartRosterRun>.Instance);
            var started = await start.ExecuteAsync(week, new RunSettings { TimeLimitSeconds = seconds });
            if (!started.Succeeded)
            {
                Console.Error.WriteLine("start refused: " + string.Join(", ", started.Problems.Select(p => p.Key)));
                return 1;
            }

            var memoryBefore = GC.GetTotalMemory(forceFullCollection: true);
            watch.Restart();
            await runner.RunAsync(started.Value, CancellationToken.None);
            var runSeconds = watch.Elapsed.TotalSeconds;
            RosterRun run;
            await using (var db = factory.CreateDbContext())
            {
                run = await db.RosterRuns.AsNoTracking().SingleAsync(r => r.Id == started.Value);
            }

            Console.WriteLine($"{code} week {week:yyyy-MM-dd}: {run.State}, {run.Kpis.Scheduled}/{run.Kpis.Required} visits, travel {run.Kpis.TravelMinutes} min, " +
                $"{runSeconds:0.0} s wall (budget {seconds} s); progress pushes {events.Count}, largest gap {events.LargestGap.TotalSeconds:0.00} s; " +
                $"peak process memory {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576} MB (managed before run {memoryBefore / 1048576} MB)");

            // 2. The board's data (first render reads this; the browser's paint is not measured here).
            var query = new RosterBoardQuery(factory);
            watch.Restart();
            var board = await query.WeekAsync(week);
            var rows = TimelineRow.Of(board.Draft, board.Caregivers);
            Console.WriteLine($"board data: {watch.Elapsed.TotalMilliseconds:0} ms ({rows.Count} caregivers, {board.Draft?.VisitCount} visits)");

            // 3. A manual move judged by the validator: the first (loads the week's problem) and the next (cached).
            var editor = new EditWeek(factory, caller, clock, events, cache);
            var day = board.Draft!.Days.First(d => d.Visits.Count >= 2);
            var visit = new DraftVisit(day.Visits[1].ClientId, day.CaregiverId, day.Date);
            watch.Restart();
            var first = await editor.CheckMoveAsync(week, visit, new MoveTarget(day.CaregiverId, day.Date, new TimeOnly(6, 0)));
            var firstMs = watch.Elapsed.TotalMilliseconds;
            watch.Restart();
            var second = await editor.CheckMoveAsync(week, visit, new MoveTarget(day.CaregiverId, day.Date, null));
            Console.WriteLine($"move verdict: {firstMs:0} ms first ({first.Value?.Violations.Count} rules named for 06:00), {watch.Elapsed.TotalMilliseconds:0} ms next (clean: {second.Value?.Clean})");

            // 4. Publish (preview, then write the visit rows).
            var publisher = new PublishWeek(factory, caller, clock, events, NullLogger<PublishWeek>.Instance);
            watch.Restart();
            var preview = await publisher.PreviewAsync(week);
            var previewMs = watch.Elapsed.TotalMilliseconds;
            watch.Restart();
            var published = await publisher.ExecuteAsync(week, preview.Value!.Version);
            Console.WriteLine($"publish: preview {previewMs:0} ms, publish {watch.Elapsed.TotalMilliseconds:0} ms ({published.Value?.Added} visits written)");

            // 5. All eight agencies queued at once (the week after), worked off by one worker, each on its share of the
            //    bench's work budget: the same regions, the same seed, the same work as `roster --demo --work N`.
            var after = week.AddDays(7);
            var required = new Dictionary<Guid, int>();
            foreach (var a in agencies)
            {
                await using var db = new CareOpsDb(database.ContextOptions(), new FixedTenant(a));
                required[a] = RosterProblemBuilder.Build(await RosterProblemBuilder.LoadAsync(db, a, after)).Clients.Sum(c => c.VisitsPerWeek);
            }

            var total = required.Values.Sum();
            var queued = new List<(Guid Agency, Guid Run)>();
            foreach (var a in agencies)
            {
                var outcome = await new StartRosterRun(new AgencyDbFactory(database, a), Dispatcher(a, authorization), clock, new NoQueue(), NullLogger<StartRosterRun>.Instance)
                    .ExecuteAsync(after, new RunSettings { TimeLimitSeconds = 600, WorkLimit = (long)((double)work * required[a] / total) });
                queued.Add((a, outcome.Value));
            }

            watch.Restart();
            var (scheduled, travel, errors) = (0, 0, 0);
            foreach (var (a, id) in queued)
            {
                await runner.RunAsync(id, CancellationToken.None);
                await using var db = new CareOpsDb(database.ContextOptions(), new FixedTenant(a));
                var done = await db.RosterRuns.AsNoTracking().SingleAsync(r => r.Id == id);
                var draft = RosterJson.ReadRoster((await db.RosterWeeks.AsNoTracking().SingleAsync(w => w.WeekStart == after)).DraftJson!);
                var problem = RosterProblemBuilder.Build(await RosterProblemBuilder.LoadAsync(db, a, after));
                var broken = RosterValidator.Validate(problem, draft).Count;
                (scheduled, travel, errors) = (scheduled + done.Kpis.Scheduled, travel + done.Kpis.TravelMinutes, errors + broken);
                Console.WriteLine($"  {codes[a]}: {done.Kpis.Scheduled}/{done.Kpis.Required}, travel {done.Kpis.TravelMinutes}, validator errors {broken}");
            }

            Console.WriteLine($"all 8 agencies queued at once: {scheduled}/{total} visits, travel {travel} min, validator errors {errors}, {watch.Elapsed.TotalSeconds:0.0} s for the queue");
            Console.WriteLine($"reference (bench roster --demo --work {work}, same mapping): run `roster --demo --seconds 300 --seed 1 --threads 2 --work {work} --solver careops` on the same demo week");
            return 0;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(path);
            File.Delete(Jobs.JobsFileBeside(database.ConnectionString));
        }
    }

    private static Caller Dispatcher(Guid agency, IAuthorizationService authorization) => Caller.Of(new ClaimsPrincipal(new ClaimsIdentity(
        [new Claim(ClaimTypes.Name, "bench"), new Claim(ClaimTypes.Role, Roles.Dispatcher), new Claim(TenantClaims.AgencyId, agency.ToString())], "bench")), authorization);

    /// <summary>The runs are worked off by the command itself (as the one roster worker of a node would).</summary>
    private sealed class NoQueue : IBackgroundJobClient
    {
        public string Create(Job job, IState state) => Guid.NewGuid().ToString("N");

        public bool ChangeState(string jobId, IState state, string expectedState) => true;
    }

    /// <summary>Counts the progress pushes and the largest gap between two.</summary>
    private sealed class TimedEvents : IRosterEvents
    {
        private readonly Stopwatch watch = new();
        private TimeSpan last;

        public int Count { get; private set; }

        public TimeSpan LargestGap { get; private set; }

        public Task RunProgressAsync(Guid agencyId, RunProgressMessage progress)
        {
            if (!watch.IsRunning)
            {
                watch.Start();
            }
            else
            {
                var now = watch.Elapsed;
                LargestGap = now - last > LargestGap ? now - last : LargestGap;
                last = now;
            }

            Count++;
            return Task.CompletedTask;
        }

        public Task WeekChangedAsync(Guid agencyId, DateOnly weekStart) => Task.CompletedTask;

        public Task PublishedAsync(Guid agencyId, DateOnly weekStart, IReadOnlyCollection<Guid> caregiverIds) => Task.CompletedTask;
    }
}
