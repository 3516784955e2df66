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
public sealed class CloseMonth(IDbContextFactory<CareOpsDb> dbFactory, TimeProvider clock)
{
    public async Task<BatchSummary> DraftAsync(DateOnly anyDayOfMonth, CancellationToken ct = default)
    {
        var month = new DateOnly(anyDayOfMonth.Year, anyDayOfMonth.Month, 1);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var agencyId = db.CurrentAgencyId ?? throw new BatchStateException("No agency is selected.");
        var agency = await db.Agencies.AsNoTracking().SingleAsync(a => a.Id == agencyId, ct);
        var calculator = new ClaimCalculator(await PolicyStore.LoadAsync(db, ct));
        var cases = await ClaimCases.ForMonthAsync(db, agency.CityPolicy, month, ct);
        var results = cases.Select(c => (calculator.Calculate(c.Case), c.Client.Name)).ToList();

        var store = new ClaimBatchStore(db);
        var latest = await db.ClaimBatches.Where(b => b.Month == month).OrderByDescending(b => b.Version).FirstOrDefaultAsync(ct);
        var fresh = ClaimBatch.Draft(Guid.NewGuid(), agency.Code, month, results);
        if (latest is null)
        {
            await store.AddAsync(fresh, clock.GetUtcNow(), ct);
            return Summary(fresh);
        }

        var existing = (await store.LoadAsync(latest.Id, ct))!;
        if (existing.IsLocked)
        {
            // Submitted: recalculating is a correction, a new version that references the submitted one.
            var correction = existing.Correct(Guid.NewGuid(), fresh.Lines);
            await store.AddAsync(correction, clock.GetUtcNow(), ct);
            return Summary(correction);
        }

        existing.ReplaceLines(fresh.Lines);
        await store.UpdateAsync(existing, ct);
        return Summary(existing);
    }

    public Task<BatchResult> ValidateAsync(Guid id, CancellationToken ct = default) =>
        ChangeAsync(id, batch => batch.Validate(), ct);

    public Task<BatchResult> SubmitAsync(Guid id, CancellationToken ct = default) =>
        ChangeAsync(id, batch => { batch.Submit(clock.GetUtcNow()); return []; }, ct);

    public Task<BatchResult> MarkPaidAsync(Guid id, CancellationToken ct = default) =>
        ChangeAsync(id, batch => { batch.MarkPaid(clock.GetUtcNow()); return []; }, ct);

    public Task<BatchResult> ApplyResponseAsync(Guid id, Stream responseCsv, CancellationToken ct = default)
    {
        IReadOnlyList<ResponseLine> response;
        try
        {
            response = BatchFiles.ReadResponse(responseCsv);
        }
        catch (BatchFileException e)
        {
            return Task.FromResult(new BatchResult(null, [e.Message]));
        }

        return ChangeAsync(id, batch =>
        {
            var reconciliation = batch.ApplyResponse(response);
            return reconciliation.Problems;
        }, ct);
    }

    public async Task<IReadOnlyList<BatchSummary>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var records = await db.ClaimBatches.AsNoTracking().OrderByDescending(b => b.Month).ThenByDescending(b => b.Version).Take(48).ToListAsync(ct);
        return records.Select(r => new BatchSummary(r.Id, r.Month, r.Version, Enum.Parse<BatchState>(r.State), CareOps.Billing.Money.FromFen(r.FundTotalFen), CareOps.Billing.Money.FromFen(r.ClientTotalFen), r.LineCount, r.ControlSum, r.SupersedesId)).ToList();
    }

    public async Task<ClaimBatch?> LoadAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await new ClaimBatchStore(db).LoadAsync(id, ct);
    }

    private async Task<BatchResult> ChangeAsync(Guid id, Func<ClaimBatch, IReadOnlyList<string>> change, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var store = new ClaimBatchStore(db);
        var batch = await store.LoadAsync(id, ct);
        if (batch is null)
        {
            return new BatchResult(null, ["The batch does not exist or belongs to another agency."]);
        }

        IReadOnlyList<string> problems;
        try
        {
            problems = change(batch);
        }
        catch (BatchStateException e)
        {
            return new BatchResult(Summary(batch), [e.Message]);
        }

        if (problems.Count == 0)
        {
            try
            {
                await store.UpdateAsync(batch, ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                return new BatchResult(null, ["Someone else changed this batch a moment ago; reload the page and try again."]);
            }
        }

        return new BatchResult(Summary(batch), problems);
    }

    private static BatchSummary Summary(ClaimBatch b) => new(b.Id, b.Month, b.Version, b.State, b.FundTotal, b.ClientTotal, b.Lines.Count, b.ControlSum, b.Supersedes);
}

public sealed record BatchSummary(Guid Id, DateOnly Month, int Version, BatchState State, decimal FundTotal, decimal ClientTotal, int LineCount, string ControlSum, Guid? Supersedes);

public sealed record BatchResult(BatchSummary? Batch, IReadOnlyList<string> Problems)
{
    public bool Succeeded => Problems.Count == 0;
}
