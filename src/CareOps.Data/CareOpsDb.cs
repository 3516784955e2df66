using System.Linq.Expressions;
using System.Reflection;
using CareOps.Data.Domain;
using CareOps.Data.Tenancy;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace CareOps.Data;

/// <summary>
/// The CareOps database. It is the repository (no extra layer): create one per operation through
/// <c>IDbContextFactory&lt;CareOpsDb&gt;</c>. Tenant rows are filtered by the named "Tenant" filter
/// and guarded on write.
/// </summary>
public class CareOpsDb(DbContextOptions<CareOpsDb> options, ITenantContext tenant)
    : IdentityDbContext<ApplicationUser>(options)
{
    /// <summary>The name of the tenancy query filter; bypass with <c>IgnoreQueryFilters([TenantFilter])</c>.</summary>
    public const string TenantFilter = "Tenant";

    /// <summary>The agency this unit of work acts for; null fails closed (no tenant rows).</summary>
    public Guid? CurrentAgencyId => tenant.AgencyId;

    public DbSet<Agency> Agencies => Set<Agency>();

    public DbSet<AgencyRegion> AgencyRegions => Set<AgencyRegion>();

    public DbSet<ServiceRegion> Regions => Set<ServiceRegion>();

    public DbSet<Place> Places => Set<Place>();

    public DbSet<FerryLine> FerryLines => Set<FerryLine>();

    public DbSet<FerrySchedule> FerrySchedules => Set<FerrySchedule>();

    public DbSet<FerryDeparture> FerryDepartures => Set<FerryDeparture>();

    public DbSet<FerrySuspension> FerrySuspensions => Set<FerrySuspension>();

    public DbSet<CareCatalogue> Catalogues => Set<CareCatalogue>();

    public DbSet<CatalogueItem> CatalogueItems => Set<CatalogueItem>();

    public DbSet<Client> Clients => Set<Client>();

    public DbSet<Caregiver> Caregivers => Set<Caregiver>();

    public DbSet<CarePlan> CarePlans => Set<CarePlan>();

    public DbSet<Visit> Visits => Set<Visit>();

    public DbSet<VisitEvidence> VisitEvidence => Set<VisitEvidence>();

    public DbSet<VisitAuditEntry> VisitAudit => Set<VisitAuditEntry>();

    public DbSet<SyncReceipt> SyncReceipts => Set<SyncReceipt>();

    public DbSet<RosterWeek> RosterWeeks => Set<RosterWeek>();

    public DbSet<RosterRun> RosterRuns => Set<RosterRun>();

    public DbSet<RosterVersion> RosterVersions => Set<RosterVersion>();

    public DbSet<RosterAuditEntry> RosterAudit => Set<RosterAuditEntry>();

    public DbSet<DispatchNotice> DispatchNotices => Set<DispatchNotice>();

    public DbSet<ClaimBatchRecord> ClaimBatches => Set<ClaimBatchRecord>();

    public DbSet<PolicyVersionRecord> PolicyVersions => Set<PolicyVersionRecord>();

    public DbSet<CardInvoiceRecord> CardInvoices => Set<CardInvoiceRecord>();

    public DbSet<ProcessedPaymentEvent> ProcessedPaymentEvents => Set<ProcessedPaymentEvent>();

    public DbSet<TopUpInvoiceRecord> TopUpInvoices => Set<TopUpInvoiceRecord>();

    public DbSet<ClaimDraftRun> ClaimDraftRuns => Set<ClaimDraftRun>();

    public DbSet<BillingAuditEntry> BillingAudit => Set<BillingAuditEntry>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Enums are stored by name so the tables read well in every provider; flags stay integers.
        configurationBuilder.Properties<AgencyKind>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<PlaceLink>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<CareMode>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<ClientStatus>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<CoverageKind>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<Skill>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<CertificateKind>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<VisitWindow>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<VisitStatus>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<VisitFunding>().HaveConversion<string>().HaveMaxLength(32);
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(CareOpsDb).Assembly);

        foreach (var entityType in builder.Model.GetEntityTypes())
        {
            if (typeof(ITenantOwned).IsAssignableFrom(entityType.ClrType) && !entityType.IsOwned())
            {
                ApplyTenantFilterMethod.MakeGenericMethod(entityType.ClrType).Invoke(this, [builder]);
            }
        }
    }

    private static readonly MethodInfo ApplyTenantFilterMethod =
        typeof(CareOpsDb).GetMethod(nameof(ApplyTenantFilter), BindingFlags.NonPublic | BindingFlags.Instance)!;

    private void ApplyTenantFilter<T>(ModelBuilder builder)
        where T : class, ITenantOwned
    {
        // Note: EF parameterizes CurrentAgencyId per query, so one model serves every tenant.
        Expression<Func<T, bool>> filter = e => CurrentAgencyId != null && e.AgencyId == CurrentAgencyId;
        var entity = builder.Entity<T>();
        entity.HasQueryFilter(TenantFilter, filter);
        entity.HasIndex(e => e.AgencyId);

        // AgencyId takes part in every UPDATE/DELETE's WHERE clause: a row of another agency attached
        // under this agency's id matches nothing, so the write fails instead of landing (EF Core #24122).
        entity.Property(e => e.AgencyId).IsConcurrencyToken();
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        GuardTenancy();
        GuardAudit();
        StampKeys();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        GuardTenancy();
        GuardAudit();
        StampKeys();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <summary>Derived key columns that unique indexes rely on, kept in step with the values they are built from.</summary>
    private void StampKeys()
    {
        // A visit's record is written by phones, dispatchers and publishes: each write moves its version on, and a
        // write based on an older read fails (the version is a concurrency token) instead of overwriting.
        foreach (var entry in ChangeTracker.Entries<Visit>().Where(e => e.State == EntityState.Modified))
        {
            entry.Entity.Version = entry.Property(v => v.Version).OriginalValue + 1;
        }

        foreach (var entry in ChangeTracker.Entries<TopUpInvoiceRecord>())
        {
            // Note: only when the parts change, so a key made unique by hand (a clerk's correction) stays as it is.
            if (entry.State == EntityState.Added || (entry.State == EntityState.Modified && (entry.Property(x => x.Payer).IsModified
                    || entry.Property(x => x.PayerName).IsModified || entry.Property(x => x.ClientId).IsModified)))
            {
                entry.Entity.StampPayerKey();
            }
        }
    }

    /// <summary>The billing audit is append-only: an entry is written once and never changed or removed through the app.</summary>
    private void GuardAudit()
    {
        if (ChangeTracker.Entries<BillingAuditEntry>().Any(e => e.State is EntityState.Modified or EntityState.Deleted))
        {
            throw new AuditTamperingException();
        }
    }

    /// <summary>Stamps new tenant rows and refuses any change to a row of another agency.</summary>
    private void GuardTenancy()
    {
        foreach (var entry in ChangeTracker.Entries<ITenantOwned>())
        {
            if (entry.State is EntityState.Unchanged or EntityState.Detached)
            {
                continue;
            }

            if (CurrentAgencyId is not Guid current)
            {
                throw new TenantViolationException("No agency is selected for this operation, so nothing was saved.");
            }

            if (entry.State == EntityState.Added)
            {
                if (entry.Entity.AgencyId == Guid.Empty)
                {
                    entry.Entity.AgencyId = current;
                }
                else if (entry.Entity.AgencyId != current)
                {
                    throw new TenantViolationException("A record of another agency cannot be created here, so nothing was saved.");
                }

                continue;
            }

            var original = (Guid)entry.OriginalValues[nameof(ITenantOwned.AgencyId)]!;
            if (original != current || entry.Entity.AgencyId != current)
            {
                throw new TenantViolationException("This record belongs to another agency and cannot be changed, so nothing was saved.");
            }
        }
    }
}
