using CareOps.Data.Domain;
using CareOps.Scheduling.Roster;
using CareOps.Scheduling.Travel;
using CareOps.Web.Features.Roster;
using CareOps.Web.Tests.Features;
using CareOps.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static CareOps.Web.Tests.Roster.RosterTestKit;

namespace CareOps.Web.Tests.Roster;

/// <summary>
/// Disruptions of a published week: detected against the problem it was published on, repaired by the solver's repair
/// (the visits they do not touch stay), then published as a diff that cancels or moves only what had to change.
/// </summary>
[Collection(RosterCollection.Name)]
public sealed class RepairWeekTests(CareOpsApp app)
{
    private RepairWeek Repairer(Guid agency) => new(app.FactoryFor(agency), app.Dispatcher(agency), app.Clock, new RecordingEvents());

    [Fact]
    public async Task CaregiverAwayTwoDays_IsShown_Repaired_AndPublishedAsASmallDiff()
    {
        var week = NextWeek.AddDays(91);
        var agency = await app.AgencyIdAsync("R8");
        await PublishedAsync(agency, week);
        var published = RosterJson.ReadRoster((await app.WeekAsync(agency, week)).DraftJson!);
        var busiest = published.Days.GroupBy(d => d.CaregiverId).OrderByDescending(g => g.Count()).First();
        var away = busiest.Select(d => d.Date).Order().Take(2).ToList();
        await using (var db = app.Database(agency))
        {
            var caregiver = await db.Caregivers.SingleAsync(c => c.Id == Guid.ParseExact(busiest.Key, "N"));
            caregiver.Absences.Add(new CaregiverAbsence { Kind = AbsenceKind.Sick, From = away[0], To = away[1], Note = "发烧" });
            await db.SaveChangesAsync();
        }

        var check = await Repairer(agency).CheckAsync(week);

        var line = Assert.Single(check.Value!.Lines);
        Assert.Equal("Disruption.CaregiverAway", line.Key);
        Assert.Equal($"{away[0]:MM-dd}、{away[1]:MM-dd}", line.Args[1]);

        var repaired = await Repairer(agency).ExecuteAsync(week, (await app.WeekAsync(agency, week)).Version);

        Assert.True(repaired.Succeeded, string.Join(", ", repaired.Problems.Select(p => p.Key)));
        Assert.Empty(repaired.Value!.StillBroken);
        var draft = RosterJson.ReadRoster((await app.WeekAsync(agency, week)).DraftJson!);
        Assert.DoesNotContain(draft.Days, d => d.CaregiverId == busiest.Key && away.Contains(d.Date));

        // Every visit of a day the absence did not touch is exactly where it was.
        var untouched = published.Days.Where(d => !(d.CaregiverId == busiest.Key && away.Contains(d.Date))).SelectMany(d => d.Visits.Select(v => (d.CaregiverId, d.Date, v.ClientId))).ToHashSet();
        var kept = draft.Days.SelectMany(d => d.Visits.Select(v => (d.CaregiverId, d.Date, v.ClientId))).Count(untouched.Contains);
        Assert.True(kept >= untouched.Count - 5, $"{untouched.Count - kept} unaffected visits moved");

        await using var check2 = app.Database(agency);
        var before = await check2.Visits.Where(v => v.Date >= week && v.Date <= week.AddDays(6) && v.Status != VisitStatus.Cancelled).Select(v => v.Id).ToListAsync();
        var publish = app.Publisher(agency, app.Dispatcher(agency));
        var preview = (await publish.PreviewAsync(week)).Value!;
        Assert.False(preview.Stale);
        Assert.True(preview.Moved + preview.Removed > 0);
        Assert.True((await publish.ExecuteAsync(week, preview.Version)).Succeeded);
        Assert.Null((await Repairer(agency).CheckAsync(week)).Value);
        var lost = await check2.Visits.Where(v => v.CaregiverId == Guid.ParseExact(busiest.Key, "N") && away.Contains(v.Date) && v.Status != VisitStatus.Cancelled).CountAsync();
        Assert.Equal(0, lost);
        var after = await check2.Visits.Where(v => v.Date >= week && v.Date <= week.AddDays(6)).Select(v => v.Id).ToListAsync();
        Assert.All(before, id => Assert.Contains(id, after)); // cancelled, never deleted
    }

