using System.Linq.Expressions;
using CareOps.Data.Tenancy;

namespace CareOps.Data.Domain;

/// <summary>An insured person assessed as disabled (参保人 / 失能人员), served by one agency.</summary>
public class Client : ITenantOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid AgencyId { get; set; }

    /// <summary>18-character resident ID (GB 11643), personal data: masked in lists, never logged.</summary>
    public required string ResidentId { get; set; }

    /// <summary>Last four characters of the resident ID, kept for search without reading the full number.</summary>
    public string ResidentIdLast4 { get; set; } = "";

    public required string Name { get; set; }

    public string Phone { get; set; } = "";

    public string Address { get; set; } = "";

    public double Latitude { get; set; }

    public double Longitude { get; set; }

    public int PlaceId { get; set; }

    public Place? Place { get; set; }

    public int RegionId { get; set; }

    public ServiceRegion? Region { get; set; }

    public Assessment Assessment { get; set; } = new();

    public CareMode CareMode { get; set; }

    /// <summary>The trained relative for family care (亲情护理员); null otherwise.</summary>
    public FamilyCaregiver? FamilyCaregiver { get; set; }

    public VisitWindow PreferredWindow { get; set; } = VisitWindow.AllDay;

    public WeekDays PreferredDays { get; set; } = WeekDays.Every;

    public List<Coverage> Coverages { get; set; } = [];

    public List<StatusPeriod> StatusPeriods { get; set; } = [];

    /// <summary>Assistive devices rented through the fund (Jining's pilot), each its own claim line.</summary>
    public List<DeviceRentalRecord> Rentals { get; set; } = [];

    public void SetResidentId(string residentId)
    {
        ResidentId = Domain.ResidentId.Normalize(residentId);
        ResidentIdLast4 = ResidentId.Length >= 4 ? ResidentId[^4..] : ResidentId;
    }

    /// <summary>
    /// The status rule, written once: the status of the period that covers the date (first day to last day, open
    /// when To is null), or Ended when none does. Queries splice it in (<see cref="StatusOnExpression"/>);
    /// <see cref="StatusOn"/> runs it compiled.
    /// </summary>
    // Note: periods never overlap (RecordStatus cuts the timeline around a change), so "the" covering period is
    // unique and no ordering is needed before FirstOrDefault.
    public static readonly Expression<Func<Client, DateOnly, ClientStatus>> StatusRule = (c, date) =>
        c.StatusPeriods
            .Where(p => p.From <= date && (p.To == null || date <= p.To))
            .Select(p => (ClientStatus?)p.Status)
            .FirstOrDefault() ?? ClientStatus.Ended;

    private static readonly Func<Client, DateOnly, ClientStatus> CompiledStatusRule = StatusRule.Compile();

    /// <summary><see cref="StatusRule"/> on a fixed date, for a query.</summary>
    public static Expression<Func<Client, ClientStatus>> StatusOnExpression(DateOnly date) => RuleExpression.Bind(StatusRule, date);

    /// <summary>The status on a civil date (<see cref="StatusRule"/>); needs <see cref="StatusPeriods"/> loaded.</summary>
    public ClientStatus StatusOn(DateOnly date) => CompiledStatusRule(this, date);
}

/// <summary>Disability assessment result (DB33/T 2476-2022 in Zhejiang).</summary>
public class Assessment
{
    /// <summary>Disability grade as assessed (Zhoushan: severe = 1..3; Shanghai grades 2..6).</summary>
    public int Grade { get; set; }

    public DateOnly AssessedOn { get; set; }

    public DateOnly ValidUntil { get; set; }

    /// <summary>When the disabled state began: benefits need ≥ 6 months of it.</summary>
    public DateOnly OnsetDate { get; set; }

    public bool MeetsSixMonthRule(DateOnly on) => OnsetDate.AddMonths(6) <= on;
}

public class FamilyCaregiver
{
    public string Name { get; set; } = "";

    public string Relationship { get; set; } = "";

    public string Phone { get; set; } = "";

    /// <summary>Her resident ID (GB 11643, check character validated on entry); personal data, never logged.</summary>
    public string? ResidentId { get; set; }

    /// <summary>The day her care-practice training (护理实践培训) was completed; null while it is not.</summary>
    public DateOnly? TrainedOn { get; set; }

    public string? TrainingCourse { get; set; }

    public string? TrainingCertificate { get; set; }
}

/// <summary>A rented assistive device (nursing bed, wheelchair …): the policy's device code, from a day to a day (inclusive).</summary>
public class DeviceRentalRecord
{
    public int Id { get; set; }

    public string Device { get; set; } = "";

    public DateOnly From { get; set; }

    public DateOnly? Until { get; set; }
}

/// <summary>A top-up coverage held by the client.</summary>
public class Coverage
{
    public int Id { get; set; }

    public CoverageKind Kind { get; set; }

    /// <summary>Product name for commercial coverage.</summary>
    public string? Product { get; set; }

    public DateOnly From { get; set; }

    public DateOnly? To { get; set; }
}

public class StatusPeriod
{
    public int Id { get; set; }

    public ClientStatus Status { get; set; }

    public DateOnly From { get; set; }

    public DateOnly? To { get; set; }

    public string? Note { get; set; }
}
