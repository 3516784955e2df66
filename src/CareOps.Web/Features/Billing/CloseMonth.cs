using CareOps.Billing;
using CareOps.Billing.Batches;
using CareOps.Billing.Claims;
using CareOps.Data;
using CareOps.Data.Billing;
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
        var month = new DateOnly(anyDayOfMonth.Year, anyDayOfMonth.Month, 1);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var refused = await caller.RequireAsync(Policies.Billing, db.CurrentAgencyId);
        if (!refused.IsEmpty)
        {
            return Outcome.Refused<BatchSummary>(refused);
        }

        var agency = await db.Agencies.AsNoTracking().SingleAsync(a => a.Id == db.CurrentAgencyId, ct);
        var calculator = new ClaimCalculator(await PolicyStore.LoadAsync(db, ct));
        var cases = await ClaimCases.ForMonthAsync(db, agency.CityPolicy, month, ct);
        // A client-month the engine refuses (overlapping status periods, a check-out not after its check-in) refuses the
        // draft, listing each such client-month: a batch that left a client out would be a claim never made.
        var results = new List<(ClaimResult, string)>(cases.Count);
        var refusals = new List<BillingProblem>();
        foreach (var (claimCase, client) in cases)
        {
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

        if (refusals.Count > 0)
        {
            return Outcome.Refused<BatchSummary>(ClaimCases.Refusals(refusals));
        }

        var store = new ClaimBatchStore(db);
        var latest = await db.ClaimBatches.Where(b => b.Month == month).OrderByDescending(b => b.Version).FirstOrDefaultAsync(ct);
        var fresh = ClaimBatch.Draft(Guid.NewGuid(), agency.Code, month, results);
        try
        {
            if (latest is null)
            {
                await store.AddAsync(fresh, clock.GetUtcNow(), ct);
                return Outcome.Done<BatchSummary>(Summary(fresh));
            }

            var existing = (await store.LoadAsync(latest.Id, ct))!;
            if (existing.IsLocked)
            {
                // Submitted: recalculating is a correction, a new version that references the submitted one.
                var correction = existing.Correct(Guid.NewGuid(), fresh.Lines);
                await store.AddAsync(correction, clock.GetUtcNow(), ct);
                return Outcome.Done<BatchSummary>(Summary(correction));
            }

            existing.ReplaceLines(fresh.Lines);
            await store.UpdateAsync(existing, ct);
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

    /// <summary>Checks the draft; on success the outcome's batch tells how many lines and how much were found fit to submit.</summary>
    public Task<Outcome<BatchSummary>> ValidateAsync(Guid id, CancellationToken ct = default) =>
        ChangeAsync(id, batch => batch.Validate(), ct);

    public Task<Outcome<BatchSummary>> SubmitAsync(Guid id, CancellationToken ct = default) =>
        ChangeAsync(id, batch => { batch.Submit(clock.GetUtcNow()); return []; }, ct);

    public Task<Outcome<BatchSummary>> MarkPaidAsync(Guid id, CancellationToken ct = default) =>
        ChangeAsync(id, batch => { batch.MarkPaid(clock.GetUtcNow()); return []; }, ct);

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

        return await ChangeAsync(id, batch => batch.ApplyResponse(response).Problems, ct);
    }

    public async Task<IReadOnlyList<BatchSummary>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var records = await db.ClaimBatches.AsNoTracking().OrderByDescending(b => b.Month).ThenByDescending(b => b.Version).Take(48).ToListAsync(ct);
        return records.Select(r => new BatchSummary(r.Id, r.Month, r.Version, r.State, CareOps.Billing.Money.FromFen(r.FundTotalFen), CareOps.Billing.Money.FromFen(r.ClientTotalFen), r.LineCount, r.ControlSum, r.SupersedesId)).ToList();
    }

    public async Task<ClaimBatch?> LoadAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await new ClaimBatchStore(db).LoadAsync(id, ct);
    }

    private async Task<Outcome<BatchSummary>> ChangeAsync(Guid id, Func<ClaimBatch, IReadOnlyList<BillingProblem>> change, CancellationToken ct)
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
            await store.UpdateAsync(batch, ct);
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

    private static BatchSummary Summary(ClaimBatch b) => new(b.Id, b.Month, b.Version, b.State, b.FundTotal, b.ClientTotal, b.Lines.Count, b.ControlSum, b.Supersedes);
}

public sealed record BatchSummary(Guid Id, DateOnly Month, int Version, BatchState State, decimal FundTotal, decimal ClientTotal, int LineCount, string ControlSum, Guid? Supersedes);
