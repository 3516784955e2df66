using CareOps.Data.Domain;
using CareOps.Data.Rostering;
using CareOps.Scheduling.Roster;
using CareOps.Web.Features.Roster;
using CareOps.Web.Infrastructure;
using CareOps.Web.Tests.Features;
using CareOps.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using static CareOps.Web.Tests.Roster.RosterTestKit;

namespace CareOps.Web.Tests.Roster;

/// <summary>
/// Manual edits of a draft: the validator judges a move at once and names each rule it breaks in the user's words;
/// breaking one needs an override with a reason (recorded); undo restores; pins survive a new run; a stale version
/// is refused.
/// </summary>
[Collection(RosterCollection.Name)]
public sealed class EditWeekTests(CareOpsApp app)
{
    private static readonly DateOnly Week = NextWeek.AddDays(56);

    private EditWeek Editor(Guid agency, Caller? caller = null) =>
        new(app.FactoryFor(agency), caller ?? app.Dispatcher(agency), app.Clock, new RecordingEvents(), app.Services.GetRequiredService<IMemoryCache>());

    [Fact]
    public async Task Move_BeforeTheShiftStarts_IsNamedRefusedThenOverriddenWithAReasonThenUndone()
    {
        var (agency, visit) = await DraftAsync("R5", Week);
        var editor = Editor(agency);
        var early = new MoveTarget(visit.CaregiverId, visit.Date, new TimeOnly(6, 0));

        var check = await editor.CheckMoveAsync(Week, visit, early);

        Assert.True(check.Succeeded);
        var keys = check.Value!.Violations.Select(v => v.Key).ToList();
        Assert.Contains("Violation.ShiftWindow", keys);
        Assert.Contains("Violation.ClientWindow", keys);
        var before = await app.WeekAsync(agency, Week);

        var refused = await editor.MoveAsync(Week, visit, early, before.Version, overrideRules: false, reason: null);
        Assert.Equal("Roster.MoveBreaksRules", refused.Problems[0].Key);
        var noReason = await editor.MoveAsync(Week, visit, early, before.Version, overrideRules: true, reason: "  ");
        Assert.Equal("Roster.OverrideNeedsReason", Assert.Single(noReason.Problems).Key);
        Assert.Equal(before.DraftJson, (await app.WeekAsync(agency, Week)).DraftJson);

        var overridden = await editor.MoveAsync(Week, visit, early, before.Version, overrideRules: true, reason: "家属只在早上六点在家");

        Assert.True(overridden.Succeeded);
        var after = await app.WeekAsync(agency, Week);
        Assert.Equal(before.Version + 1, after.Version);
        var moved = RosterJson.ReadRoster(after.DraftJson!).Days.Single(d => d.CaregiverId == visit.CaregiverId && d.Date == visit.Date).Visits.Single(v => v.ClientId == visit.ClientId);
        Assert.Equal(6 * 60, moved.Start);
        await using (var db = app.Database(agency))
        {
            var entry = await db.RosterAudit.Where(a => a.WeekStart == Week && a.Action == RosterAction.MoveOverridden).SingleAsync();
            Assert.Equal("家属只在早上六点在家", entry.Reason);
            Assert.Contains("ShiftWindow", entry.Detail, StringComparison.Ordinal);
        }

        Assert.Empty(await editor.UndoAsync(Week, after.Version));
        var undone = await app.WeekAsync(agency, Week);
        Assert.Equal(before.DraftJson, undone.DraftJson);
        Assert.Equal(before.DraftKpis.TravelMinutes, undone.DraftKpis.TravelMinutes);
        Assert.Equal("Roster.NothingToUndo", Assert.Single(await editor.UndoAsync(Week, undone.Version)).Key);
    }

    [Fact]
    public async Task Move_WithinTheDayToTheBestPlace_BreaksNothingAndIsSaved()
    {
        var week = Week.AddDays(7);
        var (agency, visit) = await DraftAsync("R5", week);
        var editor = Editor(agency);
        var version = (await app.WeekAsync(agency, week)).Version;

        var moved = await editor.MoveAsync(week, visit, new MoveTarget(visit.CaregiverId, visit.Date, null), version, overrideRules: false, reason: null);

        Assert.True(moved.Succeeded, string.Join(", ", moved.Problems.Select(p => p.Key)));
        Assert.True(moved.Value!.Clean);
        Assert.Equal(version + 1, (await app.WeekAsync(agency, week)).Version);
    }

