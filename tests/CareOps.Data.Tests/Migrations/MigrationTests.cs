using System.Reflection;
using CareOps.Data.Tenancy;
using CareOps.Data.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CareOps.Data.Tests.Migrations;

public sealed class MigrationTests
{
    private static readonly Assembly[] MigrationAssemblies =
    [
        typeof(CareOps.Migrations.Sqlite.DesignTimeFactory).Assembly,
        typeof(CareOps.Migrations.SqlServer.DesignTimeFactory).Assembly,
        typeof(CareOps.Migrations.Postgres.DesignTimeFactory).Assembly,
    ];

    private static List<string> MigrationIds(Assembly assembly) =>
        assembly.GetTypes()
            .Where(t => typeof(Migration).IsAssignableFrom(t))
            .Select(t => t.GetCustomAttribute<MigrationAttribute>()!.Id)
            .Order(StringComparer.Ordinal)
            .ToList();

    [Fact]
    public void EveryProvider_HasTheSameMigrations()
    {
        var sqlite = MigrationIds(MigrationAssemblies[0]);

        Assert.NotEmpty(sqlite);
        foreach (var assembly in MigrationAssemblies.Skip(1))
        {
            Assert.Equal(sqlite, MigrationIds(assembly));
        }
    }

    public static TheoryData<string> ProviderNames => new() { "Sqlite", "SqlServer", "Postgres" };

    /// <summary>The model and each provider's snapshot agree: nobody changed an entity without adding a migration (SQL Server included, no server needed).</summary>
    [Theory]
    [MemberData(nameof(ProviderNames))]
    public void Model_HasNoPendingChanges(string provider)
    {
        var options = new DbContextOptionsBuilder<CareOpsDb>();
        switch (provider)
        {
            case "Sqlite":
                CareOps.Migrations.Sqlite.DesignTimeFactory.Configure(options, "Data Source=:memory:");
                break;
            case "SqlServer":
                CareOps.Migrations.SqlServer.DesignTimeFactory.Configure(options, "Server=localhost;Database=careops;TrustServerCertificate=True");
                break;
            default:
                CareOps.Migrations.Postgres.DesignTimeFactory.Configure(options, "Host=localhost;Database=careops");
                break;
        }

        using var db = new CareOpsDb(options.Options, FixedTenant.None);

        Assert.False(db.Database.HasPendingModelChanges(), $"The {provider} migrations are behind the model: run tools/add-migration.sh.");
        Assert.Equal(MigrationIds(MigrationAssemblies[0]), db.Database.GetMigrations().Order(StringComparer.Ordinal).ToList());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Migrate_FreshDatabase_AppliesEveryMigration(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.Context();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
        Assert.Equal(0, await db.Agencies.CountAsync());
    }
}
