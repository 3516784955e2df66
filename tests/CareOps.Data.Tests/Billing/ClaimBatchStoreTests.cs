using CareOps.Billing.Batches;
using CareOps.Billing.Claims;
using CareOps.Billing.Policies;
using CareOps.Data.Billing;
using CareOps.Data.Seeding;
using CareOps.Data.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CareOps.Data.Tests.Billing;

public sealed class ClaimBatchStoreTests
{
    private static readonly DateTimeOffset Now = new(2027, 3, 5, 2, 0, 0, TimeSpan.Zero);

    private static ClaimBatch Batch()
    {
        var calculator = new ClaimCalculator(PolicyBook.Seed());
        var month = new DateOnly(2027, 2, 1);
        ClaimResult Month(string id, params int[] days) => calculator.Calculate(new ClaimCase
        {
            City = "zhoushan",
            Month = month,
            Client = new ClientInfo { Id = id, CareMode = CareMode.Home, Status = [new StatusSpan { State = ClientState.Active, From = new DateOnly(2026, 1, 1) }] },
            Visits = days.Select(d => new VisitRecord { Id = $"{id}-{d}", Date = month.AddDays(d - 1), CheckIn = new TimeOnly(9, 0), CheckOut = new TimeOnly(10, 0), LocationVerified = true }).ToList(),
        });

        // c1: standard met, 1 280.00; c2: week 2 short, 960.00
        return ClaimBatch.Draft(Guid.NewGuid(), "TA", month, [(Month("c1", 1, 3, 5, 8, 10, 12, 15, 17, 19, 22, 24, 26), "甲"), (Month("c2", 1, 3, 5, 8, 10, 15, 17, 19, 22, 24, 26), "乙")]);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Batch_SavedAndLoaded_KeepsLinesTotalsAndControlSum(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var (a, _, _, _) = await TestData.TwoAgenciesAsync(database);
        var batch = Batch();

        await using (var db = database.Context(a.Id))
        {
            await new ClaimBatchStore(db).AddAsync(batch, Now);
        }

        await using var read = database.Context(a.Id);
        var loaded = (await new ClaimBatchStore(read).LoadAsync(batch.Id))!;
        Assert.Equal(2240.00m, loaded.FundTotal);
        Assert.Equal(batch.ControlSum, loaded.ControlSum);
        Assert.Equal(batch.Lines.Select(l => (l.LineNo, l.Amount, l.ExplanationZh)), loaded.Lines.Select(l => (l.LineNo, l.Amount, l.ExplanationZh)));
        Assert.Equal(224000L, await read.ClaimBatches.Select(b => b.FundTotalFen).SingleAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task SubmittedBatch_LinesCannotChange_ButResponseIsStoredAndCorrectionIsVersion2(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var (a, _, _, _) = await TestData.TwoAgenciesAsync(database);
        var batch = Batch();
        batch.Validate();
        batch.Submit(Now);
        await using (var db = database.Context(a.Id))
        {
            await new ClaimBatchStore(db).AddAsync(batch, Now);
        }

        // A copy whose amounts were tampered with is refused.
        var tampered = new ClaimBatch(batch.Id, "TA", batch.Month, 1, null, BatchState.Submitted, batch.Lines.Select(l => l.LineNo == 1 ? l with { Amount = l.Amount + 1m } : l));
        await using (var db = database.Context(a.Id))
        {
            await Assert.ThrowsAsync<BatchStateException>(() => new ClaimBatchStore(db).UpdateAsync(tampered, new AuditNote(Now, "测试")));
        }

        Assert.True(batch.ApplyResponse(batch.Lines.Select(l => new ResponseLine(l.LineNo, l.ClientId, l.LineNo == 1 ? LineOutcome.Rejected : LineOutcome.Accepted, l.LineNo == 1 ? "材料不全" : null)).ToList()).Applied);
        var correction = batch.Correct(Guid.NewGuid());
        await using (var db = database.Context(a.Id))
        {
            var store = new ClaimBatchStore(db);
            await store.UpdateAsync(batch, new AuditNote(Now, "测试"));
            await store.AddAsync(correction, Now.AddDays(1));
        }

        await using var read = database.Context(a.Id);
        var loaded = (await new ClaimBatchStore(read).LoadAsync(batch.Id))!;
        Assert.Equal(BatchState.PartiallyRejected, loaded.State);
        Assert.Equal("材料不全", loaded.Lines.Single(l => l.LineNo == 1).RejectionReason);
        var v2 = (await new ClaimBatchStore(read).LoadAsync(correction.Id))!;
        Assert.Equal((2, batch.Id), (v2.Version, v2.Supersedes!.Value));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Batch_OfAnotherAgency_IsInvisible(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var (a, b, _, _) = await TestData.TwoAgenciesAsync(database);
        var batch = Batch();
        await using (var db = database.Context(a.Id))
        {
            await new ClaimBatchStore(db).AddAsync(batch, Now);
        }

        await using var other = database.Context(b.Id);
        Assert.Null(await new ClaimBatchStore(other).LoadAsync(batch.Id));
        await Assert.ThrowsAsync<BatchStateException>(() => new ClaimBatchStore(other).UpdateAsync(batch, new AuditNote(Now, "测试")));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Policies_SeededThenANewVersionTakesOverFromItsDate(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await ReferenceDataSeeder.SeedAsync(database.Options, CancellationToken.None);
        await using var db = database.Context();
        var v1 = (await PolicyStore.LoadAsync(db)).Resolve("zhoushan", new DateOnly(2026, 6, 1))!;

        await PolicyStore.AddAsync(db, v1 with { Version = 2, EffectiveFrom = new DateOnly(2027, 1, 1), NameZh = "舟山 2027" });
        await Assert.ThrowsAsync<InvalidOperationException>(() => PolicyStore.AddAsync(db, v1 with { Version = 2, EffectiveFrom = new DateOnly(2027, 6, 1) }));

        var book = await PolicyStore.LoadAsync(db);
        Assert.Equal(CareOps.Billing.Policies.PolicyBook.Seed().Versions.Select(v => v.City).Distinct().Count(), book.Versions.Select(v => v.City).Distinct().Count());
        Assert.Equal(1, book.Resolve("zhoushan", new DateOnly(2026, 12, 31))!.Version);
        Assert.Equal(2, book.Resolve("zhoushan", new DateOnly(2027, 1, 1))!.Version);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task BatchState_ChangedByTwoClerksAtOnce_OnlyTheFirstWins(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var (a, _, _, _) = await TestData.TwoAgenciesAsync(database);
        var batch = Batch();
        await using (var db = database.Context(a.Id))
        {
            await new ClaimBatchStore(db).AddAsync(batch, Now);
        }

        await using var first = database.Context(a.Id);
        await using var second = database.Context(a.Id);
        var one = await first.ClaimBatches.SingleAsync(b => b.Id == batch.Id);
        var two = await second.ClaimBatches.SingleAsync(b => b.Id == batch.Id);
        one.State = BatchState.Validated;
        await first.SaveChangesAsync();
        two.State = BatchState.Draft;
        two.LineCount = 0;

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync());
        await using var read = database.Context(a.Id);
        Assert.Equal(BatchState.Validated, await read.ClaimBatches.Where(b => b.Id == batch.Id).Select(b => b.State).SingleAsync());
    }
}
