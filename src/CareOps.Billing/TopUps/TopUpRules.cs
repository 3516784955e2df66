using System.Text.Json;
using System.Text.Json.Serialization;
using CareOps.Billing.Policies;

namespace CareOps.Billing.TopUps;

/// <summary>The pillars billed on top of the fund: part of a city's versioned policy (the "topUps" block).</summary>
public sealed record TopUpRules
{

    /// <summary>舟惠保: a monthly benefit delivered as service hours, billed to the insurer.</summary>
    public ZhuhuibaoRules? Zhuhuibao { get; init; }

    /// <summary>社会救助: extra service for medical-assistance recipients, billed to civil affairs.</summary>
    public decimal? SocialAssistanceMonthly { get; init; }

    /// <summary>The agency's price of an extra (self-paid) visit.</summary>
    public decimal SelfPayVisitPrice { get; init; }

    public IReadOnlyList<CommercialProduct> CommercialProducts { get; init; } = [];

    public static TopUpRules FromJson(string json) => JsonSerializer.Deserialize<TopUpRules>(json, PolicyBook.Json)
        ?? throw new JsonException("Empty top-up rules.");
}

public sealed record ZhuhuibaoRules
{
    public required decimal HomeMonthly { get; init; }

    public required decimal InstitutionalMonthly { get; init; }

    /// <summary>What an hour of service is worth against the benefit (32 CNY ≈ 0.5 h at 64 CNY/h).</summary>
    public required decimal ServiceHourValue { get; init; }
}

/// <summary>A commercial care product: a benefit per day or per month, a monthly cap, a waiting period from the start of cover.</summary>
public sealed record CommercialProduct
{
    public required string Name { get; init; }

    public decimal? BenefitPerDay { get; init; }

    public decimal? BenefitPerMonth { get; init; }

    public required decimal MonthlyCap { get; init; }

    public int WaitingDays { get; init; }
}

/// <summary>Who a top-up invoice goes to.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TopUpPayer>))]
public enum TopUpPayer
{
    ZhuhuibaoInsurer,
    CivilAffairs,
    CommercialInsurer,
    Family,
}