    [Fact]
    public async Task ClientDiesBeforeTheWeek_HerVisitsAreCancelledOnPublish()
    {
        var week = NextWeek.AddDays(98);
        var agency = await app.AgencyIdAsync("R3");
        await PublishedAsync(agency, week);
        Guid client;
        await using (var db = app.Database(agency))
        {
            client = await db.Visits.Where(v => v.Date >= week && v.Date <= week.AddDays(6)).OrderBy(v => v.Id).Select(v => v.ClientId).FirstAsync();
            var c = await db.Clients.Include(x => x.StatusPeriods).SingleAsync(x => x.Id == client);
            foreach (var p in c.StatusPeriods.Where(p => p.To is null))
            {
                p.To = week.AddDays(-2);
            }

            c.StatusPeriods.Add(new StatusPeriod { Status = ClientStatus.Deceased, From = week.AddDays(-1) });
            await db.SaveChangesAsync();
        }

        var check = await Repairer(agency).CheckAsync(week);
        Assert.Contains(check.Value!.Lines, l => l.Key == "Disruption.ClientGone");
        Assert.True((await Repairer(agency).ExecuteAsync(week, (await app.WeekAsync(agency, week)).Version)).Succeeded);
        var publish = app.Publisher(agency, app.Dispatcher(agency));
        var preview = (await publish.PreviewAsync(week)).Value!;
        Assert.True((await publish.ExecuteAsync(week, preview.Version)).Succeeded);

        await using var after = app.Database(agency);
        var hers = await after.Visits.Where(v => v.ClientId == client && v.Date >= week && v.Date <= week.AddDays(6)).ToListAsync();
        Assert.NotEmpty(hers);
        Assert.All(hers, v => Assert.Equal(VisitStatus.Cancelled, v.Status));
    }

    [Fact]
    public async Task TyphoonSuspendsEveryLineForTwoDays_RepairedRosterSailsOnNone()
    {
        var week = NextWeek.AddDays(105);
        var agency = await app.AgencyIdAsync("R5");
        await PublishedAsync(agency, week);
        var stormDays = new[] { week.AddDays(1), week.AddDays(2) };
        await using (var db = app.Database(null))
        {
            foreach (var line in await db.FerryLines.Include(l => l.Suspensions).ToListAsync())
            {
                line.Suspensions.AddRange(stormDays.Select(d => new FerrySuspension { Date = d, Reason = "台风" }));
            }

            await db.SaveChangesAsync();
        }

        try
        {
            var check = await Repairer(agency).CheckAsync(week);
            Assert.Contains(check.Value!.Lines, l => l.Key == "Disruption.LineSuspended");
            var repaired = await Repairer(agency).ExecuteAsync(week, (await app.WeekAsync(agency, week)).Version);

            Assert.True(repaired.Succeeded);
            Assert.Empty(repaired.Value!.StillBroken);
            var draft = RosterJson.ReadRoster((await app.WeekAsync(agency, week)).DraftJson!);
            Assert.DoesNotContain(draft.Days.Where(d => stormDays.Contains(d.Date)).SelectMany(d => d.Legs), l => l.Kind == LegKind.Ferry);
        }
        finally
        {
            // Geography is shared by every agency: give the other tests their timetable back.
            await using var db = app.Database(null);
            await db.Set<FerrySuspension>().Where(s => s.Reason == "台风").ExecuteDeleteAsync();
        }
    }

    [Fact]
    public async Task NothingChanged_NoBannerAndNothingToRepair()
    {
        var week = NextWeek.AddDays(112);
        var agency = await app.AgencyIdAsync("R6");
        await PublishedAsync(agency, week);

        Assert.Null((await Repairer(agency).CheckAsync(week)).Value);
        var outcome = await Repairer(agency).ExecuteAsync(week, (await app.WeekAsync(agency, week)).Version);
        Assert.Equal("Roster.NothingToRepair", Assert.Single(outcome.Problems).Key);
    }

    private async Task PublishedAsync(Guid agency, DateOnly week)
    {
        await app.OptimizeAsync(agency, week);
        var publisher = app.Publisher(agency, app.Dispatcher(agency));
        var preview = (await publisher.PreviewAsync(week)).Value!;
        Assert.True((await publisher.ExecuteAsync(week, preview.Version)).Succeeded);
    }
}
