using System.Text.Json.Serialization;
using CareOps.Billing.Policies;
using CareOps.Billing.TopUps;

namespace CareOps.Billing.Claims;

/// <summary>Everything needed to price one client's month: the client, the month and the visits around it.</summary>
public sealed record ClaimCase
{
    /// <summary>City whose policy applies, e.g. "zhoushan".</summary>
    public required string City { get; init; }

    /// <summary>Any day of the claim month; the month is the calendar month that contains it.</summary>
    public required DateOnly Month { get; init; }

    public required ClientInfo Client { get; init; }

    /// <summary>
    /// Visits of the month, plus those of the weeks that straddle its first and last day (weeks run
    /// Monday–Sunday and are judged whole). Visits outside those weeks are ignored.
    /// </summary>
    public IReadOnlyList<VisitRecord> Visits { get; init; } = [];

    /// <summary>
    /// The client's top-up coverages and what was delivered under them this month. Null: top-ups are not billed
    /// (the result has no top-up invoices).
    /// </summary>
    public CaseTopUps? TopUps { get; init; }

    /// <summary>The client's assistive-device rentals (Jining's pilot); rentals that do not touch the month are ignored.</summary>
    public IReadOnlyList<DeviceRental> Rentals { get; init; } = [];
}

/// <summary>An assistive device rented to the client from a day (inclusive) until a day (inclusive; null: still rented).</summary>
public sealed record DeviceRental
{
    /// <summary>The device's code in the policy's device list.</summary>
    public required string Device { get; init; }

    public required DateOnly From { get; init; }

    public DateOnly? Until { get; init; }

    public bool Covers(DateOnly date) => From <= date && (Until is null || date <= Until);
}

/// <summary>The top-up part of a claim case: coverages over time and the month's delivery under them.</summary>
public sealed record CaseTopUps
{
    public IReadOnlyList<CoverageSpan> Coverages { get; init; } = [];

    /// <summary>Service hours delivered this month under 舟惠保.</summary>
    public decimal ZhuhuibaoHoursDelivered { get; init; }

    /// <summary>Value (CNY) of the extra service delivered to a medical-assistance recipient this month.</summary>
    public decimal SocialAssistanceDelivered { get; init; }

    /// <summary>Visits beyond the entitlement that the family asked for (self-pay).</summary>
    public int ExtraVisits { get; init; }
}

public sealed record ClientInfo
{
    public required string Id { get; init; }

    public string Name { get; init; } = "";

    [JsonConverter(typeof(JsonStringEnumConverter<CareMode>))]
    public required CareMode CareMode { get; init; }

    /// <summary>Assessed disability grade (used by grade-based policies).</summary>
    public int Grade { get; init; }

    /// <summary>Status over time; the client is billable on the days of Active periods only.</summary>
    public IReadOnlyList<StatusSpan> Status { get; init; } = [];

    /// <summary>
    /// First day benefits may be paid: the assessment date, and not before the disability has lasted six
    /// months (onset + 6 months). Null: not checked.
    /// </summary>
    public DateOnly? EligibleFrom { get; init; }

    /// <summary>Last day the assessment is valid. Null: not checked.</summary>
    public DateOnly? EligibleUntil { get; init; }

    /// <summary>
    /// Care modes over time, when the mode changed (home care to family care after the relative's training, say):
    /// a day that no period covers has <see cref="CareMode"/>. Empty: <see cref="CareMode"/> all month.
    /// </summary>
    public IReadOnlyList<CareModeSpan> CareModes { get; init; } = [];

    /// <summary>The relative who gives family care (亲情护理人员) and her training; null when the case names none.</summary>
    public FamilyCaregiverInfo? FamilyCaregiver { get; init; }

    /// <summary>The care mode on a date: the period covering it, else <see cref="CareMode"/>.</summary>
    public CareMode ModeOn(DateOnly date) => CareModes.FirstOrDefault(m => m.Covers(date))?.Mode ?? CareMode;
}

