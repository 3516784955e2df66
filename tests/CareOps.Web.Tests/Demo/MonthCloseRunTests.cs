using System.Text;
using CareOps.Billing.Batches;
using CareOps.Billing.Claims;
using CareOps.Data.Domain;
using CareOps.Web.Features.Billing;
using CareOps.Web.Infrastructure;
using CareOps.Web.Tests.Features;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CareOps.Web.Tests.Demo;

/// <summary>
/// Month close as a job, end to end on R5's history (November, which no other test drafts): generate with progress,
/// submit, the fund rejects two clients' lines, the correction carries only those clients, paid with a difference,
/// and every step in the batch's audit.
/// </summary>
[Collection(HistoryCollection.Name)]
public sealed class MonthCloseRunTests(HistoryApp app)
{
    private static readonly DateOnly November = new(2026, 11, 1);

    private QueueClaimDraft Queue(Caller caller) =>
        new(app.FactoryFor(app.Agency), caller, app.Clock, app.Services.GetRequiredService<IBackgroundJobClient>());

    private ClaimDraftRunner Runner => new(app.Services.GetRequiredService<DatabaseInfo>(), app.Clock);

    private CloseMonth Close => new(app.FactoryFor(app.Agency), app.Clock, app.Finance(app.Agency));

    [Fact]
    public async Task Generate_Submit_TwoRejections_CorrectionOfThoseClients_Paid_AllAudited()
    {
        // Generate: queued (the page returns at once), asked again while queued → the same run; the job prices it.
        var queued = await Queue(app.Finance(app.Agency)).ExecuteAsync(November.AddDays(9));
        Assert.True(queued.Succeeded, string.Join(", ", queued.Problems.Select(p => p.Key)));
        Assert.Equal(queued.Value, (await Queue(app.Finance(app.Agency)).ExecuteAsync(November)).Value);
        var before = (await Queue(app.Finance(app.Agency)).FindAsync(queued.Value))!;
        Assert.Equal((ClaimDraftState.Queued, 0, 0), (before.State, before.Done, before.Total));

        await Runner.RunAsync(queued.Value, CancellationToken.None);
        await Runner.RunAsync(queued.Value, CancellationToken.None); // a second delivery of the job: nothing more

        var run = (await Queue(app.Finance(app.Agency)).FindAsync(queued.Value))!;
        await using var db = app.Database(app.Agency);
        var clients = await db.Clients.CountAsync();
        Assert.Equal(ClaimDraftState.Completed, run.State);
        Assert.Equal((clients, clients), (run.Done, run.Total));
        var batches = await db.ClaimBatches.AsNoTracking().Where(b => b.Month == November).ToListAsync();
        var v1 = Assert.Single(batches);
        Assert.Equal(v1.Id, run.BatchId);

        // Validate, submit; the fund rejects every fund line of two clients.
        Assert.True((await Close.ValidateAsync(v1.Id)).Succeeded);
        Assert.True((await Close.SubmitAsync(v1.Id)).Succeeded);
        var batch = (await Close.LoadAsync(v1.Id))!;
        var rejectedClients = batch.Lines.Where(l => l.Payer == Payer.Fund && l.Amount > 0).Select(l => l.ClientId).Distinct().Take(2).ToHashSet();
        var csv = new StringBuilder("line_no,client_id,result,reason\n");
        foreach (var line in batch.Lines)
        {
            var rejected = rejectedClients.Contains(line.ClientId) && line.Payer == Payer.Fund;
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"{line.LineNo},{line.ClientId},{(rejected ? "拒付" : "通过")},{(rejected ? "评估结论待复核" : "")}\n");
        }

