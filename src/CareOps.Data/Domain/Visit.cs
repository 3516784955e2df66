using CareOps.Data.Tenancy;

namespace CareOps.Data.Domain;

/// <summary>A home visit: what was planned and, once it happens, what actually took place.</summary>
public class Visit : ITenantOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid AgencyId { get; set; }

    public Guid ClientId { get; set; }

    public Client? Client { get; set; }

    public Guid CaregiverId { get; set; }

    public Caregiver? Caregiver { get; set; }

    public DateOnly Date { get; set; }

    public TimeOnly PlannedStart { get; set; }

    public int PlannedMinutes { get; set; }

    public VisitStatus Status { get; set; } = VisitStatus.Planned;

    /// <summary>Who pays for this visit: the LTC fund (default) or a top-up pillar.</summary>
    public VisitFunding Funding { get; set; } = VisitFunding.Fund;

    public DateTimeOffset? CheckInAt { get; set; }

    public double? CheckInLatitude { get; set; }

    public double? CheckInLongitude { get; set; }

    public DateTimeOffset? CheckOutAt { get; set; }

    public double? CheckOutLatitude { get; set; }

    public double? CheckOutLongitude { get; set; }

    /// <summary>Whether check-in happened at the client's home (within tolerance).</summary>
    public bool? LocationVerified { get; set; }

    public List<PerformedItem> ItemsPerformed { get; set; } = [];
}

public class PerformedItem
{
    public int Id { get; set; }

    public required string ItemCode { get; set; }
}
