using System.Globalization;
using CareOps.Billing;
using CareOps.Billing.Batches;
using CareOps.Billing.Claims;
using CareOps.Billing.Policies;
using CareOps.Data.Domain;
using Microsoft.EntityFrameworkCore;

namespace CareOps.Data.Billing;

/// <summary>
/// Saves and loads claim batches of the context's agency. A submitted batch is immutable here too: its
/// lines are never rewritten, and a stored batch whose lines no longer match its control sum is refused.
/// Every save records its state change in the billing audit (who, when, from → to, why) in the same transaction.
/// </summary>
public sealed class ClaimBatchStore(CareOpsDb db)
{
    /// <summary>Who the audit names when no person acted (jobs without a requester, tests).</summary>
    public const string SystemActor = "系统";

    public Task AddAsync(ClaimBatch batch, DateTimeOffset now, CancellationToken ct = default) =>
        AddAsync(batch, new AuditNote(now, SystemActor), ct);

    public async Task AddAsync(ClaimBatch batch, AuditNote note, CancellationToken ct = default)
    {
        var now = note.At;
        var record = new ClaimBatchRecord
        {
            Id = batch.Id,
            Month = batch.Month,
            Version = batch.Version,
            SupersedesId = batch.Supersedes,
            CreatedAt = now,
            Lines = batch.Lines.Select(ToRecord).ToList(),
        };
        Stamp(record, batch);
        db.ClaimBatches.Add(record);
        Audit(batch, "", note);
        await db.SaveChangesAsync(ct);
    }

    public Task UpdateAsync(ClaimBatch batch, AuditNote note, CancellationToken ct = default) => UpdateAsync(batch, note, paidFen: null, ct);

    /// <summary>
    /// Stores a state change (validated, submitted, response, paid). Lines change only while the batch is a draft.
    /// <paramref name="paidFen"/>: what the fund paid, when the change is "paid".
    /// </summary>
    public async Task UpdateAsync(ClaimBatch batch, AuditNote note, long? paidFen, CancellationToken ct = default)
    {
        var record = await db.ClaimBatches.SingleOrDefaultAsync(b => b.Id == batch.Id, ct)
            ?? throw new BatchStateException(BillingCode.BatchGone);
        var from = record.State.ToString();
        var wasLocked = record.State >= BatchState.Submitted;
        if (wasLocked && record.ControlSum != batch.ControlSum)
        {
            throw new BatchStateException(BillingCode.BatchLocked, batch.Month.ToString("yyyy-MM", CultureInfo.InvariantCulture), record.Version);
        }

        var byNo = record.Lines.ToDictionary(l => l.LineNo);
        if (wasLocked)
        {
            // Only the fund's answers are written onto a submitted batch's lines.
            foreach (var line in batch.Lines)
            {
                byNo[line.LineNo].Outcome = line.Outcome?.ToString();
                byNo[line.LineNo].RejectionReason = line.RejectionReason;
            }
        }
        else
        {
            record.Lines.Clear();
            record.Lines.AddRange(batch.Lines.Select(ToRecord));
        }

        Stamp(record, batch);
        if (paidFen is long paid)
        {
            record.PaidFen = paid;
        }

        Audit(batch, from, note);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>A batch's audit, oldest first.</summary>
    public Task<List<BillingAuditEntry>> AuditOfAsync(Guid batchId, CancellationToken ct = default) =>
        db.BillingAudit.AsNoTracking().Where(a => a.SubjectId == batchId).OrderBy(a => a.Id).ToListAsync(ct);

    private void Audit(ClaimBatch batch, string from, AuditNote note) => db.BillingAudit.Add(new BillingAuditEntry
    {
        Subject = AuditSubject.ClaimBatch,
        SubjectId = batch.Id,
        Month = batch.Month,
        At = note.At,
        By = Cut(note.By, 256),
        From = from,
        To = batch.State.ToString(),
        Why = note.Why is null ? null : Cut(note.Why, 500),
    });

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..max];

    public async Task<ClaimBatch?> LoadAsync(Guid id, CancellationToken ct = default)
    {
        var r = await db.ClaimBatches.AsNoTracking().SingleOrDefaultAsync(b => b.Id == id, ct);
        if (r is null)
        {
            return null;
        }

        var agency = await db.Agencies.Where(a => a.Id == r.AgencyId).Select(a => a.Code).SingleAsync(ct);
        var batch = new ClaimBatch(r.Id, agency, r.Month, r.Version, r.SupersedesId, r.State, r.Lines.Select(FromRecord), r.SubmittedAt, r.PaidAt);
        if (batch.IsLocked && batch.ControlSum != r.ControlSum)
        {
            throw new BatchStateException(BillingCode.BatchTampered, r.Month.ToString("yyyy-MM", CultureInfo.InvariantCulture), r.Version);
        }

        return batch;
    }

    private static void Stamp(ClaimBatchRecord record, ClaimBatch batch)
    {
        record.State = batch.State;
        record.FundTotalFen = Money.ToFen(batch.FundTotal);
        record.ClientTotalFen = Money.ToFen(batch.ClientTotal);
        record.LineCount = batch.Lines.Count;
        record.ControlSum = batch.ControlSum;
        record.SubmittedAt = batch.SubmittedAt;
        record.PaidAt = batch.PaidAt;
    }

    private static ClaimBatchLineRecord ToRecord(BatchLine l) => new()
    {
        LineNo = l.LineNo,
        ClientId = l.ClientId,
        ClientName = l.ClientName,
        Kind = l.Kind.ToString(),
        Payer = l.Payer.ToString(),
        Payee = l.Payee.ToString(),
        AmountFen = Money.ToFen(l.Amount),
        Reason = l.Reason,
        ExplanationZh = l.ExplanationZh,
        ExplanationEn = l.ExplanationEn,
        Outcome = l.Outcome?.ToString(),
        RejectionReason = l.RejectionReason,
    };

    private static BatchLine FromRecord(ClaimBatchLineRecord l) => new()
    {
        LineNo = l.LineNo,
        ClientId = l.ClientId,
        ClientName = l.ClientName,
        Kind = Enum.Parse<LineKind>(l.Kind),
        Payer = Enum.Parse<Payer>(l.Payer),
        Payee = Enum.Parse<Payee>(l.Payee),
        Amount = Money.Fen(Money.FromFen(l.AmountFen)),
        Reason = l.Reason,
        ExplanationZh = l.ExplanationZh,
        ExplanationEn = l.ExplanationEn,
        Outcome = l.Outcome is null ? null : Enum.Parse<LineOutcome>(l.Outcome),
        RejectionReason = l.RejectionReason,
    };
}

/// <summary>Who changed a batch, when, and why ("Audit.Why.*|arg|arg" for the system's words, or a person's text).</summary>
public sealed record AuditNote(DateTimeOffset At, string By, string? Why = null);
