using CareOps.Data.Tenancy;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CareOps.Data.Tests.Infrastructure;

/// <summary>
/// A fresh, migrated database on a real provider for one test: a temporary SQLite file, or a new
/// database on the throwaway PostgreSQL server that ./test.sh starts (CAREOPS_TEST_POSTGRES).
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "CAREOPS_TEST_POSTGRES";

    private readonly Func<ValueTask> cleanup;

    private TestDatabase(DatabaseProvider provider, DbContextOptions<CareOpsDb> options, Func<ValueTask> cleanup)
    {
        Provider = provider;
        Options = options;
        this.cleanup = cleanup;
    }

    /// <summary>The providers every data test runs on (Bitwarden's [DatabaseData] idea).</summary>
    public static TheoryData<DatabaseProvider> Providers => new() { DatabaseProvider.Sqlite, DatabaseProvider.Postgres };

    public DatabaseProvider Provider { get; }

    public DbContextOptions<CareOpsDb> Options { get; }

    public CareOpsDb Context(Guid? agencyId = null) => new(Options, new FixedTenant(agencyId));

    /// <summary>A new database with every migration applied.</summary>
    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider)
    {
        var database = provider switch
        {
            DatabaseProvider.Sqlite => CreateSqlite(),
            DatabaseProvider.Postgres => await CreatePostgresAsync(),
            _ => throw new NotSupportedException($"No {provider} server can run here; its migrations are checked without one."),
        };

        await using var db = database.Context();
        await db.Database.MigrateAsync();
        return database;
    }

    private static TestDatabase CreateSqlite()
    {
        var path = Path.Combine(Path.GetTempPath(), $"careops-test-{Guid.NewGuid():N}.db");
        var options = new DbContextOptionsBuilder<CareOpsDb>();
        CareOps.Migrations.Sqlite.DesignTimeFactory.Configure(options, $"Data Source={path};Pooling=False");
        return new TestDatabase(DatabaseProvider.Sqlite, options.Options, () =>
        {
            SqliteConnection.ClearAllPools();
            File.Delete(path);
            return ValueTask.CompletedTask;
        });
    }

    private static async Task<TestDatabase> CreatePostgresAsync()
    {
        var server = Environment.GetEnvironmentVariable(PostgresVariable);
        if (string.IsNullOrEmpty(server))
        {
            // Fail, never skip: a green run without PostgreSQL would be a lie. ./test.sh starts a server.
            throw new InvalidOperationException($"{PostgresVariable} is not set. Run the tests through ./test.sh, which starts a throwaway PostgreSQL server.");
        }

        var name = $"careops_test_{Guid.NewGuid():N}";
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            await create.ExecuteNonQueryAsync();
        }

        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
        var options = new DbContextOptionsBuilder<CareOpsDb>();
        CareOps.Migrations.Postgres.DesignTimeFactory.Configure(options, connectionString);
        return new TestDatabase(DatabaseProvider.Postgres, options.Options, async () =>
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(server);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        });
    }

    public ValueTask DisposeAsync() => cleanup();
}
