using CareOps.Data.Domain;
using CareOps.Web.Features.Visits;
using CareOps.Web.Tests.Features;
using CareOps.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CareOps.Web.Tests.Capture;

/// <summary>Check-in, items, check-out and review through the use cases, on the seeded app (SQLite).</summary>
[Collection(VisitCollection.Name)]
public sealed class CaptureVisitTests(CareOpsApp app)
{
    [Fact]
    public async Task AtHomeOnTimeWithItems_Verified_AuditedAndCounted()
    {
        var visit = await app.PlanVisitAsync("R1", nth: 1);
        var item = await app.PlanItemAsync(visit);

        var checkIn = await app.SendAsync(visit, visit.AtHome());
        app.Clock.Advance(TimeSpan.FromMinutes(62));
        var checkOut = await app.SendAsync(visit, visit.CheckOut(item));

        Assert.Equal(CaptureState.Applied, checkIn.State);
        Assert.Equal(CaptureState.Applied, checkOut.State);
        var stored = await app.LoadAsync(visit);
        Assert.Equal(VisitStatus.Completed, stored.Status);
        Assert.Equal(VisitVerdict.Verified, stored.Verdict);
        Assert.Equal(VisitPhase.Verified, stored.Phase);
        Assert.True(stored.LocationVerified);
        Assert.Equal(0, stored.CheckInDistanceMeters);
        Assert.Equal([item], stored.ItemsPerformed.Select(i => i.ItemCode));
        Assert.True(stored.Counts);
        await using var db = app.Database(visit.AgencyId);
        Assert.Equal(["CheckIn", "CheckOut"], await db.VisitAudit.Where(a => a.VisitId == visit.Id).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());
    }

    [Fact]
    public async Task OneKilometreAway_NeedsReason_ThenFlaggedWithIt()
    {
        var visit = await app.PlanVisitAsync("R1", nth: 2);
        var (lat, lon) = visit.North(1000);

        var refused = await app.SendAsync(visit, visit.CheckIn(lat, lon));
        var accepted = await app.SendAsync(visit, visit.CheckIn(lat, lon, "参保人在女儿家"));
        app.Clock.Advance(TimeSpan.FromMinutes(61));
        await app.SendAsync(visit, visit.CheckOut(await app.PlanItemAsync(visit)));

        Assert.Equal(CaptureState.Refused, refused.State);
        Assert.Equal("Visit.ReasonOutside", refused.Problems.Single().Key);
        Assert.Equal(1000, (int)refused.Problems.Single().Args[0], tolerance: 2);
        Assert.Equal(CaptureState.Applied, accepted.State);
        var stored = await app.LoadAsync(visit);
        Assert.Equal(VisitVerdict.Flagged, stored.Verdict);
        Assert.Equal([FlagReason.OutsideGeofence], stored.FlagReasons);
        Assert.Equal("参保人在女儿家", stored.CheckInReason);
        Assert.False(stored.LocationVerified);
        Assert.False(stored.Counts);
    }

    [Fact]
    public async Task NoLocation_NeedsReason_ThenFlaggedNoLocation()
    {
        var visit = await app.PlanVisitAsync("R1", nth: 3);

        var refused = await app.SendAsync(visit, visit.CheckIn(null, null));
        var accepted = await app.SendAsync(visit, visit.CheckIn(null, null, "手机不允许定位"));
        app.Clock.Advance(TimeSpan.FromMinutes(61));
        await app.SendAsync(visit, visit.CheckOut(await app.PlanItemAsync(visit)));

        Assert.Equal("Visit.ReasonNoLocation", refused.Problems.Single().Key);
        Assert.Equal(CaptureState.Applied, accepted.State);
        Assert.Equal([FlagReason.NoLocation], (await app.LoadAsync(visit)).FlagReasons);
    }

    [Theory]
    [InlineData(30.0, null)]
    [InlineData(0.0, 0.0)]
    [InlineData(91.0, 122.0)]
    [InlineData(double.NaN, 122.0)]
    [InlineData(30.0, 200.0)]
    public async Task AbsurdCoordinates_Refused_NothingChanged(double lat, double? lon)
    {
        var visit = await app.PlanVisitAsync("R1", nth: 4);

        var outcome = await app.SendAsync(visit, visit.CheckIn(lat, lon, "原因"));

        Assert.Equal("Visit.PositionAbsurd", outcome.Problems.Single().Key);
        Assert.Equal(VisitStatus.Planned, (await app.LoadAsync(visit)).Status);
    }

    [Fact]
    public async Task CheckInTwice_SecondRefusedWithTheFirstTime()
    {
        var visit = await app.PlanVisitAsync("R1", nth: 5);

        await app.SendAsync(visit, visit.AtHome());
        var second = await app.SendAsync(visit, visit.AtHome());

        Assert.Equal(CaptureState.Refused, second.State);
        Assert.Equal("Visit.AlreadyCheckedIn", second.Problems.Single().Key);
    }

