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
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace CareOps.Bench;

/// <summary>
/// The one node of <c>live-push</c>, in a process of its own so that its memory is the server's alone: the real app
/// (its Program, on Kestrel at 127.0.0.1, Production settings, a SQLite file the app migrates and seeds with the demo
/// itself), plus the bench's caregivers and a draft of next week that gives each of them a visit. It then does what
/// the driver writes on its standard input: <c>measure</c> (managed memory after a full collection), <c>publish</c>
/// (the app's <see cref="PublishWeek"/> as the agency's dispatcher) or <c>quit</c>; it answers on standard output in
/// lines starting with <see cref="Prefix"/>.
/// </summary>
internal static class LivePushNode
{
    public const string Prefix = "@live-push ";

    /// <summary>The sign-in of the bench's i-th caregiver (1-based); the password is the demo's.</summary>
    public static string EmailOf(string agencyCode, int i) =>
        string.Create(CultureInfo.InvariantCulture, $"{agencyCode.ToLowerInvariant()}.lp{i:D4}@bench.careops.cn");

    public static async Task<int> RunAsync(string databasePath, string agencyCode, int count, int hashIterations)
    {
        var connectionString = $"Data Source={databasePath}";

        // The app's own runtimeconfig sets this switch (BlazorDisableThrowNavigationException); the bench's does not.
        AppContext.SetSwitch("Microsoft.AspNetCore.Components.Endpoints.NavigationManager.DisableThrowNavigationException", true);
        try
        {
            var watch = Stopwatch.StartNew();
            await using var app = new NodeApp(connectionString, hashIterations);
            app.StartServer();
            var startSeconds = watch.Elapsed.TotalSeconds;
            var services = app.Services;
            var options = services.GetRequiredService<DatabaseInfo>().ContextOptions();
            var clock = services.GetRequiredService<TimeProvider>();
            var week = RosterWeeks.MondayOf(AgencyClock.Today(clock)).AddDays(7);

            watch.Restart();
            var agency = await AgencyIdAsync(options, agencyCode);
            var caregivers = await AddCaregiversAsync(services, options, agency, agencyCode, count);
            var visits = await WriteDraftAsync(options, agency, caregivers, week, clock.GetUtcNow());
            Say("ready", ("url", app.ClientOptions.BaseAddress.ToString()), ("week", week.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                ("start", F(startSeconds)), ("bench", F(watch.Elapsed.TotalSeconds)), ("visits", visits.ToString(CultureInfo.InvariantCulture)),
                ("gc", System.Runtime.GCSettings.IsServerGC ? "server" : "workstation"));

            while (await Console.In.ReadLineAsync() is { } command && command != "quit")
            {
                switch (command)
                {
                    case "measure":
                        Say("memory", Memory());
                        break;
                    case "publish":
                        await PublishAsync(services, app.Events, agency, agencyCode, week);
                        break;
                    default:
                        Say("error", ("unknown", command));
                        break;
                }
            }

            return 0;
        }
        catch (Exception e)
        {
            Say("error", ("exception", e.ToString().ReplaceLineEndings(" | ")));
            return 1;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var file in new[] { databasePath, databasePath + "-wal", databasePath + "-shm", Jobs.JobsFileBeside(connectionString) })
            {
                File.Delete(file);
            }
        }
    }

    private static async Task<Guid> AgencyIdAsync(DbContextOptions<CareOpsDb> options, string code)
    {
        await using var db = new CareOpsDb(options, FixedTenant.None);
        return await db.Agencies.Where(a => a.Code == code).Select(a => a.Id).SingleAsync();
    }

