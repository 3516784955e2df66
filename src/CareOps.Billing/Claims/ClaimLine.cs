using System.Text.Json.Serialization;
using CareOps.Billing.Policies;

namespace CareOps.Billing.Claims;

/// <summary>Who pays a line.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Payer>))]
public enum Payer
{
    /// <summary>The LTC insurance fund.</summary>
    Fund,

    /// <summary>The client (co-payment).</summary>
    Client,
}

[JsonConverter(typeof(JsonStringEnumConverter<LineKind>))]
public enum LineKind
{
    /// <summary>What the fund owes for the month.</summary>
    Benefit,

    /// <summary>A reduction of a benefit, with its reason (negative amount).</summary>
    Deduction,

    /// <summary>The client's share.</summary>
    CoPayment,

    /// <summary>No money: a fact the clerk needs to explain the month (a visit that did not count).</summary>
    Note,
}

/// <summary>One line of a client's monthly claim, rounded to the fen, explained in both languages.</summary>
public sealed record ClaimLine
{
    [JsonConverter(typeof(JsonStringEnumConverter<LineKind>))]
    public required LineKind Kind { get; init; }

    [JsonConverter(typeof(JsonStringEnumConverter<Payer>))]
    public required Payer Payer { get; init; }

    [JsonConverter(typeof(JsonStringEnumConverter<Payee>))]
    public required Payee Payee { get; init; }

    public required decimal Amount { get; init; }

    /// <summary>Stable reason code, e.g. "Package", "WeekBelowStandard", "UncertifiedVisit".</summary>
    public required string Reason { get; init; }

    public required string ExplanationZh { get; init; }

    public required string ExplanationEn { get; init; }

    /// <summary>The visits the line is about, if any.</summary>
    public IReadOnlyList<string> VisitIds { get; init; } = [];
}

/// <summary>A client's month: the lines and the totals per payer and payee.</summary>
public sealed record ClaimResult
{
    public required string City { get; init; }

    public required int PolicyVersion { get; init; }

    public required string ClientId { get; init; }

    /// <summary>First day of the claim month.</summary>
    public required DateOnly Month { get; init; }

    public required int ActiveDays { get; init; }

    public required int DaysInMonth { get; init; }

    public required IReadOnlyList<ClaimLine> Lines { get; init; }

    /// <summary>Invoices to the top-up payers (舟惠保 insurer, civil affairs, commercial insurers, the family); empty when the case has no top-ups.</summary>
    public IReadOnlyList<TopUps.TopUpInvoice> TopUps { get; init; } = [];

    /// <summary>Net amount the fund owes (all payees).</summary>
    public decimal FundTotal => Lines.Where(l => l.Payer == Payer.Fund).Sum(l => l.Amount);

    /// <summary>Net amount the client owes (co-payments).</summary>
    public decimal ClientTotal => Lines.Where(l => l.Payer == Payer.Client).Sum(l => l.Amount);

    public decimal Total(Payer payer, Payee payee) => Lines.Where(l => l.Payer == payer && l.Payee == payee).Sum(l => l.Amount);
}