    [Fact]
    public async Task CheckOutWithoutCheckIn_Refused()
    {
        var visit = await app.PlanVisitAsync("R1", nth: 6);

        var outcome = await app.SendAsync(visit, visit.CheckOut());

        Assert.Equal("Visit.NotCheckedIn", outcome.Problems.Single().Key);
        Assert.Equal(VisitStatus.Planned, (await app.LoadAsync(visit)).Status);
    }

    [Fact]
    public async Task CheckOutCapturedBeforeCheckIn_Refused()
    {
        var visit = await app.PlanVisitAsync("R1", nth: 7);
        await app.SendAsync(visit, visit.AtHome());

        // Queued offline with a time before the check-in (a phone whose clock was wound back).
        var now = app.Clock.GetUtcNow();
        var outcome = await app.Capture(visit).SyncAsync(new SyncBatch { SentAt = now, Ops = [visit.CheckOut() with { CapturedAt = now.AddMinutes(-10) }] });

        Assert.Equal("Visit.CheckOutBeforeCheckIn", Assert.Single(outcome.Value!).Problems.Single().Key);
        Assert.Equal(VisitStatus.CheckedIn, (await app.LoadAsync(visit)).Status);
    }

    [Fact]
    public async Task ReplayedKey_ChangesNothingTheSecondTime_AnswersAsFirst()
    {
        var visit = await app.PlanVisitAsync("R1", nth: 8);
        var op = visit.AtHome();

        var first = await app.SendAsync(visit, op);
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        var again = await app.SendAsync(visit, op);
        var refusedOp = visit.CheckIn(0, 0);
        var refused = await app.SendAsync(visit, refusedOp);
        var refusedAgain = await app.SendAsync(visit, refusedOp);

        Assert.Equal(CaptureState.Applied, first.State);
        Assert.Equal(CaptureState.Duplicate, again.State);
        Assert.Equal(first.Visit!.CheckInAt, again.Visit!.CheckInAt);
        Assert.Equal(refused.Problems.Single().Key, refusedAgain.Problems.Single().Key);
        Assert.Equal(CaptureState.Duplicate, refusedAgain.State);
        await using var db = app.Database(visit.AgencyId);
        Assert.Equal(1, await db.VisitAudit.CountAsync(a => a.VisitId == visit.Id));
        Assert.Equal(2, await db.SyncReceipts.CountAsync(r => r.VisitId == visit.Id));
    }

    [Fact]
    public async Task AnotherCaregiversVisit_Refused_NothingStored()
    {
        var visit = await app.PlanVisitAsync("R1", caregiverCode: "cg02", nth: 9);
        await using (var db0 = app.Database(visit.AgencyId))
        {
            var other = await db0.Caregivers.SingleAsync(c => c.Code == "cg03");
            var outcome = await app.SendAsync(visit, visit.AtHome(), app.CaregiverUser(visit.AgencyId, other.Id));
            Assert.Equal("Visit.NotYours", outcome.Problems.Single().Key);
            Assert.Null(outcome.Visit);
        }

        // Another agency's caregiver cannot see it at all (the tenancy filter), with the same answer.
        var r2 = await app.AgencyIdAsync("R2");
        await using var db2 = app.Database(r2);
        var stranger = await db2.Caregivers.FirstAsync();
        var fromR2 = await app.Capture(visit with { AgencyId = r2 }, app.CaregiverUser(r2, stranger.Id)).SyncAsync(app.Now(visit.AtHome()));
        Assert.Equal("Visit.NotYours", Assert.Single(fromR2.Value!).Problems.Single().Key);

        await using var db = app.Database(visit.AgencyId);
        Assert.Equal(VisitStatus.Planned, (await app.LoadAsync(visit)).Status);
        Assert.Equal(0, await db.SyncReceipts.CountAsync(r => r.VisitId == visit.Id));
    }

    [Fact]
    public async Task NotACaregiver_WholeSyncRefused()
    {
        var visit = await app.PlanVisitAsync("R1", nth: 10);

        var outcome = await app.Capture(visit, app.Dispatcher(visit.AgencyId)).SyncAsync(app.Now(visit.AtHome()));

        Assert.False(outcome.Succeeded);
        Assert.Equal("Error.NotAllowed", outcome.Problems.Single().Key);
    }

