using System.Globalization;
using CareOps.Data.Domain;
using CareOps.Web.Features.Clients;
using CareOps.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CareOps.Web.Tests.Features;

[Collection(EditingCollection.Name)]
public sealed class SaveCarePlanTests(CareOpsApp app)
{
    private static readonly DateOnly NewFrom = new(2026, 12, 7);

    private async Task<(SaveCarePlan Save, Guid Agency, Guid Client, CarePlan Plan)> ArrangeAsync(int index)
    {
        var agency = await app.AgencyIdAsync(CarePlanClients.Agency);
        var (client, plan) = await CarePlanClients.WithOneOpenPlanAsync(app, agency, index);
        return (new SaveCarePlan(app.FactoryFor(agency), app.Clock, app.Dispatcher(agency)), agency, client, plan);
    }

    /// <summary>A plan every rule accepts: Mon, Wed, Fri and Sat (Saturday mornings only), 45 minutes twice a week.</summary>
    private async Task<CarePlanForm> ValidFormAsync(Guid agency)
    {
        await using var db = app.Database(agency);
        var codes = await db.CatalogueItems.Where(i => i.Skill == Skill.Basic).OrderBy(i => i.Code).Select(i => i.Code).Take(3).ToListAsync();
        var caregivers = await db.Caregivers.Where(c => c.IsActive).OrderBy(c => c.Code).Select(c => c.Id).Take(2).ToListAsync();
        return new CarePlanForm
        {
            VisitsPerWeek = 2,
            MinutesPerVisit = 45,
            AllowedDays = WeekDays.Monday | WeekDays.Wednesday | WeekDays.Friday | WeekDays.Saturday,
            WindowStart = new TimeSpan(9, 0, 0),
            WindowEnd = new TimeSpan(16, 0, 0),
            DayWindows = [new DayWindowForm { Day = DayOfWeek.Saturday, Start = new TimeSpan(8, 0, 0), End = new TimeSpan(11, 0, 0) }],
            PreferredStart = new TimeSpan(9, 30, 0),
            PreferredEnd = new TimeSpan(11, 30, 0),
            RequiredSkill = Skill.Nursing,
            ItemCodes = codes,
            PreferredCaregivers = [caregivers[0]],
            ExcludedCaregivers = [caregivers[1]],
            EffectiveFrom = NewFrom.ToDateTime(TimeOnly.MinValue),
        };
    }

    private async Task<List<CarePlan>> PlansAsync(Guid agency, Guid client)
    {
        await using var db = app.Database(agency);
        return await db.CarePlans.AsNoTracking().Where(p => p.ClientId == client).OrderBy(p => p.EffectiveFrom).ToListAsync();
    }

    /// <summary>Everything saved about a client's plans, to show that a refusal changed none of it.</summary>
    private async Task<List<string>> SnapshotAsync(Guid agency, Guid client) =>
        [.. (await PlansAsync(agency, client)).Select(p => string.Join("|",
            p.Id, p.EffectiveFrom, p.EffectiveTo, p.VisitsPerWeek, p.MinutesPerVisit, p.AllowedDays, p.WindowStart, p.WindowEnd, p.PreferredStart, p.PreferredEnd, p.RequiredSkill,
            string.Join(",", p.Items.Select(i => i.ItemCode).Order()), string.Join(",", p.DayWindows.Select(w => $"{w.Day}{w.Start}{w.End}").Order()),
            string.Join(",", p.Caregivers.Select(c => $"{c.Role}{c.CaregiverId}").Order())))];

