using CareOps.Data.Domain;
using CareOps.Data.Rostering;
using CareOps.Data.Seeding;
using CareOps.Data.Tests.Infrastructure;
using CareOps.Scheduling.Roster;
using Microsoft.EntityFrameworkCore;

namespace CareOps.Data.Tests.Rostering;

/// <summary>
/// The one mapping from the database to the optimizer's problem: the app (loading rows) and the bench (generating the
/// same demo in memory) get the identical problem, and each care-plan and availability rule reaches the solver.
/// </summary>
public sealed class RosterProblemBuilderTests
{
    private static readonly DateOnly Anchor = new(2026, 11, 24);
    private static readonly DateOnly Monday = new(2026, 11, 30);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task LoadAsync_SeededDemo_GivesTheBenchsProblemForEachAgency(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await DemoArchipelago.SeedAsync(database.Options, DemoArchipelago.DefaultSeed, Anchor, CancellationToken.None);
        var data = DemoArchipelago.Generate(DemoArchipelago.DefaultSeed, Anchor);
        var skills = ReferenceDataSeeder.LoadZhoushanCatalogueItems().ToDictionary(i => i.Code, i => i.Skill, StringComparer.Ordinal);

        foreach (var code in new[] { "R5", "R6" })
        {
            var agency = data.Agencies.Single(a => a.Code == code);
            var generated = RosterProblemBuilder.Build(new RosterInputs(Monday, [agency], data.Places, data.FerryLines, skills,
                [.. data.Clients.Where(c => c.AgencyId == agency.Id)], [.. data.CarePlans.Where(p => p.AgencyId == agency.Id)],
                [.. data.Caregivers.Where(c => c.AgencyId == agency.Id)]));

            await using var db = database.Context(agency.Id);
            var loaded = RosterProblemBuilder.Build(await RosterProblemBuilder.LoadAsync(db, agency.Id, Monday));

            Assert.NotEmpty(loaded.Clients);
            Assert.NotEmpty(loaded.Caregivers);
            Assert.Equal(RosterJson.WriteProblem(generated), RosterJson.WriteProblem(loaded));
            Assert.Equal(RosterProblemBuilder.Fingerprint(generated), RosterProblemBuilder.Fingerprint(loaded));
        }
    }

    [Fact]
    public void Build_CarePlanRules_ReachTheSolver()
    {
        var (inputs, client, plan, nurse, aide) = Small();
        plan.AllowedDays = WeekDays.Monday | WeekDays.Wednesday | WeekDays.Friday;
        plan.WindowStart = new TimeOnly(9, 0);
        plan.WindowEnd = new TimeOnly(15, 0);
        plan.DayWindows.Add(new PlanDayWindow { Day = DayOfWeek.Friday, Start = new TimeOnly(8, 0), End = new TimeOnly(11, 0) });
        plan.PreferredStart = new TimeOnly(9, 30);
        plan.PreferredEnd = new TimeOnly(11, 30);
        plan.Caregivers.Add(new PlanCaregiver { CaregiverId = aide.Id, Role = PlanCaregiverRole.Excluded });
        plan.Caregivers.Add(new PlanCaregiver { CaregiverId = nurse.Id, Role = PlanCaregiverRole.Preferred });
        plan.Items.Add(new PlanItem { ItemCode = "N1" });

        var problem = RosterProblemBuilder.Build(inputs);

        var mapped = Assert.Single(problem.Clients);
        Assert.Equal(RosterProblemBuilder.IdOf(client.Id), mapped.Id);
        Assert.Equal([DayOfWeek.Monday, DayOfWeek.Wednesday, DayOfWeek.Friday], mapped.AllowedDays.Order());
        Assert.Equal(new DayWindow(9 * 60, 15 * 60), mapped.WindowOn(DayOfWeek.Monday));
        Assert.Equal(new DayWindow(8 * 60, 11 * 60), mapped.WindowOn(DayOfWeek.Friday));
        Assert.Equal(new DayWindow(9 * 60 + 30, 11 * 60 + 30), mapped.PreferredWindow);
        Assert.Equal(CareSkill.Nursing, mapped.RequiredSkill);
        Assert.Equal([RosterProblemBuilder.IdOf(aide.Id)], mapped.ExcludedCaregivers);
        Assert.Equal([RosterProblemBuilder.IdOf(nurse.Id)], mapped.PreferredCaregivers);
        Assert.Equal(3, mapped.VisitsPerWeek);
        Assert.Equal(60, mapped.MinutesPerVisit);
    }

    [Fact]
    public void Build_ClientInHospitalMidWeek_VisitsOnlyOnActiveDays()
    {
        var (inputs, client, _, _, _) = Small();
        client.StatusPeriods.Clear();
        client.StatusPeriods.Add(new StatusPeriod { Status = ClientStatus.Active, From = new DateOnly(2026, 1, 1), To = Monday.AddDays(1) });
        client.StatusPeriods.Add(new StatusPeriod { Status = ClientStatus.InHospital, From = Monday.AddDays(2), To = Monday.AddDays(4) });
        client.StatusPeriods.Add(new StatusPeriod { Status = ClientStatus.Active, From = Monday.AddDays(5) });

        var mapped = Assert.Single(RosterProblemBuilder.Build(inputs).Clients);

        Assert.Equal([DayOfWeek.Sunday, DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Saturday], mapped.AllowedDays.Order());
    }