/// <summary>A care mode from a date to a date (inclusive); an open end lasts.</summary>
public sealed record CareModeSpan
{
    [JsonConverter(typeof(JsonStringEnumConverter<CareMode>))]
    public required CareMode Mode { get; init; }

    public required DateOnly From { get; init; }

    public DateOnly? To { get; init; }

    public bool Covers(DateOnly date) => From <= date && (To is null || date <= To);
}

/// <summary>The family caregiver: a close relative of the client. Personal data: the resident ID is never printed whole.</summary>
public sealed record FamilyCaregiverInfo
{
    public string Name { get; init; } = "";

    /// <summary>18-character resident ID (GB 11643, ISO 7064 MOD 11-2 check character); null when not given. A given ID must be valid.</summary>
    public string? ResidentId { get; init; }

    /// <summary>Relationship to the client, e.g. 女儿, 配偶.</summary>
    public string Relationship { get; init; } = "";

    /// <summary>Her care-practice training (护理实践培训); null when none is recorded.</summary>
    public FamilyCareTraining? Training { get; init; }

    /// <summary>Trained on that day: the training was completed on or before it.</summary>
    public bool TrainedOn(DateOnly date) => Training?.CompletedOn is DateOnly done && done <= date;
}

/// <summary>A care-practice training course of the family caregiver.</summary>
public sealed record FamilyCareTraining
{
    public string Course { get; init; } = "";

    /// <summary>The day the course was completed; null while it is not (enrolled only).</summary>
    public DateOnly? CompletedOn { get; init; }

    public string CertificateNo { get; init; } = "";
}

[JsonConverter(typeof(JsonStringEnumConverter<ClientState>))]
public enum ClientState
{
    Active,
    InHospital,
    Suspended,
    Ended,
    Deceased,
}

/// <summary>A status from a date to a date (inclusive); an open end lasts.</summary>
public sealed record StatusSpan
{
    [JsonConverter(typeof(JsonStringEnumConverter<ClientState>))]
    public required ClientState State { get; init; }

    public required DateOnly From { get; init; }

    public DateOnly? To { get; init; }

    public bool Covers(DateOnly date) => From <= date && (To is null || date <= To);
}

/// <summary>A visit as delivered: who, certified that day or not, check-in/out, location check, items.</summary>
public sealed record VisitRecord
{
    public required string Id { get; init; }

    public required DateOnly Date { get; init; }

    public string Caregiver { get; init; } = "";

    /// <summary>Did the caregiver hold a valid certificate on the visit's date?</summary>
    public bool CaregiverCertified { get; init; } = true;

    /// <summary>Check-in and check-out as civil times of the day (Asia/Shanghai); null when missing.</summary>
    public TimeOnly? CheckIn { get; init; }

    public TimeOnly? CheckOut { get; init; }

    /// <summary>The day of check-out when the visit ran past midnight; null means the visit's date.</summary>
    public DateOnly? CheckOutDate { get; init; }

    /// <summary>Check-in happened at the client's home.</summary>
    public bool LocationVerified { get; init; }

    /// <summary>
    /// The agency's verification passed (or a dispatcher accepted the flagged visit). False for a visit flagged and not
    /// accepted: it does not count. Absent in a case file means true.
    /// </summary>
    public bool Verified { get; init; } = true;

    public IReadOnlyList<string> Items { get; init; } = [];

    /// <summary>Checked-in minutes; null when check-in or check-out is missing (or check-out is not after check-in, which a valid case never has).</summary>
    public int? Minutes => CheckIn is { } a && CheckOut is { } b && OutAt(b) is var end && end > Date.ToDateTime(a)
        ? (int)(end - Date.ToDateTime(a)).TotalMinutes
        : null;

    internal DateTime OutAt(TimeOnly checkOut) => (CheckOutDate ?? Date).ToDateTime(checkOut);
}