    /// <summary>
    /// Caregivers and their sign-ins, written the way the demo seeder writes its own (tenant-stamped rows through
    /// <see cref="CareOpsDb"/>, one password hash shared by all, made by the app's <see cref="IPasswordHasher{TUser}"/>):
    /// the app has no use case that creates users, and a thousand PBKDF2 hashes would only cost time.
    /// </summary>
    private static async Task<IReadOnlyList<Guid>> AddCaregiversAsync(IServiceProvider services, DbContextOptions<CareOpsDb> options,
        Guid agency, string agencyCode, int count)
    {
        var today = AgencyClock.Today(services.GetRequiredService<TimeProvider>());
        var caregivers = new List<Caregiver>(count);
        await using (var db = new CareOpsDb(options, new FixedTenant(agency)))
        {
            // Note: at a demo caregiver's home, so every bench caregiver is on a real place of the agency's islands.
            var template = await db.Caregivers.AsNoTracking().OrderBy(c => c.Code).FirstAsync();
            for (var i = 1; i <= count; i++)
            {
                var number = string.Create(CultureInfo.InvariantCulture, $"YL-BENCH-{i:D4}");
                var until = today.AddYears(2);
                caregivers.Add(new Caregiver
                {
                    Code = string.Create(CultureInfo.InvariantCulture, $"lp{i:D4}"),
                    Name = string.Create(CultureInfo.InvariantCulture, $"压测护理员{i:D4}"),
                    CertificateKind = CertificateKind.ElderlyCareWorker,
                    CertificateNumber = number,
                    CertificateValidUntil = until,
                    Certificates = [new CertificatePeriod { Kind = CertificateKind.ElderlyCareWorker, Number = number, ValidFrom = until.AddYears(-3), ValidUntil = until }],
                    HomePlaceId = template.HomePlaceId,
                    HomeLatitude = template.HomeLatitude,
                    HomeLongitude = template.HomeLongitude,
                });
            }

            db.Caregivers.AddRange(caregivers);
            await db.SaveChangesAsync();
        }

        await using (var db = new CareOpsDb(options, FixedTenant.None))
        {
            var role = await db.Roles.Where(r => r.Name == Roles.Caregiver).Select(r => r.Id).SingleAsync();
            var hash = services.GetRequiredService<IPasswordHasher<ApplicationUser>>().HashPassword(new ApplicationUser(), DemoArchipelago.DemoPassword);
            for (var i = 1; i <= count; i++)
            {
                var email = EmailOf(agencyCode, i);
                var user = new ApplicationUser
                {
                    UserName = email,
                    NormalizedUserName = email.ToUpperInvariant(),
                    Email = email,
                    NormalizedEmail = email.ToUpperInvariant(),
                    EmailConfirmed = true,
                    PasswordHash = hash,
                    SecurityStamp = Guid.NewGuid().ToString("N").ToUpperInvariant(),
                    LockoutEnabled = true,
                    AgencyId = agency,
                    DisplayName = caregivers[i - 1].Name,
                    CaregiverId = caregivers[i - 1].Id,
                };
                db.Users.Add(user);
                db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = role });
            }

            await db.SaveChangesAsync();
        }

        return [.. caregivers.Select(c => c.Id)];
    }

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
            Say("error", ("preview", preview.Value?.Stale == true ? "stale" : string.Join(",", preview.Problems.Select(p => p.Key))));
            return;
        }

        var click = Stopwatch.GetTimestamp();
        var published = await publisher.ExecuteAsync(week, ready.Version);
        var done = Stopwatch.GetTimestamp();
        if (!published.Succeeded || published.Value is null)
        {
            Say("error", ("publish", string.Join(",", published.Problems.Select(p => p.Key))));
            return;
        }

        Say("published", ("click", T(click)), ("push", T(events.PushStarted)), ("pushed", T(events.PushEnded)), ("done", T(done)),
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

    /// <summary>One answer line: a kind, then key=value fields (values without spaces, except in an error's, which is read by people).</summary>
    private static void Say(string kind, params (string Key, string Value)[] fields) =>
        Console.Out.WriteLine(Prefix + kind + string.Concat(fields.Select(f => $" {f.Key}={(kind == "error" ? f.Value : f.Value.Replace(' ', '_'))}")));

    private static string F(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    private static string T(long timestamp) => timestamp.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The app as it runs in production (Program, Kestrel, the app's services), with: its own SQLite file, the demo
    /// seeded, no job server, warnings only in the log, the hub events timed, and PBKDF2 at the given iterations
    /// (Identity's default is 100 000: a thousand sign-ins would spend minutes of the 2 cores on hashing alone).
    /// </summary>
    private sealed class NodeApp : WebApplicationFactory<RosterHub>
    {
        private readonly string connectionString;
        private readonly int hashIterations;

        public NodeApp(string connectionString, int hashIterations)
        {
            (this.connectionString, this.hashIterations) = (connectionString, hashIterations);
            UseKestrel(0);
        }

        public PushClock Events => Services.GetRequiredService<PushClock>();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("ConnectionStrings:CareOps", connectionString);
            builder.UseSetting("Database:Provider", "Sqlite");
            builder.UseSetting("Demo:Enabled", "true");
            builder.UseSetting("Jobs:Server", "false");
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            builder.UseSetting("Logging:LogLevel:CareOps.Web.Infrastructure.Database", "Error");
            builder.ConfigureTestServices(services =>
            {
                services.Configure<PasswordHasherOptions>(o => o.IterationCount = hashIterations);
                services.AddSingleton(sp => new PushClock(new HubRosterEvents(sp.GetRequiredService<IHubContext<RosterHub>>())));
                services.Replace(ServiceDescriptor.Singleton<IRosterEvents>(sp => sp.GetRequiredService<PushClock>()));
            });
        }
    }

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