    [Fact]
    public void Build_ClientDeceasedBeforeTheWeek_HasNoVisits()
    {
        var (inputs, client, _, _, _) = Small();
        client.StatusPeriods.Clear();
        client.StatusPeriods.Add(new StatusPeriod { Status = ClientStatus.Active, From = new DateOnly(2026, 1, 1), To = Monday.AddDays(-3) });
        client.StatusPeriods.Add(new StatusPeriod { Status = ClientStatus.Deceased, From = Monday.AddDays(-2) });

        Assert.Empty(RosterProblemBuilder.Build(inputs).Clients);
    }

    [Fact]
    public void Build_AbsenceAndLapsingCertificate_MakeThoseDaysUnavailable()
    {
        var (inputs, _, _, nurse, aide) = Small();
        nurse.Absences.Add(new CaregiverAbsence { Kind = AbsenceKind.Sick, From = Monday.AddDays(1), To = Monday.AddDays(2) });
        aide.RecordCertificate(CertificateKind.ElderlyCareWorker, "A-1", new DateOnly(2025, 1, 1), Monday.AddDays(3));

        var problem = RosterProblemBuilder.Build(inputs);

        var mappedNurse = problem.Caregivers.Single(c => c.Id == RosterProblemBuilder.IdOf(nurse.Id));
        Assert.Equal([Monday.AddDays(1), Monday.AddDays(2)], mappedNurse.UnavailableDates.Order());
        Assert.True(mappedNurse.Works(Monday));
        Assert.False(mappedNurse.Works(Monday.AddDays(1)));
        var mappedAide = problem.Caregivers.Single(c => c.Id == RosterProblemBuilder.IdOf(aide.Id));
        Assert.True(mappedAide.Works(Monday.AddDays(3)));
        Assert.False(mappedAide.Works(Monday.AddDays(4)));
    }

    [Fact]
    public void Build_SameDataInAnotherOrder_GivesTheSameProblem()
    {
        var data = DemoArchipelago.Generate(DemoArchipelago.DefaultSeed, Anchor);
        var skills = ReferenceDataSeeder.LoadZhoushanCatalogueItems().ToDictionary(i => i.Code, i => i.Skill, StringComparer.Ordinal);
        var agency = data.Agencies.Single(a => a.Code == "R5");
        RosterInputs Inputs(bool reversed) => new(Monday, [agency], reversed ? [.. data.Places.Reverse()] : data.Places, data.FerryLines, skills,
            Order(data.Clients.Where(c => c.AgencyId == agency.Id), reversed), Order(data.CarePlans.Where(p => p.AgencyId == agency.Id), reversed),
            Order(data.Caregivers.Where(c => c.AgencyId == agency.Id), reversed));

        Assert.Equal(RosterProblemBuilder.Fingerprint(RosterProblemBuilder.Build(Inputs(false))), RosterProblemBuilder.Fingerprint(RosterProblemBuilder.Build(Inputs(true))));
    }

    private static List<T> Order<T>(IEnumerable<T> items, bool reversed) => reversed ? [.. items.Reverse()] : [.. items];

    /// <summary>One agency on one place: a client with a 3-visit plan, a nurse and an aide.</summary>
    private static (RosterInputs Inputs, Client Client, CarePlan Plan, Caregiver Nurse, Caregiver Aide) Small()
    {
        var agency = new Agency { Code = "T1", Name = "测试机构" };
        var place = new Place { Id = 1, Code = "P1", Name = "定海", Latitude = 30.0, Longitude = 122.1, Link = PlaceLink.MainIsland, IsUrban = true };
        var client = new Client
        {
            AgencyId = agency.Id,
            Name = "王阿婆",
            ResidentId = "330902194001010011",
            PlaceId = place.Id,
            Latitude = 30.01,
            Longitude = 122.11,
            StatusPeriods = [new StatusPeriod { Status = ClientStatus.Active, From = new DateOnly(2026, 1, 1) }],
        };
        var plan = new CarePlan { AgencyId = agency.Id, ClientId = client.Id, VisitsPerWeek = 3, MinutesPerVisit = 60, EffectiveFrom = new DateOnly(2026, 1, 1) };
        Caregiver Caregiver(string code, Skill skill) => new()
        {
            AgencyId = agency.Id,
            Code = code,
            Name = code,
            Skill = skill,
            HomePlaceId = place.Id,
            HomeLatitude = 30.0,
            HomeLongitude = 122.1,
            WorkingDays = WeekDays.Every,
            CertificateNumber = "C-" + code,
            CertificateValidUntil = new DateOnly(2030, 1, 1),
        };
        var nurse = Caregiver("cg01", Skill.Nursing);
        var aide = Caregiver("cg02", Skill.Basic);
        var inputs = new RosterInputs(Monday, [agency], [place], [], new Dictionary<string, Skill> { ["N1"] = Skill.Nursing, ["B1"] = Skill.Basic },
            [client], [plan], [nurse, aide]);
        return (inputs, client, plan, nurse, aide);
    }
}
