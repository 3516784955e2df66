using CareOps.Data.Tenancy;

namespace CareOps.Data.Domain;

/// <summary>A certified home caregiver (护理员) employed by one agency.</summary>
public class Caregiver : ITenantOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid AgencyId { get; set; }

    /// <summary>Short code within the agency, e.g. "cg07".</summary>
    public required string Code { get; set; }

    public required string Name { get; set; }

    public string Phone { get; set; } = "";

    public CertificateKind CertificateKind { get; set; }

    public string CertificateNumber { get; set; } = "";

    public DateOnly CertificateValidUntil { get; set; }

    public Skill Skill { get; set; } = Skill.Basic;

    public int HomePlaceId { get; set; }

    public Place? HomePlace { get; set; }

    public double HomeLatitude { get; set; }

    public double HomeLongitude { get; set; }

    public WeekDays WorkingDays { get; set; } = WeekDays.MondayToFriday;

    public TimeOnly ShiftStart { get; set; } = new(8, 0);

    public TimeOnly ShiftEnd { get; set; } = new(17, 0);

    public int WeeklyHourLimit { get; set; } = 40;

    public bool IsActive { get; set; } = true;

    public bool IsCertifiedOn(DateOnly date) => CertificateNumber.Length > 0 && date <= CertificateValidUntil;

    /// <summary>True when the certificate lapses within the given number of days (or has lapsed).</summary>
    public bool CertificateExpiresWithin(DateOnly today, int days) => CertificateValidUntil <= today.AddDays(days);
}
