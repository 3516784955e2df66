namespace CareOps.Data;

/// <summary>The three supported databases, each with its own migrations assembly.</summary>
public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
    Postgres,
}

public static class DatabaseSetup
{
    public static string MigrationsAssembly(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Sqlite => "CareOps.Migrations.Sqlite",
        DatabaseProvider.SqlServer => "CareOps.Migrations.SqlServer",
        DatabaseProvider.Postgres => "CareOps.Migrations.Postgres",
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown database provider."),
    };

    public static DatabaseProvider Parse(string? value) =>
        Enum.TryParse<DatabaseProvider>(value, ignoreCase: true, out var provider)
            ? provider
            : value?.ToLowerInvariant() switch
            {
                null or "" => DatabaseProvider.Sqlite,
                "postgresql" or "npgsql" => DatabaseProvider.Postgres,
                "mssql" => DatabaseProvider.SqlServer,
                _ => throw new InvalidOperationException(
                    $"Unknown database provider '{value}'. Use Sqlite, SqlServer or Postgres."),
            };
}
