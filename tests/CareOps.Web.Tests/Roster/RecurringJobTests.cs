using CareOps.Data.Domain;
using CareOps.Web.Features.Roster;
using CareOps.Web.Infrastructure;
using CareOps.Web.Tests.Infrastructure;
using Hangfire;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CareOps.Web.Tests.Roster;

/// <summary>
/// The recurring jobs on a clock of their own: next week's draft starts at each agency's hour (Thursday 18:00 China
/// time by default) and only once; the daily warnings name expiring certificates and due reassessments, once a day.
/// </summary>
[Collection(RosterCollection.Name)]
public sealed class RecurringJobTests(CareOpsApp app)
{
    private WeeklyDrafts Drafts(TimeProvider clock) => new(app.Services.GetRequiredService<DatabaseInfo>(), clock,
        app.Services.GetRequiredService<IBackgroundJobClient>(), app.Services.GetRequiredService<IAuthorizationService>(), NullLoggerFactory.Instance);

    [Fact]
    public async Task WeeklyDraft_BeforeThursday18China_StartsNothing_After_StartsEachAgencyOnce()
    {
        // Thursday 2027-09-02 (a week no other test plans): 17:59 and 18:01 in Zhoushan are 09:59 and 10:01 UTC.
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 9, 2, 9, 59, 0, TimeSpan.Zero));
        var target = new DateOnly(2027, 9, 6);

        Assert.Empty(await Drafts(clock).RunAsync());
        clock.Advance(TimeSpan.FromMinutes(2));
        var started = await Drafts(clock).RunAsync();
        var again = await Drafts(clock).RunAsync();

        Assert.Equal(8, started.Count);
        Assert.All(started, s => Assert.Equal(target, s.Week));
        Assert.Empty(again);
        await using var db = app.Database(started[0].Agency);
        var run = await db.RosterRuns.SingleAsync(r => r.WeekStart == target);
        Assert.Equal((RosterRunState.Queued, WeeklyDrafts.SystemName), (run.State, run.RequestedBy));
    }

    [Fact]
    public async Task WeeklyDraft_AgencyThatTurnedItOff_OrWeekAlreadyDrafted_IsLeftAlone()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 9, 10, 2, 0, 0, TimeSpan.Zero)); // Friday 10:00 China
        var target = new DateOnly(2027, 9, 13);
        var off = await app.AgencyIdAsync("R2");
        var drafted = await app.AgencyIdAsync("R3");
        await using (var db = app.Database(null))
        {
            (await db.Agencies.SingleAsync(a => a.Id == off)).AutoDraftDay = null;
            await db.SaveChangesAsync();
        }

        await using (var db = app.Database(drafted))
        {
            db.RosterWeeks.Add(new RosterWeek { WeekStart = target, DraftJson = "{}" });
            await db.SaveChangesAsync();
        }

        try
        {
            var started = await Drafts(clock).RunAsync();

            Assert.Equal(6, started.Count);
            Assert.DoesNotContain(started, s => s.Agency == off || s.Agency == drafted);
        }
        finally
        {
            await using var db = app.Database(null);
            (await db.Agencies.SingleAsync(a => a.Id == off)).AutoDraftDay = DayOfWeek.Thursday;
            await db.SaveChangesAsync();
        }
    }

    [Fact]
    public async Task Warnings_NameExpiringCertificatesAndDueReassessments_OnceADay()
    {
        var warnings = new DispatchWarnings(app.Services.GetRequiredService<DatabaseInfo>(), app.Clock);
        var agency = await app.AgencyIdAsync("R1");
        await using var db = app.Database(agency);
        var expiring = await db.Caregivers.Where(c => c.IsActive).Where(Caregiver.CertificateExpiringExpression(CareOpsApp.Today)).CountAsync();

        var first = await warnings.RunAsync();
        var second = await warnings.RunAsync();

        Assert.True(first > 0);
        Assert.Equal(0, second);
        var notices = await db.DispatchNotices.Where(n => n.Day == CareOpsApp.Today).ToListAsync();
        Assert.Equal(expiring, notices.Count(n => n.Kind == NoticeKind.CertificateExpiring));
        Assert.All(notices.Where(n => n.Kind == NoticeKind.ReassessmentDue), n => Assert.True(n.DueOn <= CareOpsApp.Today.AddDays(DispatchWarnings.ReassessmentWarningDays)));
        Assert.All(notices, n => Assert.Equal(agency, n.AgencyId));
    }

    [Fact]
    public async Task AutoDraftSetting_DispatcherChangesHerAgencysHour_FinanceIsRefused()
    {
        var agency = await app.AgencyIdAsync("R7");
        var database = app.Services.GetRequiredService<DatabaseInfo>();

        var refused = await new AutoDraftSetting(database, CareOps.Web.Tests.Features.Callers.Finance(app, agency)).SaveAsync(new AutoDraft(DayOfWeek.Friday, new TimeOnly(17, 0)));
        var saved = await new AutoDraftSetting(database, CareOps.Web.Tests.Features.Callers.Dispatcher(app, agency)).SaveAsync(new AutoDraft(DayOfWeek.Friday, new TimeOnly(17, 0)));

        Assert.Equal("Error.NotAllowed", Assert.Single(refused).Key);
        Assert.Empty(saved);
        Assert.Equal(new AutoDraft(DayOfWeek.Friday, new TimeOnly(17, 0)), await new AutoDraftSetting(database, CareOps.Web.Tests.Features.Callers.Dispatcher(app, agency)).ReadAsync());
        await new AutoDraftSetting(database, CareOps.Web.Tests.Features.Callers.Dispatcher(app, agency)).SaveAsync(new AutoDraft(DayOfWeek.Thursday, new TimeOnly(18, 0)));
    }
}
