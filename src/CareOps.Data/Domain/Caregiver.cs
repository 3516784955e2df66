using System.Linq.Expressions;
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

    /// <summary>Every certificate held, with its dates: "certified on the visit's day" is judged from this history.</summary>
    public List<CertificatePeriod> Certificates { get; set; } = [];

    /// <summary>Sick leave, holidays and training: dates on which she is not rostered.</summary>
    public List<CaregiverAbsence> Absences { get; set; } = [];

    /// <summary>Whether a recorded absence covers the date.</summary>
    public bool IsAbsentOn(DateOnly date) => Absences.Any(a => a.From <= date && date <= a.To);

    /// <summary>Certified on that date: a recorded certificate covers it (or, with no history, the current one does).</summary>
    public bool IsCertifiedOn(DateOnly date) => Certificates.Count > 0
        ? Certificates.Any(c => c.Number.Length > 0 && c.ValidFrom <= date && date <= c.ValidUntil)
        : CertificateNumber.Length > 0 && date <= CertificateValidUntil;

    /// <summary>
    /// Records a new or renewed certificate from a date without rewriting the past: the previous period ends
    /// the day before, so months already billed keep their answer.
    /// </summary>
    public void RecordCertificate(CertificateKind kind, string number, DateOnly validFrom, DateOnly validUntil)
    {
        var latest = Certificates.OrderBy(c => c.ValidFrom).LastOrDefault();
        if (latest is not null && latest.Kind == kind && latest.Number == number && latest.ValidFrom == validFrom && latest.ValidUntil == validUntil)
        {
            return;
        }

        foreach (var period in Certificates.Where(c => c.ValidUntil >= validFrom && c.ValidFrom < validFrom))
        {
            period.ValidUntil = validFrom.AddDays(-1);
        }

        Certificates.RemoveAll(c => c.ValidFrom >= validFrom);
        Certificates.Add(new CertificatePeriod { Kind = kind, Number = number, ValidFrom = validFrom, ValidUntil = validUntil });
        CertificateKind = kind;
        CertificateNumber = number;
        CertificateValidUntil = validUntil;
    }

    /// <summary>How far ahead an expiring certificate is flagged (list chip, detail warning, home count).</summary>
    public const int ExpiryWarningDays = 30;

    /// <summary>
    /// The expiry rule, written once: the certificate lapses within <see cref="ExpiryWarningDays"/> days of today, or
    /// has lapsed. Queries splice it in (<see cref="CertificateExpiringExpression"/>); <see cref="CertificateExpiring"/>
    /// runs it compiled.
    /// </summary>
    public static readonly Expression<Func<Caregiver, DateOnly, bool>> CertificateExpiringRule = (c, today) =>
        c.CertificateValidUntil <= today.AddDays(ExpiryWarningDays);

    private static readonly Func<Caregiver, DateOnly, bool> CompiledCertificateExpiringRule = CertificateExpiringRule.Compile();

    /// <summary><see cref="CertificateExpiringRule"/> on a fixed day, for a query.</summary>
    public static Expression<Func<Caregiver, bool>> CertificateExpiringExpression(DateOnly today) => RuleExpression.Bind(CertificateExpiringRule, today);

    /// <summary>True when the certificate lapses within <see cref="ExpiryWarningDays"/> days (or has lapsed).</summary>
    public bool CertificateExpiring(DateOnly today) => CompiledCertificateExpiringRule(this, today);
}

/// <summary>One certificate and the dates it was valid.</summary>
public class CertificatePeriod
{
    public int Id { get; set; }

    public CertificateKind Kind { get; set; }

    public string Number { get; set; } = "";

    public DateOnly ValidFrom { get; set; }

    public DateOnly ValidUntil { get; set; }
}

/// <summary>Why a caregiver is away.</summary>
public enum AbsenceKind
{
    /// <summary>病假.</summary>
    Sick,

    /// <summary>休假.</summary>
    Holiday,

    /// <summary>培训.</summary>
    Training,

    /// <summary>其他.</summary>
    Other,
}

/// <summary>Days a caregiver cannot be rostered, from <see cref="From"/> to <see cref="To"/> inclusive.</summary>
public class CaregiverAbsence
{
    public int Id { get; set; }

    public AbsenceKind Kind { get; set; }

    public DateOnly From { get; set; }

    public DateOnly To { get; set; }

    public string? Note { get; set; }
}
