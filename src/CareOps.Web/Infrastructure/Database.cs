using CareOps.Data;
using CareOps.Data.Seeding;
using CareOps.Data.Tenancy;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace CareOps.Web.Infrastructure;

public static class Database
{
    /// <summary>Registers the context factory for the configured provider (Database:Provider).</summary>
    public static IServiceCollection AddCareOpsDatabase(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        var provider = DatabaseSetup.Parse(configuration["Database:Provider"]);
        var connectionString = configuration.GetConnectionString("CareOps")
            ?? throw new InvalidOperationException("ConnectionStrings:CareOps is not set.");
        if (provider == DatabaseProvider.Sqlite)
        {
            connectionString = SqlitePath(connectionString, contentRoot);
        }

        services.AddSingleton(new DatabaseInfo(provider, connectionString));
        services.AddScoped<ITenantContext, UserTenantContext>();

        // Scoped so the factory creates contexts with the tenant of the current request or circuit.
        services.AddDbContextFactory<CareOpsDb>(options => Configure(options, provider, connectionString), ServiceLifetime.Scoped);
        return services;
    }

    public static void Configure(DbContextOptionsBuilder options, DatabaseProvider provider, string connectionString)
    {
        switch (provider)
        {
            case DatabaseProvider.Sqlite:
                Migrations.Sqlite.DesignTimeFactory.Configure(options, connectionString);
                break;
            case DatabaseProvider.SqlServer:
                Migrations.SqlServer.DesignTimeFactory.Configure(options, connectionString);
                break;
            case DatabaseProvider.Postgres:
                Migrations.Postgres.DesignTimeFactory.Configure(options, connectionString);
                break;
        }

        // A failed command or save is logged by EF Core at Error before its exception reaches the code, which may expect
        // it: a racing replay of a phone's key meets the receipt's primary key and is answered "duplicate"; a stale
        // version is judged again. Warning here; an exception nobody handles is still logged at Error by the host.
        options.ConfigureWarnings(w => w.Log(
            (Microsoft.EntityFrameworkCore.Diagnostics.RelationalEventId.CommandError, LogLevel.Warning),
            (Microsoft.EntityFrameworkCore.Diagnostics.CoreEventId.SaveChangesFailed, LogLevel.Warning)));
    }

    /// <summary>Anchors a relative SQLite path at the content root and makes sure its folder exists.</summary>
    private static string SqlitePath(string connectionString, string contentRoot)
    {
        var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString);
        if (builder.DataSource != ":memory:" && !Path.IsPathRooted(builder.DataSource))
        {
            builder.DataSource = Path.Combine(contentRoot, builder.DataSource);
        }

        var folder = Path.GetDirectoryName(builder.DataSource);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        return builder.ToString();
    }

    /// <summary>Migrates, seeds reference data and, where enabled, the demo archipelago.</summary>
    public static async Task PrepareAsync(WebApplication app, CancellationToken ct = default)
    {
        var options = app.Services.GetRequiredService<DatabaseInfo>().ContextOptions();

        await using (var db = new CareOpsDb(options, FixedTenant.None))
        {
            await db.Database.MigrateAsync(ct);
        }

        await ReferenceDataSeeder.SeedAsync(options, ct);

        if (!app.Configuration.GetValue<bool>("Demo:Enabled"))
        {
            return;
        }

        if (app.Environment.IsProduction())
        {
            app.Logger.DemoInProduction();
        }

        var clock = app.Services.GetRequiredService<TimeProvider>();
        var anchor = AgencyClock.Today(clock);
        var seed = app.Configuration.GetValue("Demo:Seed", DemoArchipelago.DefaultSeed);
        bool fresh;
        await using (var probe = new CareOpsDb(options, FixedTenant.None))
        {
            fresh = !await probe.Agencies.AnyAsync(ct);
        }

        var summary = await DemoArchipelago.SeedAsync(options, seed, anchor, ct);
        app.Logger.DemoReady(summary.Agencies, summary.Clients, summary.Caregivers, summary.Users);

        // A fresh demo gets its past (issue 11) in the background: /health and sign-in answer meanwhile, the home page
        // shows the progress. Hangfire keeps the job, so a restart half-way finishes it.
        if (fresh && app.Configuration.GetValue<bool>("Demo:History"))
        {
            app.Services.GetRequiredService<IBackgroundJobClient>().Enqueue<Features.Demo.DemoHistoryJob>(j => j.RunAsync(CancellationToken.None));
            app.Logger.DemoHistoryQueued();
        }

        PrintDemoLogins();
    }

    private static void PrintDemoLogins()
    {
        // Console rather than the log: a newcomer must see this even with logging turned down.
        Console.WriteLine();
        Console.WriteLine("==== CareOps demo logins (Development only) ====");
        Console.WriteLine($"  password for every demo user:  {DemoArchipelago.DemoPassword}");
        Console.WriteLine("  operator@demo.careops.cn        platform operator (all agencies)");
        Console.WriteLine("  r1.dispatcher@demo.careops.cn   dispatcher of region R1 定海 (also r1.admin, r1.finance; r1..r8)");
        Console.WriteLine("  r1.cg01@demo.careops.cn         a caregiver of R1 (cg01..cgNN per region)");
        Console.WriteLine("=================================================");
        Console.WriteLine();
    }
}

public sealed record DatabaseInfo(DatabaseProvider Provider, string ConnectionString)
{
    /// <summary>Options for a context made outside DI (start-up, webhooks, tests) on the configured database.</summary>
    public DbContextOptions<CareOpsDb> ContextOptions()
    {
        var options = new DbContextOptionsBuilder<CareOpsDb>();
        Database.Configure(options, Provider, ConnectionString);
        return options.Options;
    }
}

/// <summary>Civil dates in the business calendar (Asia/Shanghai): 17:30 UTC on 31 December is already 1 January.</summary>
public static class AgencyClock
{
    // Note: China has kept UTC+8 without daylight saving since 1991, so a fixed zone is exact for every date we
    // handle; it is the fallback where the machine has no tz database (slim containers), never a guess.
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.TryFindSystemTimeZoneById("Asia/Shanghai", out var zone)
        ? zone
        : TimeZoneInfo.CreateCustomTimeZone("Asia/Shanghai", TimeSpan.FromHours(8), "China Standard Time", "China Standard Time");

    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(Local(clock.GetUtcNow()).DateTime);

    /// <summary>An instant as the agency's wall clock shows it.</summary>
    public static DateTimeOffset Local(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Zone);

    /// <summary>The instant the agency's wall clock shows <paramref name="time"/> on <paramref name="date"/>.</summary>
    public static DateTimeOffset At(DateOnly date, TimeOnly time) =>
        new(date.ToDateTime(time), Zone.GetUtcOffset(date.ToDateTime(time)));
}
