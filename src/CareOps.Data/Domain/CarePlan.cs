using CareOps.Data.Tenancy;

namespace CareOps.Data.Domain;

/// <summary>
/// What a client receives and when: catalogue items, visits per week, minutes per visit, the days and windows a
/// visit may take, the skill it needs, the caregivers she prefers or refuses, effective dates. The roster optimizer
/// reads plans through <see cref="Rostering.RosterProblemBuilder"/>.
/// </summary>
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

    /// <summary>Days on which a visit may take place.</summary>
    public WeekDays AllowedDays { get; set; } = WeekDays.Every;

    /// <summary>Hard window: a visit starts and ends inside it (unless a day has its own, <see cref="DayWindows"/>).</summary>
    public TimeOnly WindowStart { get; set; } = new(8, 0);

    /// <summary>End of the hard window.</summary>
    public TimeOnly WindowEnd { get; set; } = new(17, 0);

    /// <summary>Soft preferred window start, or null for no preference.</summary>
    public TimeOnly? PreferredStart { get; set; }

    /// <summary>Soft preferred window end.</summary>
    public TimeOnly? PreferredEnd { get; set; }

    /// <summary>The skill the visits need; null: what the catalogue items need (a nursing item needs a nurse).</summary>
    public Skill? RequiredSkill { get; set; }

    /// <summary>Catalogue item codes in the plan, e.g. ZS04.</summary>
    public List<PlanItem> Items { get; set; } = [];

    /// <summary>Per-day hard windows that differ from <see cref="WindowStart"/>–<see cref="WindowEnd"/>.</summary>
    public List<PlanDayWindow> DayWindows { get; set; } = [];

    /// <summary>Caregivers the client prefers or refuses.</summary>
    public List<PlanCaregiver> Caregivers { get; set; } = [];

    /// <summary>Whether the plan is in force on the date.</summary>
    public bool CoversDate(DateOnly date) => EffectiveFrom <= date && (EffectiveTo is null || date <= EffectiveTo);
}

public class PlanItem
{
    public int Id { get; set; }

    public required string ItemCode { get; set; }
}

/// <summary>A day's own hard window in a care plan (e.g. Saturdays only in the morning).</summary>
public class PlanDayWindow
{
    public int Id { get; set; }

    public DayOfWeek Day { get; set; }

    public TimeOnly Start { get; set; }

    public TimeOnly End { get; set; }
}

/// <summary>Whether a caregiver is wanted or refused for a client.</summary>
public enum PlanCaregiverRole
{
    Preferred,
    Excluded,
}

/// <summary>A caregiver a plan names: preferred (continuity) or excluded (never send).</summary>
public class PlanCaregiver
{
    public int Id { get; set; }

    public Guid CaregiverId { get; set; }

    public PlanCaregiverRole Role { get; set; }
}