    [Fact]
    public async Task Execute_NewPlanFromADate_EndsThePreviousPlanTheDayBeforeAndKeepsWhatItSaid()
    {
        var (save, agency, client, before) = await ArrangeAsync(0);
        var form = await ValidFormAsync(agency);

        var problems = await save.ExecuteAsync(client, null, form);

        Assert.Empty(problems);
        var plans = await PlansAsync(agency, client);
        Assert.Equal(2, plans.Count);
        var (previous, added) = (plans[0], plans[1]);
        Assert.Equal(before.Id, previous.Id);
        Assert.Equal((before.EffectiveFrom, (DateOnly?)NewFrom.AddDays(-1)), (previous.EffectiveFrom, previous.EffectiveTo));
        Assert.Equal((before.VisitsPerWeek, before.MinutesPerVisit, before.AllowedDays), (previous.VisitsPerWeek, previous.MinutesPerVisit, previous.AllowedDays));
        Assert.Equal(before.Items.Select(i => i.ItemCode).Order(), previous.Items.Select(i => i.ItemCode).Order());

        Assert.Equal((agency, before.CareCatalogueId, NewFrom, (DateOnly?)null), (added.AgencyId, added.CareCatalogueId, added.EffectiveFrom, added.EffectiveTo));
        Assert.Equal((2, 45, form.AllowedDays), (added.VisitsPerWeek, added.MinutesPerVisit, added.AllowedDays));
        Assert.Equal((new TimeOnly(9, 0), new TimeOnly(16, 0)), (added.WindowStart, added.WindowEnd));
        Assert.Equal((new TimeOnly(9, 30), new TimeOnly(11, 30)), (added.PreferredStart!.Value, added.PreferredEnd!.Value));
        Assert.Equal((DayOfWeek.Saturday, new TimeOnly(8, 0), new TimeOnly(11, 0)), Assert.Single(added.DayWindows) is var w ? (w.Day, w.Start, w.End) : default);
        Assert.Equal(Skill.Nursing, added.RequiredSkill);
        Assert.Equal(form.ItemCodes.Order(), added.Items.Select(i => i.ItemCode).Order());
        Assert.Equal(form.PreferredCaregivers, added.Caregivers.Where(c => c.Role == PlanCaregiverRole.Preferred).Select(c => c.CaregiverId));
        Assert.Equal(form.ExcludedCaregivers, added.Caregivers.Where(c => c.Role == PlanCaregiverRole.Excluded).Select(c => c.CaregiverId));
    }

    [Fact]
    public async Task Execute_CorrectingTheCurrentPlan_ChangesItInPlace()
    {
        var (save, agency, client, before) = await ArrangeAsync(1);
        var form = CarePlanForm.From(before);
        form.MinutesPerVisit = 75;
        form.RequiredSkill = Skill.Basic;

        Assert.Empty(await save.ExecuteAsync(client, before.Id, form));

        var plan = Assert.Single(await PlansAsync(agency, client));
        Assert.Equal((before.Id, before.EffectiveFrom, 75, Skill.Basic), (plan.Id, plan.EffectiveFrom, plan.MinutesPerVisit, plan.RequiredSkill!.Value));
        Assert.Equal(before.Items.Select(i => i.ItemCode).Order(), plan.Items.Select(i => i.ItemCode).Order());
    }

    [Theory]
    [InlineData("VisitsZero", "VisitsPerWeek", "Error.PlanVisits")]
    [InlineData("VisitsEight", "VisitsPerWeek", "Error.PlanVisits")]
    [InlineData("MinutesTen", "MinutesPerVisit", "Error.PlanMinutes")]
    [InlineData("MinutesFiveHundred", "MinutesPerVisit", "Error.PlanMinutes")]
    [InlineData("NoDays", "AllowedDays", "Error.NoVisitDays")]
    [InlineData("MoreVisitsThanDays", "VisitsPerWeek", "Error.VisitsOverDays")]
    [InlineData("WindowBackwards", "WindowEnd", "Error.WindowEndBeforeStart")]
    [InlineData("WindowMissing", "WindowStart", "Error.Required")]
    [InlineData("VisitLongerThanWindow", "WindowEnd", "Error.VisitOverWindow")]
    [InlineData("VisitLongerThanDayWindow", "DayWindows[0]", "Error.VisitOverDayWindow")]
    [InlineData("DayWindowOnAClosedDay", "DayWindows[0]", "Error.DayWindowNotAllowed")]
    [InlineData("DayWindowTwice", "DayWindows[1]", "Error.DayWindowTwice")]
    [InlineData("DayWindowBackwards", "DayWindows[0]", "Error.WindowEndBeforeStart")]
    [InlineData("PreferredOutsideWindow", "PreferredStart", "Error.PreferredOutside")]
    [InlineData("PreferredHalf", "PreferredEnd", "Error.PreferredHalf")]
    [InlineData("NoItems", "ItemCodes", "Error.PlanNoItems")]
    [InlineData("UnknownItem", "ItemCodes", "Error.UnknownItem")]
    [InlineData("AnotherAgencysCaregiver", "PreferredCaregivers", "Error.CaregiverNotOurs")]
    [InlineData("PreferredAndExcluded", "ExcludedCaregivers", "Error.CaregiverBothWays")]
    [InlineData("NoStart", "EffectiveFrom", "Error.Required")]
    [InlineData("EndBeforeStart", "EffectiveTo", "Error.EndBeforeStart")]
    [InlineData("StartsNoLaterThanThePlanInForce", "EffectiveFrom", "Error.PlanStartsLater")]
    public async Task Execute_ARuleBroken_IsRefusedOnItsFieldAndNothingIsSaved(string rule, string field, string key)
    {
        var (save, agency, client, plan) = await ArrangeAsync(2);
        var form = await ValidFormAsync(agency);
        var foreignCaregiver = await CarePlanClients.SomeCaregiverOfAsync(app, "R6");
        Break(rule, form, plan, foreignCaregiver);
        var before = await SnapshotAsync(agency, client);

        var problems = await save.ExecuteAsync(client, null, form);

        Assert.Contains(problems, p => p.Field == field && p.Key == key);
        Assert.Equal(before, await SnapshotAsync(agency, client));
    }