    [Fact]
    public async Task UnknownItem_Refused_KnownOnesSaved()
    {
        var visit = await app.PlanVisitAsync("R1", nth: 11);
        await app.SendAsync(visit, visit.AtHome());
        var item = await app.PlanItemAsync(visit);

        var bad = await app.SendAsync(visit, new CaptureOp { Id = Guid.NewGuid(), VisitId = visit.Id, Kind = CaptureOp.Save, Items = [item, "XX99"] });
        var good = await app.SendAsync(visit, new CaptureOp { Id = Guid.NewGuid(), VisitId = visit.Id, Kind = CaptureOp.Save, Items = [item], Notes = "血压正常" });

        Assert.Equal("Visit.UnknownItems", bad.Problems.Single().Key);
        Assert.Equal("XX99", bad.Problems.Single().Args[0]);
        Assert.Equal(CaptureState.Applied, good.State);
        var stored = await app.LoadAsync(visit);
        Assert.Equal([item], stored.ItemsPerformed.Select(i => i.ItemCode));
        Assert.Equal("血压正常", stored.Notes);
    }

    [Fact]
    public async Task EditAfterCheckOut_NeedsReason_KeepsBeforeAndAfter()
    {
        var visit = await app.PlanVisitAsync("R1", nth: 12);
        await app.SendAsync(visit, visit.AtHome());
        app.Clock.Advance(TimeSpan.FromMinutes(61));
        await app.SendAsync(visit, visit.CheckOut());
        Assert.Equal([FlagReason.NoItems], (await app.LoadAsync(visit)).FlagReasons);
        var item = await app.PlanItemAsync(visit);

        var refused = await app.SendAsync(visit, new CaptureOp { Id = Guid.NewGuid(), VisitId = visit.Id, Kind = CaptureOp.Save, Items = [item] });
        var edited = await app.SendAsync(visit, new CaptureOp { Id = Guid.NewGuid(), VisitId = visit.Id, Kind = CaptureOp.Save, Items = [item], Reason = "忘记勾选" });

        Assert.Equal("Visit.EditReasonNeeded", refused.Problems.Single().Key);
        Assert.Equal(CaptureState.Applied, edited.State);
        var stored = await app.LoadAsync(visit);
        Assert.Equal(VisitVerdict.Verified, stored.Verdict);
        await using var db = app.Database(visit.AgencyId);
        var edit = await db.VisitAudit.Where(a => a.VisitId == visit.Id && a.Action == "Edit").SingleAsync();
        Assert.Equal("忘记勾选", edit.Reason);
        Assert.Contains("\"Items\":[]", edit.BeforeJson, StringComparison.Ordinal);
        Assert.Contains($"\"Items\":[\"{item}\"]", edit.AfterJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Review_AcceptNeedsReason_AcceptCounts_RejectDoesNot_CaregiverCannot()
    {
        var visit = await app.PlanVisitAsync("R1", nth: 13);
        await app.SendAsync(visit, visit.CheckIn(null, null, "没有信号"));
        app.Clock.Advance(TimeSpan.FromMinutes(61));
        await app.SendAsync(visit, visit.CheckOut(await app.PlanItemAsync(visit)));
        var dispatcher = app.Dispatcher(visit.AgencyId);

        var byCaregiver = await app.Reviewer(visit.AgencyId, app.CaregiverUser(visit.AgencyId, visit.CaregiverId)).ExecuteAsync(visit.Id, VisitReview.Accepted, "我自己");
        var noReason = await app.Reviewer(visit.AgencyId, dispatcher).ExecuteAsync(visit.Id, VisitReview.Accepted, " ");
        var accepted = await app.Reviewer(visit.AgencyId, dispatcher).ExecuteAsync(visit.Id, VisitReview.Accepted, "电话核实已上门");
        var afterAccept = await app.LoadAsync(visit);
        var rejected = await app.Reviewer(visit.AgencyId, dispatcher).ExecuteAsync(visit.Id, VisitReview.Rejected, "复查录音不符");
        var afterReject = await app.LoadAsync(visit);

        Assert.Equal("Error.NotAllowed", byCaregiver.Single().Key);
        Assert.Equal("Review.ReasonNeeded", noReason.Single().Key);
        Assert.Empty(accepted);
        Assert.True(afterAccept.Counts);
        Assert.Equal(VisitPhase.Verified, afterAccept.Phase);
        Assert.Empty(rejected);
        Assert.False(afterReject.Counts);
        Assert.Equal(VisitPhase.Rejected, afterReject.Phase);
        await using var db = app.Database(visit.AgencyId);
        Assert.Equal(2, await db.VisitAudit.CountAsync(a => a.VisitId == visit.Id && a.Action == "Review"));
    }

    [Fact]
    public async Task Review_VerifiedVisit_NothingToReview()
    {
        var visit = await app.PlanVisitAsync("R1", nth: 14);
        await app.SendAsync(visit, visit.AtHome());
        app.Clock.Advance(TimeSpan.FromMinutes(61));
        await app.SendAsync(visit, visit.CheckOut(await app.PlanItemAsync(visit)));

        var problems = await app.Reviewer(visit.AgencyId, app.Dispatcher(visit.AgencyId)).ExecuteAsync(visit.Id, VisitReview.Rejected, null);

        Assert.Equal("Review.NotFlagged", problems.Single().Key);
    }
}
