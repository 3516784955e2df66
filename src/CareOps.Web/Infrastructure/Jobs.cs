using CareOps.Data;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.Storage.SQLite;

namespace CareOps.Web.Infrastructure;

/// <summary>
/// Hangfire, with its storage on the app's database provider (docs/adr/0009-jobs-and-live-push.md): SQLite beside the
/// embedded database (its own file, so job polling never locks the app's tables), PostgreSQL or SQL Server in the
/// app's own database. Every node shares the storage, so a job runs once whichever node picks it up.
/// </summary>
public static class Jobs
{
    /// <summary>The queue of optimizer runs: CPU-bound, so one worker per node (the solver uses every core itself).</summary>
    public const string RosterQueue = "roster";

    /// <summary>Registers Hangfire's storage and, unless <c>Jobs:Server</c> is false, this node's job servers.</summary>
    public static IServiceCollection AddCareOpsJobs(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddHangfire((sp, config) =>
        {
            config.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings()
                .UseLogProvider(new JobLogging(sp.GetRequiredService<ILoggerFactory>()));
            var database = sp.GetRequiredService<DatabaseInfo>();
            switch (database.Provider)
            {
                case DatabaseProvider.Sqlite:
                    config.UseSQLiteStorage(JobsFileBeside(database.ConnectionString), new SQLiteStorageOptions { QueuePollInterval = TimeSpan.FromSeconds(1) });
                    break;
                case DatabaseProvider.Postgres:
                    config.UsePostgreSqlStorage(o => o.UseNpgsqlConnection(database.ConnectionString), new PostgreSqlStorageOptions { QueuePollInterval = TimeSpan.FromSeconds(1) });
                    break;
                case DatabaseProvider.SqlServer:
                    config.UseSqlServerStorage(database.ConnectionString, new Hangfire.SqlServer.SqlServerStorageOptions { QueuePollInterval = TimeSpan.FromSeconds(1) });
                    break;
            }
        });

        if (configuration.GetValue("Jobs:Server", true))
        {
            services.AddHangfireServer(o =>
            {
                o.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}:roster";
                o.Queues = [RosterQueue];
                o.WorkerCount = 1;
            });
            services.AddHangfireServer(o =>
            {
                o.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}:default";
                o.Queues = ["default"];
                o.WorkerCount = Math.Max(2, Environment.ProcessorCount);
            });
        }

        return services;
    }

    /// <summary>The jobs' SQLite file: "careops.db" → "careops-jobs.db" in the same folder.</summary>
    public static string JobsFileBeside(string sqliteConnectionString)
    {
        var path = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(sqliteConnectionString).DataSource;
        var folder = Path.GetDirectoryName(path) ?? "";
        return Path.Combine(folder, Path.GetFileNameWithoutExtension(path) + "-jobs.db");
    }

    /// <summary>
    /// After the database is ready: marks runs whose worker died with the last process as interrupted, and registers the
    /// recurring jobs (idempotent: every node may do it).
    /// </summary>
    public static async Task StartAsync(WebApplication app)
    {
        var swept = await app.Services.GetRequiredService<Features.Roster.RosterRunSweeper>().SweepAsync();
        if (swept > 0)
        {
            app.Logger.RosterRunsInterrupted(swept);
        }

        if (app.Configuration.GetValue("Jobs:Server", true))
        {
            var recurring = app.Services.GetRequiredService<IRecurringJobManager>();
            var agencyTime = new RecurringJobOptions { TimeZone = AgencyClock.Zone };
            recurring.AddOrUpdate<Features.Roster.SweepRosterRunsJob>("roster-sweep", j => j.RunAsync(CancellationToken.None), Cron.Minutely());

            // Every ten minutes: each agency's own hour (default Thursday 18:00) is read from its settings.
            recurring.AddOrUpdate<Features.Roster.WeeklyDraftJob>("roster-weekly-draft", j => j.RunAsync(CancellationToken.None), "*/10 * * * *", agencyTime);
            recurring.AddOrUpdate<Features.Roster.DispatchWarningsJob>("dispatch-warnings", j => j.RunAsync(CancellationToken.None), Cron.Daily(7), agencyTime);
        }
    }
}