    private static void Break(string rule, CarePlanForm form, CarePlan plan, Guid foreignCaregiver)
    {
        switch (rule)
        {
            case "VisitsZero": form.VisitsPerWeek = 0; break;
            case "VisitsEight": form.VisitsPerWeek = 8; break;
            case "MinutesTen": form.MinutesPerVisit = 10; break;
            case "MinutesFiveHundred": form.MinutesPerVisit = 500; break;
            case "NoDays": form.AllowedDays = WeekDays.None; form.DayWindows = []; break;
            case "MoreVisitsThanDays": form.VisitsPerWeek = 7; form.AllowedDays = WeekDays.MondayToFriday; form.DayWindows = []; break;
            case "WindowBackwards": (form.WindowStart, form.WindowEnd) = (new TimeSpan(12, 0, 0), new TimeSpan(9, 0, 0)); break;
            case "WindowMissing": form.WindowStart = null; break;
            case "VisitLongerThanWindow": (form.MinutesPerVisit, form.WindowStart, form.WindowEnd, form.PreferredStart, form.PreferredEnd) = (90, new TimeSpan(9, 0, 0), new TimeSpan(10, 0, 0), null, null); break;
            case "VisitLongerThanDayWindow": form.MinutesPerVisit = 90; form.DayWindows[0].End = new TimeSpan(9, 0, 0); break;
            case "DayWindowOnAClosedDay": form.DayWindows[0].Day = DayOfWeek.Sunday; break;
            case "DayWindowTwice": form.DayWindows.Add(new DayWindowForm { Day = DayOfWeek.Saturday }); break;
            case "DayWindowBackwards": form.DayWindows[0].End = new TimeSpan(7, 0, 0); break;
            case "PreferredOutsideWindow": form.PreferredStart = new TimeSpan(7, 0, 0); break;
            case "PreferredHalf": form.PreferredEnd = null; break;
            case "NoItems": form.ItemCodes = []; break;
            case "UnknownItem": form.ItemCodes = [.. form.ItemCodes, "ZZ99"]; break;
            case "AnotherAgencysCaregiver": form.PreferredCaregivers = [foreignCaregiver]; break;
            case "PreferredAndExcluded": form.ExcludedCaregivers = form.PreferredCaregivers; break;
            case "NoStart": form.EffectiveFrom = null; break;
            case "EndBeforeStart": form.EffectiveTo = form.EffectiveFrom!.Value.AddDays(-1); break;
            case "StartsNoLaterThanThePlanInForce": form.EffectiveFrom = plan.EffectiveFrom.ToDateTime(TimeOnly.MinValue); break;
            default: throw new ArgumentOutOfRangeException(nameof(rule), rule, null);
        }
    }

    [Fact]
    public async Task Execute_VisitTooLongForItsWindow_SaysBothNumbers()
    {
        var (save, agency, client, _) = await ArrangeAsync(2);
        var form = await ValidFormAsync(agency);
        (form.MinutesPerVisit, form.DayWindows, form.PreferredStart, form.PreferredEnd) = (90, [], null, null);
        (form.WindowStart, form.WindowEnd) = (new TimeSpan(9, 0, 0), new TimeSpan(10, 0, 0));
        form.VisitsPerWeek = 7;
        form.AllowedDays = WeekDays.MondayToFriday;

        var problems = await save.ExecuteAsync(client, null, form);

        Assert.Equal(new object[] { 90, 60 }, Assert.Single(problems, p => p.Key == "Error.VisitOverWindow").Args);
        Assert.Equal(new object[] { 7, 5 }, Assert.Single(problems, p => p.Key == "Error.VisitsOverDays").Args);
    }

