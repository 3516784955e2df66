using CareOps.Data.Domain;
using CareOps.Web.Infrastructure;
using CareOps.Web.Tests.Features;
using CareOps.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CareOps.Web.Tests.Capture;

/// <summary>A dispatcher corrects a finished visit's times: with a reason, audited, judged again.</summary>
[Collection(VisitCollection.Name)]
public sealed class CorrectVisitTimesTests(CareOpsApp app)
{
    /// <summary>A visit checked in at home with an item and checked out after 20 minutes (TooShort), then an hour passes.</summary>
    private async Task<(PlannedVisit Visit, TimeOnly In)> ShortVisitAsync(int nth)
    {
        var visit = await app.PlanVisitAsync("R1", nth: nth, date: AgencyClock.Today(app.Clock));
        await app.SendAsync(visit, visit.AtHome());
        app.Clock.Advance(TimeSpan.FromMinutes(20));
        await app.SendAsync(visit, visit.CheckOut(await app.PlanItemAsync(visit)));
        app.Clock.Advance(TimeSpan.FromMinutes(60));
        var stored = await app.LoadAsync(visit);
        Assert.Equal([FlagReason.TooShort], stored.FlagReasons);
        return (visit, TimeOnly.FromDateTime(AgencyClock.Local(stored.CheckInAt!.Value).DateTime));
    }

    [Fact]
    public async Task Correction_WithReason_JudgedAgain_AuditedBeforeAndAfter()
    {
        var (visit, checkIn) = await ShortVisitAsync(20);
        var version = (await app.LoadAsync(visit)).Version;
        var (newIn, newOut) = (checkIn.AddMinutes(-5), checkIn.AddMinutes(57));

        var problems = await app.Corrector(visit.AgencyId, app.Dispatcher(visit.AgencyId))
            .ExecuteAsync(visit.Id, newIn, newOut, "纸质签到表显示 62 分钟", version);

        Assert.Empty(problems);
        var stored = await app.LoadAsync(visit);
        Assert.Equal(AgencyClock.At(stored.Date, newIn), stored.CheckInAt);
        Assert.Equal(AgencyClock.At(stored.Date, newOut), stored.CheckOutAt);
        Assert.Equal(VisitVerdict.Verified, stored.Verdict);
        Assert.True(stored.Counts);
        await using var db = app.Database(visit.AgencyId);
        var entry = await db.VisitAudit.SingleAsync(a => a.VisitId == visit.Id && a.Action == "Correct");
        Assert.Equal("纸质签到表显示 62 分钟", entry.Reason);
        Assert.Contains("TooShort", entry.BeforeJson, StringComparison.Ordinal);
        Assert.DoesNotContain("TooShort", entry.AfterJson, StringComparison.Ordinal);
        Assert.Contains("\"Verdict\":\"Verified\"", entry.AfterJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Correction_BadInput_Refused_NothingChanged()
    {
        var (visit, checkIn) = await ShortVisitAsync(21);
        var before = await app.LoadAsync(visit);
        var dispatcher = app.Corrector(visit.AgencyId, app.Dispatcher(visit.AgencyId));
        var later = checkIn.AddMinutes(62);

        Assert.Equal("Correct.ReasonNeeded", (await dispatcher.ExecuteAsync(visit.Id, checkIn, later, "  ", before.Version)).Single().Key);
        Assert.Equal("Correct.OutBeforeIn", (await dispatcher.ExecuteAsync(visit.Id, later, checkIn, "反了", before.Version)).Single().Key);
        Assert.Equal("Correct.OutBeforeIn", (await dispatcher.ExecuteAsync(visit.Id, checkIn, checkIn, "一样", before.Version)).Single().Key);
        Assert.Equal("Correct.InFuture", (await dispatcher.ExecuteAsync(visit.Id, checkIn, checkIn.AddMinutes(90), "未来", before.Version)).Single().Key);
        Assert.Equal("Review.ChangedMeanwhile", (await dispatcher.ExecuteAsync(visit.Id, checkIn, later, "旧版本", before.Version - 1)).Single().Key);
        Assert.Equal("Review.NotFound", (await dispatcher.ExecuteAsync(Guid.NewGuid(), checkIn, later, "没有", 0)).Single().Key);
        var byCaregiver = app.Corrector(visit.AgencyId, app.CaregiverUser(visit.AgencyId, visit.CaregiverId));
        Assert.Equal("Error.NotAllowed", (await byCaregiver.ExecuteAsync(visit.Id, checkIn, later, "我自己改", before.Version)).Single().Key);

        var after = await app.LoadAsync(visit);
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(before.CheckOutAt, after.CheckOutAt);
        await using var db = app.Database(visit.AgencyId);
        Assert.False(await db.VisitAudit.AnyAsync(a => a.VisitId == visit.Id && a.Action == "Correct"));
    }

    [Fact]
    public async Task Correction_OfUnfinishedVisit_Refused()
    {
        var visit = await app.PlanVisitAsync("R1", nth: 22, date: AgencyClock.Today(app.Clock));
        await app.SendAsync(visit, visit.AtHome());
        var checkIn = TimeOnly.FromDateTime(AgencyClock.Local((await app.LoadAsync(visit)).CheckInAt!.Value).DateTime);
        app.Clock.Advance(TimeSpan.FromMinutes(70));

        var problems = await app.Corrector(visit.AgencyId, app.Dispatcher(visit.AgencyId))
            .ExecuteAsync(visit.Id, checkIn, checkIn.AddMinutes(60), "忘记签退", (await app.LoadAsync(visit)).Version);

        Assert.Equal("Correct.NotFinished", problems.Single().Key);
    }

    [Fact]
    public async Task Correction_WithdrawsAnEarlierDecision_StillFlagged_BackInTheQueue()
    {
        var (visit, checkIn) = await ShortVisitAsync(23);
        var dispatcher = app.Dispatcher(visit.AgencyId);
        Assert.Empty(await app.Reviewer(visit.AgencyId, dispatcher).ExecuteAsync(visit.Id, VisitReview.Accepted, "电话核实"));

        // Still too short after the correction: the acceptance was about other times, so it goes.
        var problems = await app.Corrector(visit.AgencyId, dispatcher)
            .ExecuteAsync(visit.Id, checkIn, checkIn.AddMinutes(30), "按家属说明更正", (await app.LoadAsync(visit)).Version);

        Assert.Empty(problems);
        var stored = await app.LoadAsync(visit);
        Assert.Equal(VisitVerdict.Flagged, stored.Verdict);
        Assert.Null(stored.Review);
        Assert.False(stored.Counts);
        Assert.Equal(VisitPhase.Flagged, stored.Phase);
    }
}
