using CareOps.Billing;
using CareOps.Billing.Batches;
using CareOps.Billing.Claims;
using CareOps.Data;
using CareOps.Data.Billing;
using CareOps.Data.Domain;
using CareOps.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CareOps.Web.Features.Billing;

/// <summary>
/// The finance clerk's month end: price every client of the agency from the database (status periods,
/// visits with check-in/out, the caregiver's certificate on the day) into a draft claim batch; validate,
/// submit, apply the fund's response, mark paid, correct. Each step is one transaction.
/// </summary>
public sealed class CloseMonth(IDbContextFactory<CareOpsDb> dbFactory, TimeProvider clock, Caller caller)
{
    public async Task<Outcome<BatchSummary>> DraftAsync(DateOnly anyDayOfMonth, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var refused = await caller.RequireAsync(Policies.Billing, db.CurrentAgencyId);
        if (!refused.IsEmpty)
        {
            return Outcome.Refused<BatchSummary>(refused);
        }

        return await DraftCoreAsync(db, anyDayOfMonth, Roster.RosterWeeks.NameOf(caller.User), clock, progress: null, ct);
    }

    /// <summary>
    /// Prices the agency's month into its batch (the page's "generate" through <see cref="ClaimDraftRunner"/>, and the
    /// tests): a first draft, the draft recalculated, or, once submitted, a correction. A correction of a month the fund
    /// partly rejected carries the rejected clients' lines only, priced again from today's data (the accepted lines are
    /// paid already). The batch and its audit entry are written in one save at the end. <c>progress</c> is called with
    /// (priced, of) now and then while pricing; <c>by</c> is the name the audit records.
    /// </summary>
    internal static async Task<Outcome<BatchSummary>> DraftCoreAsync(CareOpsDb db, DateOnly anyDayOfMonth, string by, TimeProvider clock, Func<int, int, Task>? progress, CancellationToken ct)
    {
        var month = new DateOnly(anyDayOfMonth.Year, anyDayOfMonth.Month, 1);
        var agency = await db.Agencies.AsNoTracking().SingleAsync(a => a.Id == db.CurrentAgencyId, ct);
        var calculator = new ClaimCalculator(await PolicyStore.LoadAsync(db, ct));
        var cases = await ClaimCases.ForMonthAsync(db, agency.CityPolicy, month, ct);
        var store = new ClaimBatchStore(db);
        var latest = await db.ClaimBatches.AsNoTracking().Where(b => b.Month == month).OrderByDescending(b => b.Version)
            .Select(b => new { b.Id, b.State, b.SupersedesId }).FirstOrDefaultAsync(ct);
        // The clients a correction is about: those the fund rejected in the submitted version it corrects.
        var correcting = latest is null ? null : latest.State >= BatchState.Submitted ? latest.Id : latest.SupersedesId;
        var scope = correcting is Guid c ? await RejectedClientsAsync(db, c, ct) : null;
        if (scope is not null)
        {
            cases = [.. cases.Where(x => scope.Contains(x.Case.Client.Id))];
        }

        // A client-month the engine refuses (overlapping status periods, a check-out not after its check-in) refuses the
        // draft, listing each such client-month: a batch that left a client out would be a claim never made.
        var results = new List<(ClaimResult, string)>(cases.Count);
        var refusals = new List<BillingProblem>();
        for (var i = 0; i < cases.Count; i++)
        {
            if (progress is not null && i % 500 == 0)
            {
                await progress(i, cases.Count);
            }

            var (claimCase, client) = cases[i];
            try
            {
                results.Add((calculator.Calculate(claimCase), client.Name));
            }
            catch (ClaimException e)
            {
                refusals.Add(e.Problem);
                if (ClaimCases.AboutThePolicy(e.Problem))
                {
                    break;
                }
            }
        }

        if (progress is not null)
        {
            await progress(cases.Count, cases.Count);
        }

        if (refusals.Count > 0)
        {
            return Outcome.Refused<BatchSummary>(ClaimCases.Refusals(refusals));
        }

        var fresh = ClaimBatch.Draft(Guid.NewGuid(), agency.Code, month, results);
        var now = clock.GetUtcNow();
        try
        {
            if (latest is null)
            {
                await store.AddAsync(fresh, new AuditNote(now, by, Why("Audit.Why.Drafted", fresh.Lines.Count, fresh.FundTotal)), ct);
                return Outcome.Done<BatchSummary>(Summary(fresh));
            }

            var existing = (await store.LoadAsync(latest.Id, ct))!;
            if (existing.IsLocked)
            {
                // Submitted: recalculating is a correction, a new version that references the submitted one.
                var correction = existing.Correct(Guid.NewGuid(), fresh.Lines);
                var why = scope is null ? Why("Audit.Why.Correction", existing.Version) : Why("Audit.Why.CorrectionOfRejected", existing.Version, scope.Count);
                await store.AddAsync(correction, new AuditNote(now, by, why), ct);
                return Outcome.Done<BatchSummary>(Summary(correction));
            }

            existing.ReplaceLines(fresh.Lines);
            await store.UpdateAsync(existing, new AuditNote(now, by, Why("Audit.Why.Recalculated", fresh.Lines.Count, fresh.FundTotal)), ct);
            return Outcome.Done<BatchSummary>(Summary(existing));
        }
        catch (BatchStateException e)
        {
            return Outcome.Refused<BatchSummary>(Problem.From(e.Problem));
        }
        catch (DbUpdateException)
        {
            return Outcome.Refused<BatchSummary>(Problem.Of("Error.BatchChangedMeanwhile"));
        }
    }