    [Fact]
    public async Task Execute_CorrectionRunningIntoAnotherPlan_IsRefusedNamingItsDates()
    {
        var (save, agency, client, before) = await ArrangeAsync(3);
        Assert.Empty(await save.ExecuteAsync(client, null, await ValidFormAsync(agency)));
        var added = (await PlansAsync(agency, client)).Single(p => p.Id != before.Id);
        var snapshot = await SnapshotAsync(agency, client);
        var form = CarePlanForm.From(added);
        form.EffectiveFrom = NewFrom.AddDays(-3).ToDateTime(TimeOnly.MinValue);

        var problems = await save.ExecuteAsync(client, added.Id, form);

        var overlap = Assert.Single(problems);
        Assert.Equal(("EffectiveFrom", "Error.PlanOverlaps"), (overlap.Field, overlap.Key));
        Assert.Equal(new object[] { before.EffectiveFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), NewFrom.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) }, overlap.Args);
        Assert.Equal(snapshot, await SnapshotAsync(agency, client));
    }

    [Fact]
    public async Task Execute_CorrectingAPlanThatHasEnded_IsRefused()
    {
        var (save, agency, client, before) = await ArrangeAsync(4);
        var form = await ValidFormAsync(agency);
        form.EffectiveFrom = new DateTime(2026, 11, 1);
        Assert.Empty(await save.ExecuteAsync(client, null, form));
        var snapshot = await SnapshotAsync(agency, client);
        var correction = CarePlanForm.From((await PlansAsync(agency, client)).Single(p => p.Id == before.Id));
        correction.MinutesPerVisit = 30;

        var problems = await save.ExecuteAsync(client, before.Id, correction);

        Assert.Equal("Error.PlanEnded", Assert.Single(problems).Key);
        Assert.Equal(snapshot, await SnapshotAsync(agency, client));
    }

    [Fact]
    public async Task Execute_AnotherAgencysClient_IsRefusedAsGone()
    {
        var (save, agency, _, _) = await ArrangeAsync(5);
        var foreign = await app.AnyClientOfAsync("R6");

        var problems = await save.ExecuteAsync(foreign, null, await ValidFormAsync(agency));

        Assert.Equal("Error.ClientGone", Assert.Single(problems).Key);
        await using var db = app.Database(await app.AgencyIdAsync("R6"));
        Assert.False(await db.CarePlans.AnyAsync(p => p.ClientId == foreign && p.EffectiveFrom == NewFrom));
    }
}

/// <summary>Clients of the plan and roster tests: past the first 20 by name (RecordStatusTests changes some of those).</summary>
internal static class CarePlanClients
{
    public const string Agency = "R7";

    private static readonly DateOnly Seeded = new(2026, 10, 1);

    /// <summary>
    /// The <paramref name="index"/>th client with one plan from before October (the demo's plans are open), active from 30 November
    /// to 6 December, and that plan. Each test takes its own index: what one test saves later (a newer plan) does not move
    /// another's client.
    /// </summary>
    public static async Task<(Guid Client, CarePlan Plan)> WithOneOpenPlanAsync(CareOpsApp app, Guid agency, int index)
    {
        await using var db = app.Database(agency);
        var clients = await db.Clients.AsNoTracking().Include(c => c.StatusPeriods).OrderBy(c => c.Name).ThenBy(c => c.Id).Skip(20).ToListAsync();
        var ids = clients.Select(c => c.Id).ToList();
        var plans = (await db.CarePlans.AsNoTracking().Where(p => ids.Contains(p.ClientId)).ToListAsync()).ToLookup(p => p.ClientId);
        var week = Enumerable.Range(0, 7).Select(d => new DateOnly(2026, 11, 30).AddDays(d)).ToList();
        var client = clients
            .Where(c => plans[c.Id].Count(p => p.EffectiveFrom < Seeded) == 1)
            .Where(c => week.All(d => c.StatusOn(d) == ClientStatus.Active))
            .ElementAt(index);
        return (client.Id, plans[client.Id].Single(p => p.EffectiveFrom < Seeded));
    }

    public static async Task<Guid> SomeCaregiverOfAsync(CareOpsApp app, string agencyCode)
    {
        await using var db = app.Database(await app.AgencyIdAsync(agencyCode));
        return await db.Caregivers.OrderBy(c => c.Code).Select(c => c.Id).FirstAsync();
    }
}
