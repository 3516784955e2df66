using System.Text.Json.Serialization;

namespace CareOps.Billing.Policies;

/// <summary>How a city's fund pays: the three shapes the pilots use.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PolicyShape>))]
public enum PolicyShape
{
    /// <summary>Fixed monthly amounts per care mode when a weekly service standard is met (Zhoushan).</summary>
    MonthlyPackage,

    /// <summary>Fund pays a share of the eligible care cost up to a monthly benefit level (Beijing).</summary>
    CappedCoinsurance,

    /// <summary>Hourly visits by assessed grade at a price per hour, fund and client shares (Shanghai).</summary>
    HourlyByGrade,
}

/// <summary>Care modes as billing sees them.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CareMode>))]
public enum CareMode
{
    Home,
    FamilyCare,
    Institutional,
}

/// <summary>Who receives money.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Payee>))]
public enum Payee
{
    Agency,
    FamilyCaregiver,
}

/// <summary>
/// One version of one city's policy, effective from a date. Every figure is data: a city that changes a
/// rate adds a version with a new effective date; nothing is redeployed.
/// </summary>
public sealed record PolicyVersion
{
    public required string City { get; init; }

    public required int Version { get; init; }

    public required DateOnly EffectiveFrom { get; init; }

    public DateOnly? EffectiveTo { get; init; }

    public required string NameZh { get; init; }

    public required string NameEn { get; init; }

    [JsonConverter(typeof(JsonStringEnumConverter<PolicyShape>))]
    public required PolicyShape Shape { get; init; }

    /// <summary>Partial months (admission, hospital stay, suspension, death) pay by active days.</summary>
    public bool ProRateByDay { get; init; } = true;

    public VisitRules Visits { get; init; } = new();

    public MonthlyPackageRules? Package { get; init; }

    public CoinsuranceRules? Coinsurance { get; init; }

    public HourlyByGradeRules? Hourly { get; init; }

    /// <summary>Top-up pillars billed on top of the fund in this city (舟惠保, social assistance, commercial, self-pay price).</summary>
    public TopUps.TopUpRules? TopUps { get; init; }

    public bool AppliesOn(DateOnly date) => EffectiveFrom <= date && (EffectiveTo is null || date <= EffectiveTo);
}

/// <summary>When a visit counts as delivered care.</summary>
public sealed record VisitRules
{
    /// <summary>Check-in location must be verified at the client's home (GPS 定位打卡).</summary>
    public bool RequireLocation { get; init; } = true;

    /// <summary>Minimum checked-in minutes for the visit to count toward the standard.</summary>
    public int MinMinutes { get; init; } = 60;
}

/// <summary>Monthly amounts per care mode with an optional weekly standard (Zhoushan).</summary>
public sealed record MonthlyPackageRules
{
    public required IReadOnlyList<ModePackage> Modes { get; init; }

    /// <summary>
    /// Fee deducted per visit by an uncertified caregiver; null derives it as the agency's monthly amount
    /// spread over the standard's visits in an average month (monthly × 12 ÷ (52 × visits per week)).
    /// </summary>
    public decimal? UncertifiedVisitFee { get; init; }

    /// <summary>Penalty per uncertified visit on top of the fee ("全额扣付并予以处罚"); the amount is set by the fund's agreement.</summary>
    public decimal UncertifiedPenalty { get; init; }

    public ModePackage? For(CareMode mode) => Modes.FirstOrDefault(m => m.Mode == mode);
}

public sealed record ModePackage
{
    [JsonConverter(typeof(JsonStringEnumConverter<CareMode>))]
    public required CareMode Mode { get; init; }

    public required IReadOnlyList<PayeeAmount> Monthly { get; init; }

    /// <summary>Visits a week required of the agency; null when the mode has no visit standard (institutional).</summary>
    public int? VisitsPerWeek { get; init; }
}

public sealed record PayeeAmount
{
    [JsonConverter(typeof(JsonStringEnumConverter<Payee>))]
    public required Payee Payee { get; init; }

    public required decimal Amount { get; init; }
}

/// <summary>Fund pays a share of eligible cost up to a monthly benefit level (Beijing).</summary>
public sealed record CoinsuranceRules
{
    /// <summary>Price of an hour of eligible care (pro-rated by the minute).</summary>
    public required decimal HourlyRate { get; init; }

    /// <summary>Benefit level: eligible cost counted per month at most.</summary>
    public required decimal MonthlyCap { get; init; }

    /// <summary>The fund's share of eligible cost, e.g. 0.70.</summary>
    public required decimal FundShare { get; init; }
}

/// <summary>Hour-long visits a week by grade, priced per hour (Shanghai).</summary>
public sealed record HourlyByGradeRules
{
    public required IReadOnlyList<GradeBand> Bands { get; init; }

    public required decimal HourlyRate { get; init; }

    public required decimal FundShare { get; init; }

    public int? VisitsPerWeekFor(int grade) => Bands.FirstOrDefault(b => b.MinGrade <= grade && grade <= b.MaxGrade)?.VisitsPerWeek;
}

public sealed record GradeBand
{
    public required int MinGrade { get; init; }

    public required int MaxGrade { get; init; }

    public required int VisitsPerWeek { get; init; }
}
