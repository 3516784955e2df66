using System.Diagnostics;
using System.Globalization;
using CareOps.Data;
using CareOps.Data.Domain;
using CareOps.Data.Seeding;
using CareOps.Data.Tenancy;
using CareOps.Web.Features.Roster;
using CareOps.Web.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CareOps.Bench;

/// <summary>
/// The node side of the benches that load the real app (<c>live-push</c>, <c>checkin-burst</c>): the app as it runs in
/// production (its Program, on Kestrel at 127.0.0.1, Production settings, a SQLite file the app migrates and seeds with
/// the demo itself), the bench's caregivers and their sign-ins, and the line protocol with the driver
/// (<see cref="NodeProcess"/>): answers on standard output in lines starting with <see cref="Prefix"/>.
/// </summary>
internal static class BenchNode
{
    public const string Prefix = "@bench-node ";

    /// <summary>The sign-in of a bench's i-th caregiver (1-based); the password is the demo's.</summary>
    public static string EmailOf(string agencyCode, string prefix, int i) =>
        string.Create(CultureInfo.InvariantCulture, $"{agencyCode.ToLowerInvariant()}.{prefix}{i:D4}@bench.careops.cn");

    /// <summary>
    /// Starts the app on the SQLite file, lets the bench <paramref name="prepare"/> its data (given the app and its start
    /// time in seconds; it says "ready" itself and returns what to do with each command), then runs the driver's
    /// commands until <c>quit</c>. The database and its companions are deleted on the way out.
    /// </summary>
    public static async Task<int> HostAsync(string databasePath, int hashIterations, Action<IServiceCollection> testServices,
        Func<App, double, Task<Func<string, Task>>> prepare)
    {
        // The app's own runtimeconfig sets this switch (BlazorDisableThrowNavigationException); the bench's does not.
        AppContext.SetSwitch("Microsoft.AspNetCore.Components.Endpoints.NavigationManager.DisableThrowNavigationException", true);
        try
        {
            var watch = Stopwatch.StartNew();
            await using var app = new App($"Data Source={databasePath}", hashIterations, testServices);
            app.StartServer();
            var run = await prepare(app, watch.Elapsed.TotalSeconds);
            while (await Console.In.ReadLineAsync() is { } command && command != "quit")
            {
                await run(command);
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
            DeleteFiles(databasePath);
        }
    }

    /// <summary>The database, its WAL and shared memory, the jobs' file and anything else the bench put beside it.</summary>
    public static void DeleteFiles(string databasePath)
    {
        var folder = Path.GetDirectoryName(databasePath) ?? ".";
        var stem = Path.GetFileNameWithoutExtension(databasePath);
        foreach (var file in Directory.EnumerateFiles(folder, stem + "*").ToList())
        {
            File.Delete(file);
        }
    }

    public static async Task<Guid> AgencyIdAsync(DbContextOptions<CareOpsDb> options, string code)
    {
        await using var db = new CareOpsDb(options, FixedTenant.None);
        return await db.Agencies.Where(a => a.Code == code).Select(a => a.Id).SingleAsync();
    }

    /// <summary>
    /// Caregivers and their sign-ins (<see cref="EmailOf"/> with the <paramref name="prefix"/>), written the way the demo
    /// seeder writes its own (tenant-stamped rows through <see cref="CareOpsDb"/>, one password hash shared by all, made
    /// by the app's <see cref="IPasswordHasher{TUser}"/>): the app has no use case that creates users, and a thousand
    /// PBKDF2 hashes would only cost time. Each holds a certificate valid today.
    /// </summary>
    public static async Task<IReadOnlyList<Guid>> AddCaregiversAsync(IServiceProvider services, DbContextOptions<CareOpsDb> options,
        Guid agency, string agencyCode, string prefix, int count)
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
                    Code = string.Create(CultureInfo.InvariantCulture, $"{prefix}{i:D4}"),
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
                var email = EmailOf(agencyCode, prefix, i);
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

    /// <summary>One answer line: a kind, then key=value fields (values without spaces, except in an error's, which is read by people).</summary>
    public static void Say(string kind, params (string Key, string Value)[] fields) =>
        Console.Out.WriteLine(Prefix + kind + string.Concat(fields.Select(f => $" {f.Key}={(kind == "error" ? f.Value : f.Value.Replace(' ', '_'))}")));

    public static string F(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    public static string I(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The app as it runs in production (Program, Kestrel, the app's services), with: its own SQLite file, the demo
    /// seeded, no job server, warnings only in the log, PBKDF2 at the given iterations (Identity's default is 100 000:
    /// a thousand sign-ins would spend minutes of the 2 cores on hashing alone), and the bench's own test services.
    /// </summary>
    internal sealed class App : WebApplicationFactory<RosterHub>
    {
        private readonly string connectionString;
        private readonly int hashIterations;
        private readonly Action<IServiceCollection> testServices;

        public App(string connectionString, int hashIterations, Action<IServiceCollection> testServices)
        {
            (this.connectionString, this.hashIterations, this.testServices) = (connectionString, hashIterations, testServices);
            UseKestrel(0);
        }

        public Uri Url => ClientOptions.BaseAddress;

        public DbContextOptions<CareOpsDb> DatabaseOptions => Services.GetRequiredService<DatabaseInfo>().ContextOptions();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("ConnectionStrings:CareOps", connectionString);
            builder.UseSetting("Database:Provider", "Sqlite");
            builder.UseSetting("Demo:Enabled", "true");
            builder.UseSetting("Demo:History", "false");
            builder.UseSetting("Jobs:Server", "false");
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            builder.UseSetting("Logging:LogLevel:CareOps.Web.Infrastructure.Database", "Error");
            builder.ConfigureTestServices(services =>
            {
                services.Configure<PasswordHasherOptions>(o => o.IterationCount = hashIterations);
                testServices(services);
            });
        }
    }
}
