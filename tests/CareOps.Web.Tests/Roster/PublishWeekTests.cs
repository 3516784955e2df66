using CareOps.Data.Domain;
using CareOps.Scheduling.Roster;
using CareOps.Web.Features.Roster;
using CareOps.Web.Tests.Features;
using CareOps.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static CareOps.Web.Tests.Roster.RosterTestKit;

namespace CareOps.Web.Tests.Roster;

/// <summary>
/// Publishing a draft writes the week's visit rows: versions kept, unchanged visits keep their ids, vanished visits
/// are cancelled (never deleted), a stale draft or an outdated preview is refused with nothing written.
/// </summary>
[Collection(RosterCollection.Name)]
public sealed class PublishWeekTests(CareOpsApp app)
{
    [Fact]
    public async Task Publish_Draft_WritesOneVisitRowPerRosterVisitAndTellsEachCaregiver()
    {
        var agency = await app.AgencyIdAsync("R8");
        var week = NextWeek.AddDays(21);
        await app.OptimizeAsync(agency, week);
        var events = new RecordingEvents();
        var publisher = app.Publisher(agency, app.Dispatcher(agency), events);
        var preview = (await publisher.PreviewAsync(week)).Value!;

        var outcome = await publisher.ExecuteAsync(week, preview.Version);

        Assert.True(outcome.Succeeded, string.Join(", ", outcome.Problems.Select(p => p.Key)));
        var draft = RosterJson.ReadRoster((await app.WeekAsync(agency, week)).DraftJson!);
        Assert.Equal((draft.VisitCount, 0, 0), (preview.Added, preview.Moved, preview.Removed));
        await using var db = app.Database(agency);
        var visits = await VisitsAsync(db, week);
        Assert.Equal(draft.VisitCount, visits.Count);
        Assert.All(visits, v => Assert.Equal(VisitStatus.Planned, v.Status));
        var expected = draft.Days.SelectMany(d => d.Visits.Select(v => (d.CaregiverId, d.Date, v.ClientId, v.Start))).Order().ToList();
        var actual = visits.Select(v => (v.CaregiverId.ToString("N"), v.Date, v.ClientId.ToString("N"), v.PlannedStart.Hour * 60 + v.PlannedStart.Minute)).Order().ToList();
        Assert.Equal(expected, actual);

        var version = await db.RosterVersions.SingleAsync(v => v.WeekStart == week);
        Assert.Equal((1, draft.VisitCount), (version.Number, version.Kpis.Scheduled));
        var told = Assert.Single(events.Published);
        Assert.Equal(visits.Select(v => v.CaregiverId).Distinct().Order(), told.Caregivers.Order());
    }

    [Fact]
    public async Task Publish_SameDraftAgain_KeepsEveryVisitIdAndAddsAVersion()
    {
        var agency = await app.AgencyIdAsync("R7");
        var week = NextWeek.AddDays(28);
        await app.OptimizeAsync(agency, week);
        await PublishAsync(agency, week);
        await using var db = app.Database(agency);
        var firstIds = (await VisitsAsync(db, week)).Select(v => v.Id).Order().ToList();

        var second = await PublishAsync(agency, week);

        Assert.Equal((0, 0, 0), (second.Added, second.Moved, second.Removed));
        Assert.Equal(firstIds, (await VisitsAsync(db, week)).Select(v => v.Id).Order().ToList());
        Assert.Equal([1, 2], await db.RosterVersions.Where(v => v.WeekStart == week).Select(v => v.Number).OrderBy(n => n).ToListAsync());
    }