    /// <summary>The clients with a rejected line in a batch (as the engine names them), or null when the fund rejected nothing.</summary>
    private static async Task<HashSet<string>?> RejectedClientsAsync(CareOpsDb db, Guid batchId, CancellationToken ct)
    {
        var rejected = nameof(LineOutcome.Rejected);
        var clients = await db.ClaimBatches.AsNoTracking().Where(b => b.Id == batchId)
            .SelectMany(b => b.Lines).Where(l => l.Outcome == rejected).Select(l => l.ClientId).Distinct().ToListAsync(ct);
        return clients.Count == 0 ? null : [.. clients];
    }

    /// <summary>The audit's "why" in the system's words: a resource key and its arguments, worded when shown.</summary>
    internal static string Why(string key, params object[] args) =>
        string.Join('|', [key, .. args.Select(a => Convert.ToString(a is decimal d ? Money.Format(d) : a, System.Globalization.CultureInfo.InvariantCulture))]);

    /// <summary>Checks the draft; on success the outcome's batch tells how many lines and how much were found fit to submit.</summary>
    public Task<Outcome<BatchSummary>> ValidateAsync(Guid id, CancellationToken ct = default) =>
        ChangeAsync(id, batch => batch.Validate(), batch => Why("Audit.Why.Validated", batch.Lines.Count, batch.FundTotal), null, ct);

    public Task<Outcome<BatchSummary>> SubmitAsync(Guid id, CancellationToken ct = default) =>
        ChangeAsync(id, batch => { batch.Submit(clock.GetUtcNow()); return []; }, batch => Why("Audit.Why.Submitted", batch.ControlSum), null, ct);

    /// <summary>The fund paid what it accepted (no amount given).</summary>
    public Task<Outcome<BatchSummary>> MarkPaidAsync(Guid id, CancellationToken ct = default) => MarkPaidAsync(id, null, ct);

    /// <summary>
    /// The fund's payment arrived: <paramref name="paid"/> is the amount on the bank statement (null: what it accepted),
    /// reconciled against the accepted total; a difference is kept and shown, not refused.
    /// </summary>
    public Task<Outcome<BatchSummary>> MarkPaidAsync(Guid id, decimal? paid, CancellationToken ct = default)
    {
        if (paid is < 0 || (paid is decimal p && p != Money.Fen(p)))
        {
            return Task.FromResult(Outcome.Refused<BatchSummary>(Problems.Of("Error.PaidAmount")));
        }

        long? paidFen = null;
        return ChangeAsync(
            id,
            batch =>
            {
                batch.MarkPaid(clock.GetUtcNow());
                paidFen = Money.ToFen(paid ?? batch.AcceptedFundTotal);
                return [];
            },
            batch => Why("Audit.Why.Paid", Money.FromFen(paidFen ?? 0), batch.AcceptedFundTotal),
            () => paidFen,
            ct);
    }

    public async Task<Outcome<BatchSummary>> ApplyResponseAsync(Guid id, Stream responseCsv, CancellationToken ct = default)
    {
        IReadOnlyList<ResponseLine> response;
        try
        {
            response = BatchFiles.ReadResponse(responseCsv);
        }
        catch (BatchFileException e)
        {
            // Note: the caller is checked first, so a refused caller learns nothing about the file either.
            var refused = await caller.RequireAsync(Policies.Billing);
            return Outcome.Refused<BatchSummary>(refused.IsEmpty ? [Problem.From(e.Problem)] : refused);
        }

        return await ChangeAsync(
            id,
            batch => batch.ApplyResponse(response).Problems,
            batch => Why("Audit.Why.Response", batch.Lines.Count(l => l.Outcome == LineOutcome.Rejected), batch.AcceptedFundTotal, batch.FundTotal - batch.AcceptedFundTotal),
            null,
            ct);
    }

