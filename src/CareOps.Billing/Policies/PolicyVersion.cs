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

    /// <summary>The supplier that rents assistive devices to the client (Jining's pilot); paid apart from care.</summary>
    DeviceSupplier,
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

    /// <summary>
    /// Family care (亲情护理): the monthly amount paid to the trained relative. Null: the policy has no rule of its own
    /// for the relative (an older package may still list a <see cref="Payee.FamilyCaregiver"/> amount in its mode).
    /// </summary>
    public FamilyCareRules? FamilyCare { get; init; }

    /// <summary>Assistive devices the fund rents out (辅助器具租赁, Jining's pilot); empty: none.</summary>
    public IReadOnlyList<RentableDevice> Devices { get; init; } = [];

    /// <summary>Figures of this version that are our assumptions, not the city's (each a sentence naming the figure).</summary>
    public IReadOnlyList<string> Assumptions { get; init; } = [];

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

/// <summary>Family care (亲情护理): a trained close relative gives daily care and is paid by the fund (Zhoushan 500 CNY a month).</summary>
public sealed record FamilyCareRules
{
    /// <summary>The relative's amount for a whole month of family care, pro-rated like the packages.</summary>
    public required decimal Monthly { get; init; }

    /// <summary>The relative is paid only from the day her care-practice training (护理实践培训) was completed.</summary>
    public bool RequiresTraining { get; init; } = true;
}

/// <summary>An assistive device the fund rents out: a monthly rent, of which the fund pays a ratio or a fixed amount.</summary>
public sealed record RentableDevice
{
    /// <summary>The code a claim case names the device by, e.g. "BED-ELECTRIC".</summary>
    public required string Code { get; init; }

    public required string NameZh { get; init; }

    public string NameEn { get; init; } = "";

    /// <summary>Rent of a whole month (CNY), pro-rated by the payable days of the rental.</summary>
    public required decimal MonthlyRent { get; init; }

    /// <summary>The fund's share of the rent as a ratio (0–1); give this or <see cref="FundMonthly"/>, not both.</summary>
    public decimal? FundShare { get; init; }

    /// <summary>The fund's share as an amount per whole month (at most the rent); give this or <see cref="FundShare"/>.</summary>
    public decimal? FundMonthly { get; init; }

    /// <summary>What the fund pays for a whole month of rental.</summary>
    public decimal FundPerMonth => FundMonthly ?? MonthlyRent * (FundShare ?? 0m);
}
