using CareOps.Billing.Payments;
using CareOps.Data.Billing;
using CareOps.Data.Domain;
using CareOps.Web.Features.Billing;
using CareOps.Web.Features.Caregivers;
using CareOps.Web.Features.Clients;
using CareOps.Web.Features.Geography;
using CareOps.Web.Infrastructure;
using CareOps.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CareOps.Web.Tests.Features;

/// <summary>
/// Every use case that writes checks the caller itself (role and agency), whatever a page hides: each is called
/// by every wrong kind of caller and refuses with a problem, writing nothing.
/// </summary>
[Collection(EditingCollection.Name)]
public sealed class UseCaseAuthorizationTests(CareOpsApp app)
{
    private const string Home = "R3";
    private const string Other = "R2";

    public static TheoryData<string> NotDispatching => ["Caregiver", "Finance", "Operator", "OtherAgencyDispatcher", "Anonymous"];

    public static TheoryData<string> NotBilling => ["Caregiver", "Dispatcher", "Operator", "OtherAgencyFinance", "Anonymous"];

    public static TheoryData<string> NotOperator => ["AgencyAdmin", "Dispatcher", "Finance", "Caregiver", "Anonymous"];

    private async Task<Caller> CallerAsync(string who)
    {
        var home = await app.AgencyIdAsync(Home);
        var other = await app.AgencyIdAsync(Other);
        return who switch
        {
            "Caregiver" => app.As(Roles.Caregiver, home),
            "Finance" => app.Finance(home),
            "Dispatcher" => app.Dispatcher(home),
            "AgencyAdmin" => app.As(Roles.AgencyAdmin, home),
            "Operator" => app.Operator(),
            "OtherAgencyDispatcher" => app.Dispatcher(other),
            "OtherAgencyFinance" => app.Finance(other),
            "Anonymous" => app.Anonymous(),
            _ => throw new ArgumentOutOfRangeException(nameof(who), who, null),
        };
    }

    private static void AssertRefused(string who, IEnumerable<Problem> problems)
    {
        var expected = who switch
        {
            "Anonymous" => "Error.SignedOut",
            "OtherAgencyDispatcher" or "OtherAgencyFinance" => "Error.OtherAgency",
            _ => "Error.NotAllowed",
        };
        Assert.Equal(expected, Assert.Single(problems).Key);
    }

    private async Task<ClientForm> ClientFormAsync(Guid agency)
    {
        await using var db = app.Database(agency);
        var client = await db.Clients.AsNoTracking().Include(c => c.Coverages).OrderBy(c => c.Name).FirstAsync();
        var form = ClientForm.From(client, CareOpsApp.Today);
        form.Name = "越权改名";
        return form;
    }

    [Theory]
    [MemberData(nameof(NotDispatching))]
    public async Task SaveClient_ByAnyoneButADispatcherOfTheAgency_IsRefusedAndSavesNothing(string who)
    {
        var agency = await app.AgencyIdAsync(Home);
        var save = new SaveClient(app.FactoryFor(agency), app.Clock, await CallerAsync(who));
        await using var db = app.Database(agency);
        var before = await db.Clients.CountAsync();
        var existing = await db.Clients.OrderBy(c => c.Name).Select(c => c.Id).FirstAsync();

        var created = await save.ExecuteAsync(null, await ClientFormAsync(agency));
        var updated = await save.ExecuteAsync(existing, await ClientFormAsync(agency));

        AssertRefused(who, created.Problems);
        AssertRefused(who, updated.Problems);
        Assert.Equal(before, await db.Clients.CountAsync());
        Assert.False(await db.Clients.AnyAsync(c => c.Name == "越权改名"));
    }

    [Theory]
    [MemberData(nameof(NotDispatching))]
    public async Task RecordStatus_ByAnyoneButADispatcherOfTheAgency_IsRefusedAndSavesNothing(string who)
    {
        var agency = await app.AgencyIdAsync(Home);
        await using var db = app.Database(agency);
        var client = await db.Clients.Include(c => c.StatusPeriods).OrderBy(c => c.Name).FirstAsync();

        var problems = await new RecordStatus(app.FactoryFor(agency), await CallerAsync(who))
            .ExecuteAsync(client.Id, new StatusChangeForm { Status = ClientStatus.Deceased, From = new DateTime(2026, 12, 1) });

        AssertRefused(who, problems);
        await using var check = app.Database(agency);
        Assert.Equal(client.StatusPeriods.Count, (await check.Clients.Include(c => c.StatusPeriods).SingleAsync(c => c.Id == client.Id)).StatusPeriods.Count);
    }