    [Fact]
    public async Task Publish_VisitGoneFromTheDraft_IsCancelledNotDeleted_AndStartedVisitsStay()
    {
        var agency = await app.AgencyIdAsync("R6");
        var week = NextWeek.AddDays(35);
        await app.OptimizeAsync(agency, week);
        await PublishAsync(agency, week);

        await using var db = app.Database(agency);
        var rosterWeek = await db.RosterWeeks.SingleAsync(w => w.WeekStart == week);
        var roster = RosterJson.ReadRoster(rosterWeek.DraftJson!);
        var busy = roster.Days.First(d => d.Visits.Count >= 2);
        var dropped = busy.Visits[0];
        var kept = busy.Visits[1];

        // A visit of the same week already checked in: history, whatever the draft says.
        var started = (await VisitsAsync(db, week)).First(v => v.ClientId.ToString("N") == kept.ClientId && v.Date == busy.Date);
        started.Status = VisitStatus.CheckedIn;

        // The dispatcher's draft loses one visit (as a manual removal or a repair would).
        var edited = roster with { Days = [.. roster.Days.Select(d => d == busy ? d with { Visits = [.. d.Visits.Skip(1)] } : d)] };
        rosterWeek.DraftJson = RosterJson.WriteRoster(edited);
        rosterWeek.Version++;
        await db.SaveChangesAsync();

        var third = await PublishAsync(agency, week);

        Assert.Equal((0, 0, 1), (third.Added, third.Moved, third.Removed));
        db.ChangeTracker.Clear();
        var row = await db.Visits.SingleAsync(v => v.ClientId == Guid.ParseExact(dropped.ClientId, "N") && v.Date == busy.Date && v.PlannedStart == new TimeOnly(dropped.Start / 60, dropped.Start % 60)
            && v.CaregiverId == Guid.ParseExact(busy.CaregiverId, "N"));
        Assert.Equal(VisitStatus.Cancelled, row.Status);
        Assert.Equal(VisitStatus.CheckedIn, (await db.Visits.SingleAsync(v => v.Id == started.Id)).Status);
    }

    [Fact]
    public async Task Publish_CarePlanChangedSinceTheDraft_IsRefusedAsStale_NothingWritten()
    {
        var agency = await app.AgencyIdAsync("R5");
        var week = NextWeek.AddDays(42);
        await app.OptimizeAsync(agency, week);
        var preview = (await app.Publisher(agency, app.Dispatcher(agency)).PreviewAsync(week)).Value!;
        Assert.False(preview.Stale);
        await using (var db = app.Database(agency))
        {
            var plan = await db.CarePlans.OrderBy(p => p.Id).FirstAsync();
            plan.MinutesPerVisit += 15;
            await db.SaveChangesAsync();
        }

        var outcome = await app.Publisher(agency, app.Dispatcher(agency)).ExecuteAsync(week, preview.Version);

        Assert.Equal("Roster.DraftStale", Assert.Single(outcome.Problems).Key);
        Assert.True((await app.Publisher(agency, app.Dispatcher(agency)).PreviewAsync(week)).Value!.Stale);
        await using var check = app.Database(agency);
        Assert.Empty(await VisitsAsync(check, week));
        Assert.Equal(0, (await app.WeekAsync(agency, week)).PublishedNumber);
    }

    [Fact]
    public async Task Publish_WithAnOutdatedPreview_IsRefused()
    {
        var agency = await app.AgencyIdAsync("R4");
        var week = NextWeek.AddDays(49);
        await app.OptimizeAsync(agency, week);
        var preview = (await app.Publisher(agency, app.Dispatcher(agency)).PreviewAsync(week)).Value!;
        await using (var db = app.Database(agency))
        {
            // Another dispatcher changed the week after this preview was made.
            var w = await db.RosterWeeks.SingleAsync(x => x.WeekStart == week);
            w.Version++;
            await db.SaveChangesAsync();
        }

        var outcome = await app.Publisher(agency, app.Dispatcher(agency)).ExecuteAsync(week, preview.Version);

        Assert.Equal("Roster.WeekChanged", Assert.Single(outcome.Problems).Key);
    }

    [Fact]
    public async Task Publish_WeekWithoutDraft_IsRefused()
    {
        var agency = await app.AgencyIdAsync("R2");

        var outcome = await app.Publisher(agency, app.Dispatcher(agency)).PreviewAsync(NextWeek.AddDays(70));

        Assert.Equal("Roster.NoDraft", Assert.Single(outcome.Problems).Key);
    }

    private async Task<PublishPreview> PublishAsync(Guid agency, DateOnly week)
    {
        var publisher = app.Publisher(agency, app.Dispatcher(agency));
        var preview = (await publisher.PreviewAsync(week)).Value!;
        var outcome = await publisher.ExecuteAsync(week, preview.Version);
        Assert.True(outcome.Succeeded, string.Join(", ", outcome.Problems.Select(p => p.Key)));
        return outcome.Value!;
    }

    private static Task<List<Visit>> VisitsAsync(CareOps.Data.CareOpsDb db, DateOnly week) =>
        db.Visits.Where(v => v.Date >= week && v.Date <= week.AddDays(6) && v.Status != VisitStatus.Cancelled).ToListAsync();
}
