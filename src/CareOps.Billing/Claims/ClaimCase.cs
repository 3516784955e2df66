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