        var answered = await Close.ApplyResponseAsync(v1.Id, new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString())));
        Assert.True(answered.Succeeded, string.Join(", ", answered.Problems.Select(p => p.Key)));
        Assert.Equal(BatchState.PartiallyRejected, answered.Value!.State);
        var rejectedAmount = batch.Lines.Where(l => rejectedClients.Contains(l.ClientId) && l.Payer == Payer.Fund).Sum(l => l.Amount);
        Assert.Equal(batch.FundTotal - rejectedAmount, answered.Value.Accepted);

        // The correction: a new version with the two rejected clients' lines only, priced from today's data.
        var again = await Queue(app.Finance(app.Agency)).ExecuteAsync(November);
        await Runner.RunAsync(again.Value, CancellationToken.None);
        var correctionRun = (await Queue(app.Finance(app.Agency)).FindAsync(again.Value))!;
        var correction = (await Close.LoadAsync(correctionRun.BatchId!.Value))!;
        Assert.Equal((2, v1.Id), (correction.Version, correction.Supersedes));
        Assert.Equal(rejectedClients, correction.Lines.Select(l => l.ClientId).ToHashSet());
        Assert.Equal(Enumerable.Range(1, correction.Lines.Count), correction.Lines.Select(l => l.LineNo));
        Assert.Equal(rejectedAmount, correction.FundTotal); // nothing changed in their data since

        // Paid: 10.00 less than accepted arrives; the difference is kept for reconciliation.
        var paid = answered.Value.Accepted - 10.00m;
        Assert.True((await Close.MarkPaidAsync(v1.Id, paid)).Succeeded);
        var listed = (await Close.ListAsync()).Single(b => b.Id == v1.Id);
        Assert.Equal((BatchState.Paid, paid, answered.Value.Accepted), (listed.State, listed.Paid, listed.Accepted));

        // Audit: who, from → to, why, for every step of v1, and the correction's creation naming v1.
        var trail = await Close.AuditAsync(v1.Id);
        Assert.Equal(
            [("", "Draft"), ("Draft", "Validated"), ("Validated", "Submitted"), ("Submitted", "PartiallyRejected"), ("PartiallyRejected", "Paid")],
            trail.Select(e => (e.From, e.To)).ToArray());
        Assert.All(trail, e => Assert.False(string.IsNullOrEmpty(e.By)));
        Assert.NotEqual(CareOps.Data.Billing.ClaimBatchStore.SystemActor, trail[0].By); // the job acts for the clerk: her name
        Assert.Equal(run.RequestedBy, trail[0].By);
        Assert.StartsWith("Audit.Why.Drafted|", trail[0].Why);
        var rejectedLines = batch.Lines.Count(l => rejectedClients.Contains(l.ClientId) && l.Payer == Payer.Fund);
        Assert.StartsWith($"Audit.Why.Response|{rejectedLines}|", trail[3].Why);
        Assert.Contains("Audit.Why.Paid|", trail[4].Why);
        var correctionTrail = await Close.AuditAsync(correction.Id);
        Assert.Equal($"Audit.Why.CorrectionOfRejected|1|2", Assert.Single(correctionTrail).Why);
    }

    [Fact]
    public async Task Audit_CannotBeEdited_OrDeleted_ThroughTheApp()
    {
        await using var db = app.Database(app.Agency);
        var entry = new BillingAuditEntry { Subject = AuditSubject.ClaimBatch, SubjectId = Guid.NewGuid(), Month = November, At = app.Clock.GetUtcNow(), By = "测试", From = "", To = "Draft" };
        db.BillingAudit.Add(entry);
        await db.SaveChangesAsync();

        entry.Why = "改写";
        await Assert.ThrowsAsync<AuditTamperingException>(() => db.SaveChangesAsync());
        db.ChangeTracker.Clear();
        db.BillingAudit.Remove(entry);
        await Assert.ThrowsAsync<AuditTamperingException>(() => db.SaveChangesAsync());

        await using var read = app.Database(app.Agency);
        Assert.Null((await read.BillingAudit.SingleAsync(e => e.Id == entry.Id)).Why);
    }

    [Fact]
    public async Task Generate_RefusedForCaregiver_AndForAMonthNotBegun_AndARefusedRunKeepsItsSentences()
    {
        var caregiver = await Queue(app.As(Roles.Caregiver, app.Agency)).ExecuteAsync(November);
        Assert.Contains(caregiver.Problems, p => p.Key == "Error.NotAllowed");

        var future = await Queue(app.Finance(app.Agency)).ExecuteAsync(new DateOnly(2026, 12, 1)); // today is 11-24
        Assert.Equal("Error.MonthNotStarted", Assert.Single(future.Problems).Key);

        var stored = DraftProblems.Write(Problems.Of("Billing.ClaimOverlappingPeriods", "张三", new TextArg("Batch.Draft"), 3));
        var read = Assert.Single(DraftProblems.Read(stored));
        Assert.Equal("Billing.ClaimOverlappingPeriods", read.Key);
        Assert.Equal(["张三", new TextArg("Batch.Draft"), "3"], read.Args);
    }

    [Fact]
    public async Task Runner_ResumesARunWhoseWorkerDied_AndLeavesALiveOneAlone()
    {
        // Months no other test drafts: a run row "running" with a heartbeat 5 minutes old (the process died).
        await using var db = app.Database(app.Agency);
        var dead = new ClaimDraftRun { Month = new DateOnly(2026, 9, 1), State = ClaimDraftState.Running, RequestedBy = "财务", RequestedAt = app.Clock.GetUtcNow().AddMinutes(-6), HeartbeatAt = app.Clock.GetUtcNow().AddMinutes(-5) };
        var live = new ClaimDraftRun { Month = new DateOnly(2026, 8, 1), State = ClaimDraftState.Running, RequestedBy = "财务", RequestedAt = app.Clock.GetUtcNow(), HeartbeatAt = app.Clock.GetUtcNow().AddSeconds(-2) };
        db.ClaimDraftRuns.AddRange(dead, live);
        await db.SaveChangesAsync();

        await Runner.RunAsync(dead.Id, CancellationToken.None);
        await Runner.RunAsync(live.Id, CancellationToken.None);

        await using var read = app.Database(app.Agency);
        var resumed = await read.ClaimDraftRuns.AsNoTracking().SingleAsync(r => r.Id == dead.Id);
        Assert.Equal(ClaimDraftState.Completed, resumed.State);
        Assert.NotNull(resumed.BatchId);
        Assert.Equal(ClaimDraftState.Running, (await read.ClaimDraftRuns.AsNoTracking().SingleAsync(r => r.Id == live.Id)).State);
        Assert.False(await read.ClaimBatches.AnyAsync(b => b.Month == new DateOnly(2026, 8, 1)));
    }
}
