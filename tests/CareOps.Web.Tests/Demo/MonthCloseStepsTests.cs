using CareOps.Billing.Claims;
using CareOps.Data.Domain;
using CareOps.Web.Features.Billing;
using CareOps.Web.Tests.Capture;
using CareOps.Web.Tests.Features;
using Microsoft.EntityFrameworkCore;

namespace CareOps.Web.Tests.Demo;

/// <summary>Month close's readiness and exceptions (issue 11 steps 1 and 3) on R5's history.</summary>
[Collection(HistoryCollection.Name)]
public sealed class MonthCloseStepsTests(HistoryApp app)
{
    private static readonly DateOnly October = new(2026, 10, 1);

    private MonthReadinessQuery Readiness => new(app.FactoryFor(app.Agency), app.Clock);

    [Fact]
    public async Task Readiness_October_CountsWhatWaits_AsTheVisitsSay()
    {
        var readiness = await Readiness.ForMonthAsync(October.AddDays(17));

        await using var db = app.Database(app.Agency);
        var october = (await db.Visits.AsNoTracking().Include(v => v.Caregiver!).ThenInclude(c => c.Certificates)
            .Where(v => v.Date >= October && v.Date < October.AddMonths(1)).ToListAsync());
        Assert.Equal(October, readiness.Month);
        Assert.Equal(october.Count(v => v.Status == VisitStatus.Completed), readiness.Completed);
        Assert.Equal(october.Count(v => v.Verdict == VisitVerdict.Flagged && v.Review == null), readiness.Waiting);
        Assert.Equal(october.Count(v => v.Status == VisitStatus.Completed && !v.Caregiver!.IsCertifiedOn(v.Date)), readiness.Uncertified);
        Assert.Equal(0, readiness.Unfinished);
        Assert.Null(readiness.WeekEnds); // Saturday 10-31: its week ended on Sunday 11-01, before today (11-24)

        // The history leaves the month's last days in the queue and has one lapsed certificate: not ready, for reasons.
        Assert.True(readiness.Waiting > 0);
        Assert.True(readiness.Uncertified > 0);
        Assert.False(readiness.Ready);
    }

    [Fact]
    public async Task Readiness_AReviewAndAMissingPlan_Move_TheCounts()
    {
        // November: a flagged visit waits until a dispatcher decides; a client in care without a plan is listed.
        var november = new DateOnly(2026, 11, 1);
        await using var db = app.Database(app.Agency);
        var waiting = await db.Visits.Where(v => v.Date >= november && v.Verdict == VisitVerdict.Flagged && v.Review == null).OrderBy(v => v.Date).FirstAsync();
        var before = await Readiness.ForMonthAsync(november);

        Assert.Empty(await app.Reviewer(app.Agency, app.Dispatcher(app.Agency)).ExecuteAsync(waiting.Id, VisitReview.Rejected, "复查录音不符"));
        var client = await db.Clients.Include(c => c.StatusPeriods).Where(c => c.StatusPeriods.Count == 1 && c.StatusPeriods[0].To == null)
            .Where(c => db.CarePlans.Any(p => p.ClientId == c.Id) && db.CarePlans.Where(p => p.ClientId == c.Id).All(p => p.EffectiveFrom < november))
            .OrderByDescending(c => c.Name).FirstAsync();
        var plans = await db.CarePlans.Where(p => p.ClientId == client.Id).ToListAsync();
        var saved = plans.Select(p => (p, p.EffectiveTo)).ToList();
        plans.ForEach(p => p.EffectiveTo = new DateOnly(2026, 10, 31));
        await db.SaveChangesAsync();
        try
        {
            var after = await Readiness.ForMonthAsync(november);

            Assert.Equal(before.Waiting - 1, after.Waiting);
            Assert.Equal(new DateOnly(2026, 12, 6), after.WeekEnds); // Monday 11-30's week ends after today
            Assert.False(after.Ready);
            Assert.Contains(after.Clients, c => c.Id == client.Id && c.Problem == MonthReadinessQuery.NoPlan);
        }
        finally
        {
            saved.ForEach(s => s.p.EffectiveTo = s.EffectiveTo);
            await db.SaveChangesAsync();
        }
    }

    [Fact]
    public async Task Exceptions_GroupEveryDeductionAndUncountedVisit_ByReason()
    {
        var close = new CloseMonth(app.FactoryFor(app.Agency), app.Clock, app.Finance(app.Agency));
        var draft = (await close.DraftAsync(October)).Value!;
        var batch = (await close.LoadAsync(draft.Id))!;

        var groups = BatchExceptions.Of(batch);

        var deductions = batch.Lines.Where(l => l.Kind == LineKind.Deduction).ToList();
        var notCounted = batch.Lines.Where(l => l.Reason.StartsWith("VisitNotCounted.", StringComparison.Ordinal)).ToList();
        Assert.Equal(deductions.Count + notCounted.Count, groups.Sum(g => g.Lines));
        Assert.Equal(deductions.Sum(l => l.Amount), groups.Where(g => g.Kind == LineKind.Deduction).Sum(g => g.Amount));
        Assert.Equal(groups.Count, groups.Select(g => (g.Reason, g.Kind)).Distinct().Count());
        Assert.Contains(groups, g => g.Reason == "WeekBelowStandard");
        Assert.Contains(groups, g => g.Reason == "VisitNotCounted.NotVerified"); // the short visits rejected on review
        Assert.All(groups, g =>
        {
            Assert.Equal(g.Amount, g.Clients.Sum(c => c.Amount));
            Assert.Equal(g.Lines, g.Clients.Sum(c => c.ExplanationsZh.Count));
            Assert.All(g.Clients, c => Assert.All(c.ExplanationsZh, text => Assert.False(string.IsNullOrWhiteSpace(text))));
            Assert.Equal(g.Clients.Select(c => c.ClientName).Order(StringComparer.Ordinal), g.Clients.Select(c => c.ClientName));
        });

        // Biggest deduction first (deductions are negative amounts).
        Assert.Equal(groups.Select(g => g.Amount).Order(), groups.Select(g => g.Amount));
    }
}
