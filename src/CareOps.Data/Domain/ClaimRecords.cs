using CareOps.Billing.Batches;
using CareOps.Data.Tenancy;

namespace CareOps.Data.Domain;

/// <summary>A stored claim batch of one agency and month; money in integer fen (never floating point).</summary>
public class ClaimBatchRecord : ITenantOwned
{
    public Guid Id { get; set; }

    public Guid AgencyId { get; set; }

    public DateOnly Month { get; set; }

    public int Version { get; set; }

    public Guid? SupersedesId { get; set; }

    /// <summary>Stored as its name (the column stays text, 24 wide).</summary>
    public BatchState State { get; set; } = BatchState.Draft;

    public long FundTotalFen { get; set; }

    public long ClientTotalFen { get; set; }

    public int LineCount { get; set; }

    /// <summary>The control sum when the batch was submitted; a locked batch whose lines no longer match it is refused.</summary>
    public string ControlSum { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? SubmittedAt { get; set; }

    public DateTimeOffset? PaidAt { get; set; }

    public List<ClaimBatchLineRecord> Lines { get; set; } = [];
}

public class ClaimBatchLineRecord
{
    public int Id { get; set; }

    public int LineNo { get; set; }

    public string ClientId { get; set; } = "";

    public string ClientName { get; set; } = "";

    public string Kind { get; set; } = "";

    public string Payer { get; set; } = "";

    public string Payee { get; set; } = "";

    public long AmountFen { get; set; }

    public string Reason { get; set; } = "";

    public string ExplanationZh { get; set; } = "";

    public string ExplanationEn { get; set; } = "";

    public string? Outcome { get; set; }

    public string? RejectionReason { get; set; }
}

/// <summary>A version of a city's billing policy, stored as the JSON the engine reads (platform data).</summary>
public class PolicyVersionRecord
{
    public int Id { get; set; }

    public required string City { get; set; }

    public int Version { get; set; }

    public DateOnly EffectiveFrom { get; set; }

    public DateOnly? EffectiveTo { get; set; }

    public required string Json { get; set; }
}

/// <summary>A self-pay invoice collected by card (one per payer per month).</summary>
public class CardInvoiceRecord : ITenantOwned
{
    public Guid Id { get; set; }

    public Guid AgencyId { get; set; }

    public Guid? ClientId { get; set; }

    public DateOnly Month { get; set; }

    public string PayerName { get; set; } = "";

    public long TotalFen { get; set; }

    /// <summary>Stored as its name (the column stays text, 16 wide).</summary>
    public CardInvoiceStatus Status { get; set; } = CardInvoiceStatus.Open;

    public string? StripeInvoiceId { get; set; }

    public string? HostedUrl { get; set; }

    public long PaidFen { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? PaidAt { get; set; }
}

/// <summary>Where a card invoice stands: sent to the family, paid, or the payment failed (it may still be paid later).</summary>
public enum CardInvoiceStatus
{
    Open,
    Paid,
    Failed,
}

/// <summary>A payment webhook event already applied: its id is the key, so an event is applied exactly once.</summary>
public class ProcessedPaymentEvent
{
    public required string EventId { get; set; }

    public string Type { get; set; } = "";

    public DateTimeOffset ReceivedAt { get; set; }
}

/// <summary>
/// A top-up invoice for one payer and month: the 舟惠保 insurer, civil affairs or a commercial insurer (all
/// clients on one invoice), or one family (its client's extra visits and co-payment). Lines are kept as JSON.
/// </summary>
public class TopUpInvoiceRecord : ITenantOwned
{
    public Guid Id { get; set; }

    public Guid AgencyId { get; set; }

    public DateOnly Month { get; set; }

    /// <summary>ZhuhuibaoInsurer, CivilAffairs, CommercialInsurer or Family.</summary>
    public string Payer { get; set; } = "";

    public string PayerName { get; set; } = "";

    /// <summary>For a family invoice: the client.</summary>
    public Guid? ClientId { get; set; }

    /// <summary>
    /// Payer, name and client in one non-null column, unique per agency and month: a unique index over the
    /// nullable <see cref="ClientId"/> would not stop duplicates (NULLs are distinct on SQLite and PostgreSQL).
    /// <see cref="CareOpsDb"/> stamps it on every save; see <see cref="KeyOf"/>.
    /// </summary>
    public string PayerKey { get; private set; } = "";

    public long TotalFen { get; set; }

    public int LineCount { get; set; }

    public string LinesJson { get; set; } = "[]";

    /// <summary>For a family invoice paid by card: the card invoice.</summary>
    public Guid? CardInvoiceId { get; set; }

    /// <summary>"Payer|PayerName|client id" (lower-case GUID, "-" for no client).</summary>
    public static string KeyOf(string payer, string payerName, Guid? clientId) =>
        $"{payer}|{payerName}|{clientId?.ToString("D") ?? "-"}";

    internal void StampPayerKey() => PayerKey = KeyOf(Payer, PayerName, ClientId);
}
