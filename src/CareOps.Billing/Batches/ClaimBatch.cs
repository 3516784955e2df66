using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using CareOps.Billing.Claims;
using CareOps.Billing.Policies;

namespace CareOps.Billing.Batches;

[JsonConverter(typeof(JsonStringEnumConverter<BatchState>))]
public enum BatchState
{
    Draft,
    Validated,
    Submitted,
    Accepted,
    PartiallyRejected,
    Paid,
}

/// <summary>One line of a batch: a claim line with the client it belongs to, numbered within the batch.</summary>
public sealed record BatchLine
{
    public required int LineNo { get; init; }

    public required string ClientId { get; init; }

    public string ClientName { get; init; } = "";

    public required LineKind Kind { get; init; }

    public required Payer Payer { get; init; }

    public required Payee Payee { get; init; }

    public required decimal Amount { get; init; }

    public required string Reason { get; init; }

    public string ExplanationZh { get; init; } = "";

    public string ExplanationEn { get; init; } = "";

    /// <summary>The fund's answer once the response file is imported.</summary>
    public LineOutcome? Outcome { get; init; }

    public string? RejectionReason { get; init; }
}

[JsonConverter(typeof(JsonStringEnumConverter<LineOutcome>))]
public enum LineOutcome
{
    Accepted,
    Rejected,
}

/// <summary>
/// An agency's claim for a month: Draft → Validated → Submitted → Accepted / PartiallyRejected → Paid.
/// From Submitted on the batch is immutable; a correction is a new version that references the old one.
/// </summary>
public sealed class ClaimBatch
{
    private readonly List<BatchLine> lines;

    public ClaimBatch(Guid id, string agencyCode, DateOnly month, int version, Guid? supersedes, BatchState state, IEnumerable<BatchLine> lines, DateTimeOffset? submittedAt = null, DateTimeOffset? paidAt = null)
    {
        Id = id;
        AgencyCode = agencyCode;
        Month = new DateOnly(month.Year, month.Month, 1);
        Version = version;
        Supersedes = supersedes;
        State = state;
        this.lines = lines.OrderBy(l => l.LineNo).ToList();
        SubmittedAt = submittedAt;
        PaidAt = paidAt;
    }

    /// <summary>A new draft from the month's client results, lines numbered from 1 in client order.</summary>
    public static ClaimBatch Draft(Guid id, string agencyCode, DateOnly month, IEnumerable<(ClaimResult Result, string ClientName)> results)
    {
        var no = 0;
        var lines = results.OrderBy(r => r.Result.ClientId, StringComparer.Ordinal)
            .SelectMany(r => r.Result.Lines.Select(l => new BatchLine
            {
                LineNo = ++no,
                ClientId = r.Result.ClientId,
                ClientName = r.ClientName,
                Kind = l.Kind,
                Payer = l.Payer,
                Payee = l.Payee,
                Amount = l.Amount,
                Reason = l.Reason,
                ExplanationZh = l.ExplanationZh,
                ExplanationEn = l.ExplanationEn,
            }))
            .ToList();
        return new ClaimBatch(id, agencyCode, month, 1, null, BatchState.Draft, lines);
    }

    public Guid Id { get; }

    public string AgencyCode { get; }

    public DateOnly Month { get; }

    public int Version { get; }

    public Guid? Supersedes { get; }

    public BatchState State { get; private set; }

    public DateTimeOffset? SubmittedAt { get; private set; }

    public DateTimeOffset? PaidAt { get; private set; }

    public IReadOnlyList<BatchLine> Lines => lines;

    public bool IsLocked => State >= BatchState.Submitted;

    /// <summary>What the fund is asked for: fund lines only (co-payments are billed to clients).</summary>
    public decimal FundTotal => lines.Where(l => l.Payer == Payer.Fund).Sum(l => l.Amount);

    public decimal ClientTotal => lines.Where(l => l.Payer == Payer.Client).Sum(l => l.Amount);

