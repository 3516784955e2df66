namespace CareOps.Data.Domain;

/// <summary>A designated care agency (定点护理机构): the tenant.</summary>
public class Agency
{
    public Guid Id { get; set; } = Guid.NewGuid();

    /// <summary>Short code, unique on the platform, e.g. "R1".</summary>
    public required string Code { get; set; }

    public required string Name { get; set; }

    public AgencyKind Kind { get; set; } = AgencyKind.HomeCare;

    /// <summary>The city policy the agency bills under, e.g. "zhoushan".</summary>
    public string CityPolicy { get; set; } = "zhoushan";

    public string TimeZoneId { get; set; } = "Asia/Shanghai";

    public bool IsActive { get; set; } = true;

    /// <summary>The weekday next week's draft is made by itself (agency time); null: never by itself.</summary>
    public DayOfWeek? AutoDraftDay { get; set; } = DayOfWeek.Thursday;

    /// <summary>The time on <see cref="AutoDraftDay"/> the draft is made (agency time).</summary>
    public TimeOnly AutoDraftTime { get; set; } = new(18, 0);

    /// <summary>How far from the client's home a check-in still counts as at the home, in metres.</summary>
    public int GeofenceMeters { get; set; } = 200;

    /// <summary>How many minutes a visit may start before or after its planned time without being flagged.</summary>
    public int StartToleranceMinutes { get; set; } = 30;

    public List<AgencyRegion> Regions { get; set; } = [];
}

/// <summary>A region an agency serves.</summary>
public class AgencyRegion
{
    public Guid AgencyId { get; set; }

    public int RegionId { get; set; }

    public ServiceRegion? Region { get; set; }
}