    public async Task<IReadOnlyList<BatchSummary>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var fund = nameof(Payer.Fund);
        var rejected = nameof(LineOutcome.Rejected);
        // Projected: the lines (owned, 100 000s in a big agency) are summed in the database, never loaded.
        var rows = await db.ClaimBatches.AsNoTracking().OrderByDescending(b => b.Month).ThenByDescending(b => b.Version).Take(48)
            .Select(r => new
            {
                r.Id,
                r.Month,
                r.Version,
                r.State,
                r.FundTotalFen,
                r.ClientTotalFen,
                r.LineCount,
                r.ControlSum,
                r.SupersedesId,
                r.PaidFen,
                AcceptedFen = r.Lines.Where(l => l.Payer == fund && l.Outcome != rejected).Sum(l => (long?)l.AmountFen) ?? 0,
            })
            .ToListAsync(ct);
        return rows.Select(r => new BatchSummary(r.Id, r.Month, r.Version, r.State, Money.FromFen(r.FundTotalFen), Money.FromFen(r.ClientTotalFen), r.LineCount, r.ControlSum, r.SupersedesId)
        {
            Accepted = Money.FromFen(r.AcceptedFen),
            Paid = r.PaidFen is long paid ? Money.FromFen(paid) : null,
        }).ToList();
    }

    public async Task<ClaimBatch?> LoadAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await new ClaimBatchStore(db).LoadAsync(id, ct);
    }

    /// <summary>A batch's audit trail, oldest first (who, when, from → to, why).</summary>
    public async Task<IReadOnlyList<BillingAuditEntry>> AuditAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await new ClaimBatchStore(db).AuditOfAsync(id, ct);
    }

    private async Task<Outcome<BatchSummary>> ChangeAsync(Guid id, Func<ClaimBatch, IReadOnlyList<BillingProblem>> change, Func<ClaimBatch, string> why, Func<long?>? paidFen, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var refused = await caller.RequireAsync(Policies.Billing, db.CurrentAgencyId);
        if (!refused.IsEmpty)
        {
            return Outcome.Refused<BatchSummary>(refused);
        }

        var store = new ClaimBatchStore(db);
        ClaimBatch? batch;
        try
        {
            batch = await store.LoadAsync(id, ct);
        }
        catch (BatchStateException e)
        {
            return Outcome.Refused<BatchSummary>(Problem.From(e.Problem));
        }

        if (batch is null)
        {
            return Outcome.Refused<BatchSummary>(Problem.From(new BillingProblem(BillingCode.BatchGone)));
        }

        IReadOnlyList<BillingProblem> problems;
        try
        {
            problems = change(batch);
        }
        catch (BatchStateException e)
        {
            return Outcome.Refused<BatchSummary>(Problem.From(e.Problem), Summary(batch));
        }

        if (problems.Count > 0)
        {
            return Outcome.Refused<BatchSummary>(new Problems(problems.Select(p => Problem.From(p))), Summary(batch));
        }

        try
        {
            await store.UpdateAsync(batch, new AuditNote(clock.GetUtcNow(), Roster.RosterWeeks.NameOf(caller.User), why(batch)), paidFen?.Invoke(), ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Outcome.Refused<BatchSummary>(Problem.Of("Error.BatchChangedMeanwhile"));
        }
        catch (BatchStateException e)
        {
            return Outcome.Refused<BatchSummary>(Problem.From(e.Problem), Summary(batch));
        }

        return Outcome.Done<BatchSummary>(Summary(batch));
    }

    private static BatchSummary Summary(ClaimBatch b) =>
        new(b.Id, b.Month, b.Version, b.State, b.FundTotal, b.ClientTotal, b.Lines.Count, b.ControlSum, b.Supersedes) { Accepted = b.AcceptedFundTotal };
}

/// <summary>A batch version as the month-close list shows it; <see cref="Accepted"/> vs <see cref="Paid"/> is the reconciliation.</summary>
public sealed record BatchSummary(Guid Id, DateOnly Month, int Version, BatchState State, decimal FundTotal, decimal ClientTotal, int LineCount, string ControlSum, Guid? Supersedes)
{
    /// <summary>The fund's lines not rejected (all of them before the fund answers).</summary>
    public decimal Accepted { get; init; }

    /// <summary>What the fund paid, once marked paid.</summary>
    public decimal? Paid { get; init; }
}