    [Theory]
    [MemberData(nameof(NotDispatching))]
    public async Task SaveCaregiver_ByAnyoneButADispatcherOfTheAgency_IsRefusedAndSavesNothing(string who)
    {
        var agency = await app.AgencyIdAsync(Home);
        await using var db = app.Database(agency);
        var caregiver = await db.Caregivers.AsNoTracking().OrderBy(c => c.Code).FirstAsync();
        var form = CaregiverForm.From(caregiver);
        form.Name = "越权改名";

        var problems = await new SaveCaregiver(app.FactoryFor(agency), await CallerAsync(who)).ExecuteAsync(caregiver.Id, form);

        AssertRefused(who, problems);
        Assert.Equal(caregiver.Name, (await db.Caregivers.AsNoTracking().SingleAsync(c => c.Id == caregiver.Id)).Name);
    }

    [Theory]
    [MemberData(nameof(NotDispatching))]
    public async Task SaveCarePlan_ByAnyoneButADispatcherOfTheAgency_IsRefusedAndSavesNothing(string who)
    {
        var agency = await app.AgencyIdAsync(Home);
        await using var db = app.Database(agency);
        var plan = await db.CarePlans.AsNoTracking().OrderBy(p => p.ClientId).FirstAsync();
        var plans = await db.CarePlans.CountAsync();
        var save = new SaveCarePlan(app.FactoryFor(agency), app.Clock, await CallerAsync(who));
        var correction = CarePlanForm.From(plan);
        correction.MinutesPerVisit = plan.MinutesPerVisit + 15;
        var next = CarePlanForm.Following(plan);
        next.EffectiveFrom = new DateTime(2027, 1, 4);

        AssertRefused(who, await save.ExecuteAsync(plan.ClientId, plan.Id, correction));
        AssertRefused(who, await save.ExecuteAsync(plan.ClientId, null, next));

        Assert.Equal(plans, await db.CarePlans.CountAsync());
        var after = await db.CarePlans.AsNoTracking().SingleAsync(p => p.Id == plan.Id);
        Assert.Equal((plan.MinutesPerVisit, plan.EffectiveTo), (after.MinutesPerVisit, after.EffectiveTo));
    }

    [Theory]
    [MemberData(nameof(NotDispatching))]
    public async Task RecordAndRemoveAbsence_ByAnyoneButADispatcherOfTheAgency_AreRefusedAndChangeNothing(string who)
    {
        var agency = await app.AgencyIdAsync(Home);
        await using var db = app.Database(agency);
        var caregiver = await db.Caregivers.OrderBy(c => c.Code).Select(c => c.Id).FirstAsync();

        // One absence stands (recorded by the agency's dispatcher the first time; refused as overlapping after that).
        var standing = new AbsenceForm { Kind = AbsenceKind.Holiday, From = new DateTime(2027, 5, 3), To = new DateTime(2027, 5, 7) };
        await new RecordAbsence(app.FactoryFor(agency), app.Dispatcher(agency)).ExecuteAsync(caregiver, standing);
        var before = (await db.Caregivers.AsNoTracking().SingleAsync(c => c.Id == caregiver)).Absences;
        var caller = await CallerAsync(who);

        AssertRefused(who, await new RecordAbsence(app.FactoryFor(agency), caller)
            .ExecuteAsync(caregiver, new AbsenceForm { Kind = AbsenceKind.Sick, From = new DateTime(2027, 6, 1), To = new DateTime(2027, 6, 2) }));
        AssertRefused(who, await new RemoveAbsence(app.FactoryFor(agency), caller).ExecuteAsync(caregiver, before.Single(a => a.From == new DateOnly(2027, 5, 3)).Id));

        var after = (await db.Caregivers.AsNoTracking().SingleAsync(c => c.Id == caregiver)).Absences;
        Assert.Equal(before.Select(a => (a.Id, a.From, a.To)).Order(), after.Select(a => (a.Id, a.From, a.To)).Order());
    }

    [Theory]
    [MemberData(nameof(NotOperator))]
    public async Task FerryAndPlaceEditing_ByAnyoneButTheOperator_IsRefusedAndChangesNothing(string who)
    {
        var caller = await CallerAsync(who);
        await using var db = app.Database(null);
        var schedule = await db.FerrySchedules.AsNoTracking().Include(s => s.Departures).OrderBy(s => s.Id).FirstAsync();
        var suspension = await db.FerrySuspensions.AsNoTracking().OrderBy(s => s.Id).FirstOrDefaultAsync();
        var place = await db.Places.AsNoTracking().OrderBy(p => p.Id).FirstAsync();
        var region = await db.Regions.AsNoTracking().OrderBy(r => r.Id).FirstAsync();
        var suspensionsBefore = await db.FerrySuspensions.CountAsync();
        var ferries = new FerryEditing(app.FactoryFor(Guid.Empty), app.Clock, caller);
        var places = new PlaceEditing(app.FactoryFor(Guid.Empty), caller);

        AssertRefused(who, await ferries.SaveScheduleAsync(schedule.Id, new FerryScheduleForm { CrossingMinutes = 5, Departures = "03:00", OperatingDays = WeekDays.Every }));
        AssertRefused(who, await ferries.AddSuspensionAsync(schedule.FerryLineId, CareOpsApp.Today.AddDays(40), "越权停航"));
        AssertRefused(who, (await ferries.RemoveSuspensionAsync(suspension?.Id ?? 0)).Problems);
        AssertRefused(who, await ferries.RestoreSuspensionAsync(new FerrySuspension { FerryLineId = schedule.FerryLineId, Date = CareOpsApp.Today.AddDays(41), Reason = "越权" }));
        AssertRefused(who, await places.SaveAsync(place.Id, "越权改名", place.Latitude, place.Longitude));
        AssertRefused(who, await places.RenameRegionAsync(region.Id, "越权改名"));

        var after = await db.FerrySchedules.AsNoTracking().Include(s => s.Departures).SingleAsync(s => s.Id == schedule.Id);
        Assert.Equal(schedule.CrossingMinutes, after.CrossingMinutes);
        Assert.Equal(schedule.Departures.Count, after.Departures.Count);
        Assert.Equal(suspensionsBefore, await db.FerrySuspensions.CountAsync());
        Assert.Equal(place.Name, (await db.Places.AsNoTracking().SingleAsync(p => p.Id == place.Id)).Name);
        Assert.Equal(region.Name, (await db.Regions.AsNoTracking().SingleAsync(r => r.Id == region.Id)).Name);
    }

