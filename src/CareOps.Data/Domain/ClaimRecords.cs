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

    /// <summary>What the fund actually paid (the bank statement), set with "mark paid"; reconciled against the accepted total.</summary>
    public long? PaidFen { get; set; }

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

/// <summary>
/// One "generate the month's claim" request, run by a job (<c>ClaimDraftJob</c>): a 100 000-client agency prices for
/// minutes, so the page only queues it and then shows this row's progress. The batch is written in one transaction
/// at the end; a run whose worker died leaves no half-written batch and is marked interrupted.
/// </summary>
public class ClaimDraftRun : ITenantOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid AgencyId { get; set; }

    public DateOnly Month { get; set; }

    public ClaimDraftState State { get; set; } = ClaimDraftState.Queued;

    /// <summary>Display name of the clerk who asked for it.</summary>
    public string RequestedBy { get; set; } = "";

    public DateTimeOffset RequestedAt { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    /// <summary>Last sign of life from the worker.</summary>
    public DateTimeOffset? HeartbeatAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>Client-months priced so far, of <see cref="Total"/>.</summary>
    public int Done { get; set; }

    public int Total { get; set; }

    /// <summary>The batch written (a new draft, the draft recalculated, or a correction).</summary>
    public Guid? BatchId { get; set; }

    /// <summary>Why it failed: the problems as the page shows them ("key|arg|arg" per line).</summary>
    public string? Problems { get; set; }
}

/// <summary>Where a claim draft run stands.</summary>
public enum ClaimDraftState
{
    Queued,
    Running,
    Completed,
    Refused,
    Failed,
    Interrupted,
}

/// <summary>
/// A state change of a claim batch, a correction, or a top-up/card invoice: who, when, from → to, why. Append-only:
/// <see cref="CareOpsDb"/> refuses to save a change or deletion of an entry, so the app cannot edit the record.
/// </summary>
public class BillingAuditEntry : ITenantOwned
{
    /// <summary>Generated by the database in insertion order: entries of the same instant keep their order.</summary>
    public long Id { get; set; }

    public Guid AgencyId { get; set; }

    /// <summary>"ClaimBatch", "TopUpInvoice" or "CardInvoice".</summary>
    public string Subject { get; set; } = "";

    public Guid SubjectId { get; set; }

    public DateOnly Month { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>Display name of who did it (a person, or "系统" for the payment gateway's webhook and jobs).</summary>
    public string By { get; set; } = "";

    /// <summary>The state before ("" when the subject was created).</summary>
    public string From { get; set; } = "";

    public string To { get; set; } = "";

    /// <summary>Why: the clerk's words, or what the system knows (e.g. "correction of v1", "3 lines rejected").</summary>
    public string? Why { get; set; }
}

/// <summary>The subjects of <see cref="BillingAuditEntry"/>.</summary>
public static class AuditSubject
{
    public const string ClaimBatch = "ClaimBatch";
    public const string TopUpInvoice = "TopUpInvoice";
    public const string CardInvoice = "CardInvoice";
}

/// <summary>Thrown when a save would change or delete a billing audit entry: the audit is append-only.</summary>
public sealed class AuditTamperingException() : InvalidOperationException("Billing audit entries cannot be changed or deleted, so nothing was saved.");
