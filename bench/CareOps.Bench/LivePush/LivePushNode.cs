using System.Diagnostics;
using System.Globalization;
using CareOps.Data;
using CareOps.Data.Domain;
using CareOps.Data.Rostering;
using CareOps.Data.Seeding;
using CareOps.Data.Tenancy;
using CareOps.Scheduling.Roster;
using CareOps.Web.Features.Roster;
using CareOps.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace CareOps.Bench;

/// <summary>
/// The one node of <c>live-push</c>, in a process of its own so that its memory is the server's alone: the real app
/// (<see cref="BenchNode"/>), plus the bench's caregivers and a draft of next week that gives each of them a visit. It
/// then does what the driver writes on its standard input: <c>measure</c> (managed memory after a full collection),
/// <c>publish</c> (the app's <see cref="PublishWeek"/> as the agency's dispatcher) or <c>quit</c>.
/// </summary>
internal static class LivePushNode
{
    /// <summary>The caregivers' codes and sign-ins: lp0001 …, r1.lp0001@bench.careops.cn ….</summary>
    public const string CodePrefix = "lp";

    public static Task<int> RunAsync(string databasePath, string agencyCode, int count, int hashIterations) =>
        BenchNode.HostAsync(databasePath, hashIterations, services =>
        {
            services.AddSingleton(sp => new PushClock(new HubRosterEvents(sp.GetRequiredService<IHubContext<RosterHub>>())));
            services.Replace(ServiceDescriptor.Singleton<IRosterEvents>(sp => sp.GetRequiredService<PushClock>()));
        }, async (app, startSeconds) =>
        {
            var watch = Stopwatch.StartNew();
            var services = app.Services;
            var options = app.DatabaseOptions;
            var clock = services.GetRequiredService<TimeProvider>();
            var week = RosterWeeks.MondayOf(AgencyClock.Today(clock)).AddDays(7);
            var agency = await BenchNode.AgencyIdAsync(options, agencyCode);
            var caregivers = await BenchNode.AddCaregiversAsync(services, options, agency, agencyCode, CodePrefix, count);
            var visits = await WriteDraftAsync(options, agency, caregivers, week, clock.GetUtcNow());
            BenchNode.Say("ready", ("url", app.Url.ToString()), ("week", week.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                ("start", BenchNode.F(startSeconds)), ("bench", BenchNode.F(watch.Elapsed.TotalSeconds)), ("visits", visits.ToString(CultureInfo.InvariantCulture)),
                ("gc", System.Runtime.GCSettings.IsServerGC ? "server" : "workstation"));
            var events = services.GetRequiredService<PushClock>();
            return async command =>
            {
                switch (command)
                {
                    case "measure":
                        BenchNode.Say("memory", Memory());
                        break;
                    case "publish":
                        await PublishAsync(services, events, agency, agencyCode, week);
                        break;
                    default:
                        BenchNode.Say("error", ("unknown", command));
                        break;
                }
            };
        });

    /// <summary>
    /// Next week's draft, made by the bench rather than the optimizer: one visit for each bench caregiver, on the
    /// agency's clients in turn, Monday to Friday. Its basis is the fingerprint of the week's problem as the app builds
    /// it, so the app's publish accepts it; a publish does not judge the roster (the optimizer and the validator do).
    /// </summary>
    private static async Task<int> WriteDraftAsync(DbContextOptions<CareOpsDb> options, Guid agency, IReadOnlyList<Guid> caregivers,
        DateOnly week, DateTimeOffset now)
    {
        await using var db = new CareOpsDb(options, new FixedTenant(agency));
        var row = await db.RosterWeeks.SingleOrDefaultAsync(w => w.WeekStart == week);
        var problem = RosterProblemBuilder.Build(await RosterProblemBuilder.LoadAsync(db, agency, week, RosterPin.Read(row?.PinsJson)));
        var clients = problem.Clients;
        var days = new List<CaregiverDay>(caregivers.Count);
        for (var k = 0; k < caregivers.Count; k++)
        {
            var client = clients[k % clients.Count];
            var date = week.AddDays(k / clients.Count % 5);
            var start = 9 * 60 + 60 * (k / (clients.Count * 5) % 8);
            var end = start + client.MinutesPerVisit;
            days.Add(new CaregiverDay(RosterProblemBuilder.IdOf(caregivers[k]), date, start - 30, end + 30, null, [new PlannedVisit(client.Id, start, end)], []));
        }

        var roster = new CareOps.Scheduling.Roster.Roster(week, days, []);
        if (row is null)
        {
            row = new RosterWeek { WeekStart = week };
            db.RosterWeeks.Add(row);
        }

        row.DraftJson = RosterJson.WriteRoster(roster);
        row.DraftBasis = RosterProblemBuilder.Fingerprint(problem);
        row.DraftKpis = RosterRunner.Figures(RosterScore.Of(problem, roster));
        row.DraftUpdatedAt = now;
        row.DraftUpdatedBy = "live-push bench";
        row.Version++;
        await db.SaveChangesAsync();
        return roster.VisitCount;
    }

    /// <summary>The app's publish, as the agency's demo dispatcher (her claims made by the app's own principal factory).</summary>
    private static async Task PublishAsync(IServiceProvider services, PushClock events, Guid agency, string agencyCode, DateOnly week)
    {
        System.Security.Claims.ClaimsPrincipal dispatcher;
        using (var scope = services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var email = $"{agencyCode.ToLowerInvariant()}.dispatcher@{DemoArchipelago.EmailDomain}";
            var user = await users.FindByNameAsync(email) ?? throw new InvalidOperationException($"no demo dispatcher {email}");
            dispatcher = await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<ApplicationUser>>().CreateAsync(user);
        }

        var caller = Caller.Of(dispatcher, services.GetRequiredService<IAuthorizationService>());
        var publisher = new PublishWeek(new AgencyDbFactory(services.GetRequiredService<DatabaseInfo>(), agency), caller,
            services.GetRequiredService<TimeProvider>(), services.GetRequiredService<IRosterEvents>(), services.GetRequiredService<ILogger<PublishWeek>>());
        var preview = await publisher.PreviewAsync(week);
        if (preview.Value is not { Stale: false } ready)
        {
            BenchNode.Say("error", ("preview", preview.Value?.Stale == true ? "stale" : string.Join(",", preview.Problems.Select(p => p.Key))));
            return;
        }

        var click = Stopwatch.GetTimestamp();
        var published = await publisher.ExecuteAsync(week, ready.Version);
        var done = Stopwatch.GetTimestamp();
        if (!published.Succeeded || published.Value is null)
        {
            BenchNode.Say("error", ("publish", string.Join(",", published.Problems.Select(p => p.Key))));
            return;
        }

        BenchNode.Say("published", ("click", T(click)), ("push", T(events.PushStarted)), ("pushed", T(events.PushEnded)), ("done", T(done)),
            ("added", published.Value.Added.ToString(CultureInfo.InvariantCulture)), ("notified", events.Notified.ToString(CultureInfo.InvariantCulture)));
    }

    /// <summary>The managed heap after a full, compacting collection (the driver reads the process's RSS itself).</summary>
    private static (string, string)[] Memory()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        var info = GC.GetGCMemoryInfo(GCKind.Any);
        return [("managed", GC.GetTotalMemory(forceFullCollection: false).ToString(CultureInfo.InvariantCulture)),
            ("committed", info.TotalCommittedBytes.ToString(CultureInfo.InvariantCulture))];
    }

    private static string T(long timestamp) => timestamp.ToString(CultureInfo.InvariantCulture);

    /// <summary>The app's hub events, with the moment a publish's push began and ended.</summary>
    private sealed class PushClock(IRosterEvents hub) : IRosterEvents
    {
        public long PushStarted { get; private set; }

        public long PushEnded { get; private set; }

        public int Notified { get; private set; }

        public Task RunProgressAsync(Guid agencyId, RunProgressMessage progress) => hub.RunProgressAsync(agencyId, progress);

        public Task WeekChangedAsync(Guid agencyId, DateOnly weekStart) => hub.WeekChangedAsync(agencyId, weekStart);

        public async Task PublishedAsync(Guid agencyId, DateOnly weekStart, IReadOnlyCollection<Guid> caregiverIds)
        {
            PushStarted = Stopwatch.GetTimestamp();
            Notified = caregiverIds.Count;
            await hub.PublishedAsync(agencyId, weekStart, caregiverIds);
            PushEnded = Stopwatch.GetTimestamp();
        }
    }
}
