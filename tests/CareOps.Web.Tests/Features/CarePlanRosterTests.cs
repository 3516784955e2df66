using CareOps.Data.Domain;
using CareOps.Data.Rostering;
using CareOps.Scheduling.Roster;
using CareOps.Web.Features.Caregivers;
using CareOps.Web.Features.Clients;
using CareOps.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CareOps.Web.Tests.Features;

/// <summary>What the office saves is what the optimizer reads: plans and absences through <see cref="RosterProblemBuilder"/>.</summary>
[Collection(EditingCollection.Name)]
public sealed class CarePlanRosterTests(CareOpsApp app)
{
    private static readonly DateOnly Monday = new(2026, 11, 30);

    private async Task<RosterProblem> ProblemAsync(Guid agency)
    {
        await using var db = app.Database(agency);
        return RosterProblemBuilder.Build(await RosterProblemBuilder.LoadAsync(db, agency, Monday));
    }

    [Fact]
    public async Task SavedPlanAndAbsence_ReachTheWeeksRosterProblem()
    {
        var agency = await app.AgencyIdAsync(CarePlanClients.Agency);
        var (client, plan) = await CarePlanClients.WithOneOpenPlanAsync(app, agency, 10);
        await using var db = app.Database(agency);
        var caregivers = await db.Caregivers.Where(c => c.IsActive).OrderBy(c => c.Code).Select(c => c.Id).Take(2).ToListAsync();
        var (excluded, absent) = (caregivers[0], caregivers[1]);
        var form = CarePlanForm.Following(plan);
        form.VisitsPerWeek = 2;
        form.AllowedDays = WeekDays.Tuesday | WeekDays.Thursday | WeekDays.Saturday;
        (form.WindowStart, form.WindowEnd, form.PreferredStart, form.PreferredEnd) = (new TimeSpan(9, 0, 0), new TimeSpan(12, 0, 0), null, null);
        form.DayWindows = [new DayWindowForm { Day = DayOfWeek.Saturday, Start = new TimeSpan(8, 0, 0), End = new TimeSpan(10, 0, 0) }];
        form.MinutesPerVisit = 60;
        (form.PreferredCaregivers, form.ExcludedCaregivers) = ([], [excluded]);
        form.EffectiveFrom = Monday.ToDateTime(TimeOnly.MinValue);

        Assert.Empty(await new SaveCarePlan(app.FactoryFor(agency), app.Clock, app.Dispatcher(agency)).ExecuteAsync(client, null, form));
        var before = await ProblemAsync(agency);
        Assert.Empty(await new RecordAbsence(app.FactoryFor(agency), app.Dispatcher(agency))
            .ExecuteAsync(absent, new AbsenceForm { Kind = AbsenceKind.Training, From = new DateTime(2026, 12, 2), To = new DateTime(2026, 12, 3) }));
        var after = await ProblemAsync(agency);

        var visits = before.Clients.Single(c => c.Id == RosterProblemBuilder.IdOf(client));
        Assert.Equal([DayOfWeek.Tuesday, DayOfWeek.Thursday, DayOfWeek.Saturday], visits.AllowedDays.OrderBy(d => ((int)d + 6) % 7));
        Assert.Equal((2, 60), (visits.VisitsPerWeek, visits.MinutesPerVisit));
        Assert.Equal(new DayWindow(9 * 60, 12 * 60), visits.Window);
        Assert.Equal(new DayWindow(8 * 60, 10 * 60), visits.WindowByDay[DayOfWeek.Saturday]);
        Assert.Equal([RosterProblemBuilder.IdOf(excluded)], visits.ExcludedCaregivers);

        var id = RosterProblemBuilder.IdOf(absent);
        var unavailableBefore = before.Caregivers.Single(c => c.Id == id).UnavailableDates;
        var unavailableAfter = after.Caregivers.Single(c => c.Id == id).UnavailableDates;
        Assert.DoesNotContain(new DateOnly(2026, 12, 2), unavailableBefore);
        Assert.Equal(unavailableBefore.Append(new DateOnly(2026, 12, 2)).Append(new DateOnly(2026, 12, 3)).Distinct().Order(), unavailableAfter.Order());
    }
}