    [Fact]
    public async Task Move_NursingClientToABasicCaregiver_NamesTheSkill_InChinese()
    {
        var week = Week.AddDays(14);
        var agency = await app.AgencyIdAsync("R5");
        await app.OptimizeAsync(agency, week);
        await using var db = app.Database(agency);
        var problem = RosterProblemBuilder.Build(await RosterProblemBuilder.LoadAsync(db, agency, week));
        var draft = RosterJson.ReadRoster((await app.WeekAsync(agency, week)).DraftJson!);
        var nursing = problem.Clients.Where(c => c.RequiredSkill == CareSkill.Nursing).Select(c => c.Id).ToHashSet();
        var day = draft.Days.First(d => d.Visits.Any(v => nursing.Contains(v.ClientId)));
        var client = day.Visits.First(v => nursing.Contains(v.ClientId)).ClientId;
        var basic = problem.Caregivers.First(c => c.Skill == CareSkill.Basic && c.Works(day.Date));

        var check = await Editor(agency).CheckMoveAsync(week, new DraftVisit(client, day.CaregiverId, day.Date), new MoveTarget(basic.Id, day.Date, null));

        var skill = Assert.Single(check.Value!.Violations, v => v.Key == "Violation.Skill");
        var text = app.Services.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<CareOps.Web.Resources.SharedResource>>();
        System.Globalization.CultureInfo.CurrentUICulture = new System.Globalization.CultureInfo("zh-CN");
        Assert.Equal($"{basic.Name} 没有 {problem.Clients.Single(c => c.Id == client).Name} 需要的护理技能。", skill.Localize(text));
    }

    [Fact]
    public async Task Move_WithAnOutdatedVersion_IsRefused_NothingSaved()
    {
        var week = Week.AddDays(21);
        var (agency, visit) = await DraftAsync("R5", week);
        var current = await app.WeekAsync(agency, week);

        var outcome = await Editor(agency).MoveAsync(week, visit, new MoveTarget(visit.CaregiverId, visit.Date, null), current.Version - 1, false, null);

        Assert.Equal("Roster.WeekChanged", Assert.Single(outcome.Problems).Key);
        Assert.Equal(current.DraftJson, (await app.WeekAsync(agency, week)).DraftJson);
    }

    [Fact]
    public async Task Pin_ThenOptimizeAgain_ThePinnedVisitStaysWithItsCaregiver()
    {
        var week = Week.AddDays(28);
        var (agency, visit) = await DraftAsync("R5", week);
        Assert.Empty(await Editor(agency).PinAsync(week, visit, pin: true, (await app.WeekAsync(agency, week)).Version));
        var pinned = await app.WeekAsync(agency, week);
        Assert.Single(RosterPin.Read(pinned.PinsJson));
        Assert.Equal(pinned.DraftBasis, await BasisAsync(agency, week));

        await app.OptimizeAsync(agency, week, work: 4000);

        var draft = RosterJson.ReadRoster((await app.WeekAsync(agency, week)).DraftJson!);
        Assert.Contains(draft.Days, d => d.CaregiverId == visit.CaregiverId && d.Date == visit.Date && d.Visits.Any(v => v.ClientId == visit.ClientId));
    }

    [Theory]
    [MemberData(nameof(RosterAuthorizationTests.NotDispatching), MemberType = typeof(RosterAuthorizationTests))]
    public async Task Edits_WrongCaller_AreRefused(string who)
    {
        var agency = await app.AgencyIdAsync("R1");
        var other = await app.AgencyIdAsync("R2");
        var caller = who switch
        {
            "Caregiver" => app.As(Roles.Caregiver, agency),
            "Finance" => app.Finance(agency),
            "Operator" => app.Operator(),
            "OtherAgencyDispatcher" => app.Dispatcher(other),
            _ => app.Anonymous(),
        };
        var editor = Editor(agency, caller);
        var visit = new DraftVisit("x", "y", NextWeek);
        var expected = who switch { "Anonymous" => "Error.SignedOut", "OtherAgencyDispatcher" => "Error.OtherAgency", _ => "Error.NotAllowed" };

        Assert.Equal(expected, Assert.Single((await editor.CheckMoveAsync(NextWeek, visit, new MoveTarget("y", NextWeek, null))).Problems).Key);
        Assert.Equal(expected, Assert.Single((await editor.MoveAsync(NextWeek, visit, new MoveTarget("y", NextWeek, null), 1, true, "x")).Problems).Key);
        Assert.Equal(expected, Assert.Single(await editor.PinAsync(NextWeek, visit, true, 1)).Key);
        Assert.Equal(expected, Assert.Single(await editor.UndoAsync(NextWeek, 1)).Key);
    }

    /// <summary>Optimizes a week and returns some visit of the draft.</summary>
    private async Task<(Guid Agency, DraftVisit Visit)> DraftAsync(string code, DateOnly week)
    {
        var agency = await app.AgencyIdAsync(code);
        await app.OptimizeAsync(agency, week);
        var draft = RosterJson.ReadRoster((await app.WeekAsync(agency, week)).DraftJson!);
        var day = draft.Days.First(d => d.Visits.Count >= 2);
        return (agency, new DraftVisit(day.Visits[1].ClientId, day.CaregiverId, day.Date));
    }

    private async Task<string> BasisAsync(Guid agency, DateOnly week)
    {
        await using var db = app.Database(agency);
        return RosterProblemBuilder.Fingerprint(RosterProblemBuilder.Build(await RosterProblemBuilder.LoadAsync(db, agency, week)));
    }
}
