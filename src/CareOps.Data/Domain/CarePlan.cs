using CareOps.Data.Tenancy;

namespace CareOps.Data.Domain;

/// <summary>What a client receives: catalogue items, visits per week, minutes per visit, effective dates.</summary>
public class CarePlan : ITenantOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid AgencyId { get; set; }

    public Guid ClientId { get; set; }

    public Client? Client { get; set; }

    public int CareCatalogueId { get; set; }

    public int VisitsPerWeek { get; set; }

    public int MinutesPerVisit { get; set; }

    public DateOnly EffectiveFrom { get; set; }

    public DateOnly? EffectiveTo { get; set; }

    /// <summary>Catalogue item codes in the plan, e.g. ZS04.</summary>
    public List<PlanItem> Items { get; set; } = [];
}

public class PlanItem
{
    public int Id { get; set; }

    public required string ItemCode { get; set; }
}