    public decimal AcceptedFundTotal => lines.Where(l => l.Payer == Payer.Fund && l.Outcome != LineOutcome.Rejected).Sum(l => l.Amount);

    /// <summary>
    /// Control sum printed with every export: total of fund amounts in fen, line count, and the first 16 hex
    /// digits of a SHA-256 over the canonical lines, so a tampered or truncated file is noticed.
    /// </summary>
    public string ControlSum
    {
        get
        {
            var canonical = new StringBuilder();
            foreach (var l in lines)
            {
                canonical.Append(FormattableString.Invariant($"{l.LineNo}|{l.ClientId}|{l.Kind}|{l.Payer}|{l.Payee}|{Money.ToFen(l.Amount)}|{l.Reason}\n"));
            }

            var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())))[..16];
            return FormattableString.Invariant($"{Money.ToFen(FundTotal)}-{lines.Count}-{hash}");
        }
    }

    /// <summary>Checks the draft; returns the problems (empty when it can be validated) and moves it to Validated.</summary>
    public IReadOnlyList<BillingProblem> Validate()
    {
        Require(BatchState.Draft, BillingCode.BatchCannotValidate);
        var problems = new List<BillingProblem>();
        if (lines.Count == 0)
        {
            problems.Add(new(BillingCode.BatchNoLines));
        }

        problems.AddRange(lines.Where(l => l.Amount != Money.Fen(l.Amount)).Select(l => new BillingProblem(BillingCode.BatchLineNotRounded, l.LineNo, l.Amount)));
        problems.AddRange(lines.Where(l => l.Kind == LineKind.Deduction && l.Amount > 0).Select(l => new BillingProblem(BillingCode.BatchDeductionPositive, l.LineNo)));
        problems.AddRange(lines.GroupBy(l => l.LineNo).Where(g => g.Count() > 1).Select(g => new BillingProblem(BillingCode.BatchLineNoTwice, g.Key)));
        foreach (var client in lines.GroupBy(l => (l.ClientId, l.Payee)))
        {
            var net = client.Where(l => l.Payer == Payer.Fund).Sum(l => l.Amount);
            if (net < 0)
            {
                problems.Add(new(BillingCode.BatchNetNegative, client.Key.ClientId, client.Key.Payee, net));
            }
        }

        if (problems.Count == 0)
        {
            State = BatchState.Validated;
        }

        return problems;
    }

    public void Submit(DateTimeOffset at)
    {
        Require(BatchState.Validated, BillingCode.BatchCannotSubmit);
        State = BatchState.Submitted;
        SubmittedAt = at;
    }

    /// <summary>Applies the fund's answer line by line; unknown lines are reported, nothing is half-applied.</summary>
    public Reconciliation ApplyResponse(IReadOnlyList<ResponseLine> response)
    {
        Require(BatchState.Submitted, BillingCode.BatchCannotApplyResponse);
        var byNo = lines.ToDictionary(l => l.LineNo);
        var unknown = response.Where(r => !byNo.ContainsKey(r.LineNo) || byNo[r.LineNo].ClientId != r.ClientId).ToList();
        if (unknown.Count > 0)
        {
            return Reconciliation.Failed(unknown.Select(u => new BillingProblem(BillingCode.ResponseUnknownLine, u.LineNo, u.ClientId)));
        }

        var duplicates = response.GroupBy(r => r.LineNo).Where(g => g.Count() > 1).Select(g => new BillingProblem(BillingCode.ResponseLineTwice, g.Key)).ToList();
        var answered = response.Select(r => r.LineNo).ToHashSet();

        // Note: only lines without money (notes, zero amounts) may be left out of a response; a missing money line means a truncated file.
        var missing = lines.Where(l => l.Payer == Payer.Fund && l.Amount != 0 && !answered.Contains(l.LineNo)).Select(l => new BillingProblem(BillingCode.ResponseMissingLine, l.LineNo, l.ClientId)).ToList();
        if (duplicates.Count > 0 || missing.Count > 0)
        {
            return Reconciliation.Failed(duplicates.Concat(missing.Take(20)).Concat(missing.Count > 20 ? [new BillingProblem(BillingCode.ResponseMoreMissing, missing.Count - 20)] : []));
        }

        var answers = response.ToDictionary(r => r.LineNo);
        for (var i = 0; i < lines.Count; i++)
        {
            var answer = answers.GetValueOrDefault(lines[i].LineNo);
            lines[i] = lines[i] with
            {
                Outcome = answer?.Outcome ?? LineOutcome.Accepted,
                RejectionReason = answer?.Outcome == LineOutcome.Rejected ? answer.Reason : null,
            };
        }

        State = lines.Any(l => l.Outcome == LineOutcome.Rejected) ? BatchState.PartiallyRejected : BatchState.Accepted;
        return Reconciliation.Of(this);
    }

    public void MarkPaid(DateTimeOffset at)
    {
        if (State is not (BatchState.Accepted or BatchState.PartiallyRejected))
        {
            throw new BatchStateException(BillingCode.BatchCannotMarkPaid, State);
        }

        State = BatchState.Paid;
        PaidAt = at;
    }

    /// <summary>A new draft version that references this one, with the same lines (to be corrected) and no outcomes.</summary>
    public ClaimBatch Correct(Guid newId, IEnumerable<BatchLine>? correctedLines = null)
    {
        if (!IsLocked)
        {
            throw new BatchStateException(BillingCode.BatchNotLocked);
        }

        var source = correctedLines ?? lines.Select(l => l with { Outcome = null, RejectionReason = null });
        return new ClaimBatch(newId, AgencyCode, Month, Version + 1, Id, BatchState.Draft, source);
    }

    /// <summary>Replaces the lines of a draft (recalculation); refused once submitted.</summary>
    public void ReplaceLines(IEnumerable<BatchLine> newLines)
    {
        if (IsLocked)
        {
            throw new BatchStateException(BillingCode.BatchLocked, Month.ToString("yyyy-MM", CultureInfo.InvariantCulture), Version);
        }

        lines.Clear();
        lines.AddRange(newLines.OrderBy(l => l.LineNo));
        State = BatchState.Draft;
    }

    private void Require(BatchState expected, BillingCode refusal)
    {
        if (State != expected)
        {
            throw new BatchStateException(refusal, State);
        }
    }
}