    [Theory]
    [MemberData(nameof(NotOperator))]
    public async Task AddPolicyVersion_ByAnyoneButTheOperator_IsRefusedAndStoresNothing(string who)
    {
        await using var db = app.Database(null);
        var book = await PolicyStore.LoadAsync(db);
        var latest = book.Versions.Where(v => v.City == "beijing").MaxBy(v => v.Version)!;
        var json = AddPolicyVersion.Draft(latest with { Coinsurance = latest.Coinsurance! with { MonthlyCap = 9999m } }, new DateOnly(2028, 1, 10));

        var problems = await new AddPolicyVersion(app.FactoryFor(Guid.Empty), await CallerAsync(who)).ExecuteAsync(json);

        AssertRefused(who, problems);
        Assert.Equal(book.Versions.Count, await db.PolicyVersions.CountAsync());
    }

    [Theory]
    [MemberData(nameof(NotBilling))]
    public async Task CloseMonth_ByAnyoneButFinanceOfTheAgency_IsRefusedAndChangesNothing(string who)
    {
        var agency = await app.AgencyIdAsync(Home);
        var month = new DateOnly(2027, 3, 1);
        var finance = new CloseMonth(app.FactoryFor(agency), app.Clock, app.Finance(agency));
        var draft = (await finance.DraftAsync(month)).Value!;
        var close = new CloseMonth(app.FactoryFor(agency), app.Clock, await CallerAsync(who));
        await using var db = app.Database(agency);
        var batches = await db.ClaimBatches.CountAsync();

        AssertRefused(who, (await close.DraftAsync(new DateOnly(2027, 4, 1))).Problems);
        AssertRefused(who, (await close.ValidateAsync(draft.Id)).Problems);
        AssertRefused(who, (await close.SubmitAsync(draft.Id)).Problems);
        AssertRefused(who, (await close.MarkPaidAsync(draft.Id)).Problems);
        AssertRefused(who, (await close.ApplyResponseAsync(draft.Id, new MemoryStream("line_no,client_id,result\n"u8.ToArray()))).Problems);

        Assert.Equal(batches, await db.ClaimBatches.CountAsync());
        Assert.Equal(CareOps.Billing.Batches.BatchState.Draft, (await finance.LoadAsync(draft.Id))!.State);
    }

    [Theory]
    [MemberData(nameof(NotBilling))]
    public async Task TopUpsAndCardPayments_ByAnyoneButFinanceOfTheAgency_AreRefusedAndWriteNothing(string who)
    {
        var agency = await app.AgencyIdAsync(Home);
        var caller = await CallerAsync(who);
        await using var db = app.Database(agency);
        var invoices = await db.TopUpInvoices.CountAsync();
        var cards = await db.CardInvoices.CountAsync();

        var billed = await new BillTopUps(app.FactoryFor(agency), caller, app.Clock).ExecuteAsync(new DateOnly(2027, 3, 1));
        var link = await new CreateCardPayment(app.FactoryFor(agency), new StripeSettings { SecretKey = "sk_test_x", WebhookSecret = "whsec_x" }, app.Clock, caller).ExecuteAsync(Guid.NewGuid());

        AssertRefused(who, billed.Problems);
        AssertRefused(who, link.Problems);
        Assert.Equal(invoices, await db.TopUpInvoices.CountAsync());
        Assert.Equal(cards, await db.CardInvoices.CountAsync());
    }

    [Fact]
    public async Task RightCaller_IsAllowed()
    {
        var agency = await app.AgencyIdAsync(Home);

        Assert.Empty(await app.Dispatcher(agency).RequireAsync(Policies.Dispatching, agency));
        Assert.Empty(await app.As(Roles.AgencyAdmin, agency).RequireAsync(Policies.Billing, agency));
        Assert.Empty(await app.Operator().RequireAsync(Policies.GeographyEditor));
    }
}
