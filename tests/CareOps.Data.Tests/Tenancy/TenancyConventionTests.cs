using CareOps.Data.Domain;
using CareOps.Data.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace CareOps.Data.Tests.Tenancy;

/// <summary>A new entity must either be tenant-owned (and filtered) or be named here as shared platform data.</summary>
public sealed class TenancyConventionTests
{
    private static readonly HashSet<Type> PlatformEntities =
    [
        typeof(Agency), typeof(AgencyRegion), typeof(ServiceRegion), typeof(Place),
        typeof(FerryLine), typeof(FerrySchedule), typeof(FerryDeparture), typeof(FerrySuspension),
        typeof(CareCatalogue), typeof(CatalogueItem), typeof(PolicyVersionRecord), typeof(ProcessedPaymentEvent),

        // Identity: users carry AgencyId but sign-in must find them before any tenant is known.
        typeof(ApplicationUser), typeof(IdentityRole), typeof(IdentityUserRole<string>), typeof(IdentityUserClaim<string>),
        typeof(IdentityUserLogin<string>), typeof(IdentityUserToken<string>), typeof(IdentityRoleClaim<string>),
    ];

    private static IModel Model()
    {
        var options = new DbContextOptionsBuilder<CareOpsDb>();
        CareOps.Migrations.Sqlite.DesignTimeFactory.Configure(options, "Data Source=:memory:");
        using var db = new CareOpsDb(options.Options, FixedTenant.None);
        return db.Model;
    }

    public static TheoryData<string> EntityNames()
    {
        var data = new TheoryData<string>();
        foreach (var entity in Model().GetEntityTypes().Where(e => !e.IsOwned()))
        {
            data.Add(entity.ClrType.FullName!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EntityNames))]
    public void Entity_IsTenantOwnedWithFilterOrDeclaredPlatformData(string entityName)
    {
        var entity = Model().GetEntityTypes().Single(e => e.ClrType.FullName == entityName);

        if (PlatformEntities.Contains(entity.ClrType))
        {
            Assert.False(typeof(ITenantOwned).IsAssignableFrom(entity.ClrType), $"{entityName} is listed as platform data but is tenant-owned.");
            return;
        }

        Assert.True(typeof(ITenantOwned).IsAssignableFrom(entity.ClrType), $"{entityName} is neither ITenantOwned nor declared platform data.");
        var filter = entity.GetDeclaredQueryFilters().SingleOrDefault(f => f.Key == CareOpsDb.TenantFilter);
        Assert.NotNull(filter);
        Assert.Contains(nameof(ITenantOwned.AgencyId), filter.Expression!.ToString());
        Assert.True(entity.FindProperty(nameof(ITenantOwned.AgencyId))!.IsConcurrencyToken, $"{entityName}.AgencyId must guard writes as a concurrency token.");
    }

    [Fact]
    public void Model_HasTenantOwnedEntities()
    {
        var owned = Model().GetEntityTypes().Where(e => typeof(ITenantOwned).IsAssignableFrom(e.ClrType)).Select(e => e.ClrType).ToList();

        Assert.Contains(typeof(Client), owned);
        Assert.Contains(typeof(Caregiver), owned);
        Assert.Contains(typeof(CarePlan), owned);
        Assert.Contains(typeof(Visit), owned);
    }
}