/// <summary>A transition the batch's state does not allow, as a code (the message is for logs only).</summary>
public sealed class BatchStateException(BillingCode code, params object[] args) : InvalidOperationException(new BillingProblem(code, args).ToString())
{
    public BillingProblem Problem { get; } = new(code, args);
}

/// <summary>One line of the fund's response file.</summary>
public sealed record ResponseLine(int LineNo, string ClientId, LineOutcome Outcome, string? Reason);

/// <summary>What was claimed against what the fund accepted, with the rejected lines and their reasons.</summary>
public sealed record Reconciliation
{
    public bool Applied { get; init; }

    public IReadOnlyList<BillingProblem> Problems { get; init; } = [];

    public decimal Claimed { get; init; }

    public decimal Accepted { get; init; }

    public decimal Rejected => Claimed - Accepted;

    public IReadOnlyList<BatchLine> RejectedLines { get; init; } = [];

    public static Reconciliation Failed(IEnumerable<BillingProblem> problems) => new() { Applied = false, Problems = problems.ToList() };

    public static Reconciliation Of(ClaimBatch batch) => new()
    {
        Applied = true,
        Claimed = batch.FundTotal,
        Accepted = batch.AcceptedFundTotal,
        RejectedLines = batch.Lines.Where(l => l.Outcome == LineOutcome.Rejected).ToList(),
    };
}
