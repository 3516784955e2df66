using CareOps.Data;
using CareOps.Data.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace CareOps.Migrations.SqlServer;

/// <summary>Lets `dotnet ef` build the model for this provider without the web host.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<CareOpsDb>
{
    public CareOpsDb CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<CareOpsDb>();
        Configure(options, "Server=localhost;Database=careops;Trusted_Connection=True;TrustServerCertificate=True");
        return new CareOpsDb(options.Options, FixedTenant.None);
    }

    /// <summary>The one place this provider is wired, for the design time and the app alike.</summary>
    public static void Configure(DbContextOptionsBuilder options, string connectionString) =>
        options.UseSqlServer(connectionString, o => o.MigrationsAssembly(typeof(DesignTimeFactory).Assembly.GetName().Name));
}
