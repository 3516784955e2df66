namespace CareOps.Data.Tenancy;

/// <summary>A row that belongs to one agency. Every such entity gets the named "Tenant" query filter.</summary>
public interface ITenantOwned
{
    Guid AgencyId { get; set; }
}

/// <summary>Who the current unit of work acts for. Null means nobody: queries return no tenant rows.</summary>
public interface ITenantContext
{
    Guid? AgencyId { get; }
}

/// <summary>A tenant fixed at construction: background work, seeding, tests.</summary>
public sealed class FixedTenant(Guid? agencyId) : ITenantContext
{
    public static readonly FixedTenant None = new(null);

    public Guid? AgencyId { get; } = agencyId;
}

/// <summary>Raised when a unit of work tries to write a row of another agency (EF Core #24122: filters do not guard writes).</summary>
public sealed class TenantViolationException(string message) : InvalidOperationException(message);
