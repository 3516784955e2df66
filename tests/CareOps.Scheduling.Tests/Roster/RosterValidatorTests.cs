using CareOps.Scheduling.Roster;
using CareOps.Scheduling.Travel;
using static CareOps.Scheduling.Tests.Roster.Tiny;

namespace CareOps.Scheduling.Tests.Roster;

public class RosterValidatorTests
{
    private static IReadOnlyList<Violation> Check(RosterProblem problem, params CaregiverDay[] days) => RosterValidator.Validate(problem, Week(days));

    private static void Rejects(ViolationKind kind, RosterProblem problem, params CaregiverDay[] days)
    {
        var errors = Check(problem, days);
        Assert.Contains(errors, e => e.Kind == kind);
        Assert.All(errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Message)));
    }

    private static CaregiverDay[] With(int index, Func<CaregiverDay, CaregiverDay> change)
    {
        var days = ValidDays();
        days[index] = change(days[index]);
        return days;
    }

    [Fact]
    public void Validate_HandMadeValidRoster_HasNoViolations()
    {
        Assert.Empty(Check(Problem(), ValidDays()));
    }

    [Fact]
    public void Validate_MissingVisitNotDeclared_IsVisitCount() =>
        Rejects(ViolationKind.VisitCount, Problem(), ValidDays()[0], ValidDays()[2]);

    [Fact]
    public void Validate_MissingVisitDeclaredUnscheduled_IsAccepted()
    {
        var roster = new CareOps.Scheduling.Roster.Roster(Monday, [ValidDays()[0], ValidDays()[2]],
            [new UnscheduledVisit("c1", UnscheduledReason.CapacityExhausted, "排满", "fully booked")]);
        Assert.Empty(RosterValidator.Validate(Problem(), roster));
    }

    [Fact]
    public void Validate_TwoVisitsOfAClientOnOneDay_IsSameDay()
    {
        var days = ValidDays();
        var extra = new CaregiverDay("bo", Monday, 8 * 60, 10 * 60 + 30, null, [new PlannedVisit("c1", 9 * 60 + 30, 10 * 60 + 30)], []);
        Rejects(ViolationKind.SameDay, Problem(), days[0], extra, days[2]);
    }

    [Fact]
    public void Validate_TwiceAWeekOnConsecutiveDays_IsSpacing() =>
        Rejects(ViolationKind.Spacing, Problem(), With(1, d => d with { Date = Monday.AddDays(1) }));

    [Fact]
    public void Validate_ShortVisit_IsDuration() =>
        Rejects(ViolationKind.Duration, Problem(), With(1, d => d with { Visits = [new PlannedVisit("c1", 9 * 60, 9 * 60 + 45)] }));

    [Fact]
    public void Validate_MorningClientVisitedInTheAfternoon_IsClientWindow() =>
        Rejects(ViolationKind.ClientWindow, Problem(), With(0, d => d with
        {
            BackHome = 14 * 60 + 45,
            Visits = [new PlannedVisit("c1", 9 * 60, 10 * 60), new PlannedVisit("c2", 13 * 60 + 30, 14 * 60 + 30)],
        }));

    [Fact]
    public void Validate_BackHomeAfterTheShift_IsShiftWindow() =>
        Rejects(ViolationKind.ShiftWindow, Problem(), With(1, d => d with { BackHome = 17 * 60 + 15 }));

    [Fact]
    public void Validate_BreakOutsideTheLunchWindow_IsLunchBreak() =>
        Rejects(ViolationKind.LunchBreak, Problem(), With(0, d => d with { LunchStart = 10 * 60 }));

    [Fact]
    public void Validate_NoRoomForABreak_IsLunchBreak() =>
        Rejects(ViolationKind.LunchBreak, Problem(clients: [.. DefaultClients().Select(c => c.Id == "c2" ? Client("c2", 30.0, 122.01, "town", 1) : c)]),
            With(0, d => d with
            {
                LunchStart = null,
                BackHome = 13 * 60 + 15,
                Visits = [new PlannedVisit("c1", 11 * 60, 12 * 60), new PlannedVisit("c2", 12 * 60 + 10, 13 * 60 + 10)],
            }));

    [Fact]
    public void Validate_LongDay_IsDailyLimit() =>
        Rejects(ViolationKind.DailyLimit, Problem(ana: Caregiver("ana", 30.0, CareSkill.Basic, daily: 120)), ValidDays());

    [Fact]
    public void Validate_LongWeek_IsWeeklyLimit() =>
        Rejects(ViolationKind.WeeklyLimit, Problem(ana: Caregiver("ana", 30.0, CareSkill.Basic, weekly: 200)), ValidDays());

    [Fact]
    public void Validate_NursingClientWithBasicCaregiver_IsSkill() =>
        Rejects(ViolationKind.Skill, Problem(bo: Caregiver("bo", 30.01, CareSkill.Basic)), ValidDays());

    [Fact]
    public void Validate_CertificateExpiredBeforeTheVisit_IsCertificate() =>
        Rejects(ViolationKind.Certificate, Problem(bo: Caregiver("bo", 30.01, CareSkill.Nursing, validUntil: Monday.AddDays(1))), ValidDays());

    [Fact]
    public void Validate_VisitOnAnUnavailableDay_IsNotWorking()
    {
        var bo = Caregiver("bo", 30.01, CareSkill.Nursing);
        var unavailable = new RosterCaregiver
        {
            Id = bo.Id,
            Home = bo.Home,
            Skill = bo.Skill,
            CertificateValidUntil = bo.CertificateValidUntil,
            UnavailableDates = new HashSet<DateOnly> { Monday.AddDays(2) },
        };
        Rejects(ViolationKind.NotWorking, Problem(bo: unavailable), ValidDays());
    }

    [Fact]
    public void Validate_ExcludedCaregiver_IsExcludedCaregiver() =>
        Rejects(ViolationKind.ExcludedCaregiver, Problem(clients: [.. DefaultClients().Select(c => c.Id == "c1" ? Client("c1", 30.005, 122.0, "town", 2, excluded: ["ana"]) : c)]), ValidDays());

    [Fact]
    public void Validate_OverlappingVisits_IsOverlap() =>
        Rejects(ViolationKind.Overlap, Problem(), With(0, d => d with
        {
            Visits = [new PlannedVisit("c1", 9 * 60, 10 * 60), new PlannedVisit("c2", 9 * 60 + 30, 10 * 60 + 30)],
        }));

    [Fact]
    public void Validate_NoTimeToDriveBetweenVisits_IsTravelTime() =>
        Rejects(ViolationKind.TravelTime, Problem(), With(0, d => d with
        {
            Visits = [new PlannedVisit("c1", 9 * 60, 10 * 60), new PlannedVisit("c2", 10 * 60, 11 * 60)],
        }));

    [Fact]
    public void Validate_IslandVisitAfterTheLastSailingBack_IsUnreachable() =>
        Rejects(ViolationKind.Unreachable, Problem(), With(2, d => d with
        {
            BackHome = 17 * 60,
            LunchStart = 12 * 60,
            Visits = [new PlannedVisit("c3", 15 * 60 + 40, 16 * 60 + 40)],
            Legs = [],
        }));

    [Fact]
    public void Validate_IslandVisitOnASuspendedDay_IsUnreachable() =>
        Rejects(ViolationKind.Unreachable, Problem(network: Travel.FerryNetworkTests.Network(("L1", Monday.AddDays(2)))), ValidDays());

    [Fact]
    public void Validate_FerryLegAtATimeWithNoSailing_IsFerryTimetable() =>
        Rejects(ViolationKind.FerryTimetable, Problem(), With(2, d => d with
        {
            Legs = [.. d.Legs.Select(l => l.Kind == LegKind.Ferry && l.From == "town" ? l with { Depart = 9 * 60 + 30 } : l)],
        }));

    [Fact]
    public void Validate_FixedVisitMoved_IsFixedVisit() =>
        Rejects(ViolationKind.FixedVisit, Problem(clients: [.. DefaultClients().Select(c => c.Id == "c2" ? Client("c2", 30.0, 122.01, "town", 1, window: new DayWindow(480, 720), fixedVisits: [new FixedVisit(Monday.AddDays(1), "ana", null)]) : c)]), ValidDays());

    [Fact]
    public void Validate_CaregiverFromAnotherRegion_IsRegion()
    {
        var ana = Caregiver("ana", 30.0, CareSkill.Basic);
        var elsewhere = new RosterCaregiver { Id = ana.Id, Home = ana.Home, Skill = ana.Skill, CertificateValidUntil = ana.CertificateValidUntil, Region = "R2" };
        var clients = DefaultClients().Select(c => c.Id == "c2"
            ? new RosterClient { Id = c.Id, Location = c.Location, VisitsPerWeek = 1, MinutesPerVisit = 60, AllowedDays = c.AllowedDays, Window = c.Window, Region = "R1" }
            : c);
        Rejects(ViolationKind.Region, Problem(ana: elsewhere, clients: clients), ValidDays());
    }

    [Fact]
    public void Validate_UnknownCaregiver_IsUnknownReference() =>
        Rejects(ViolationKind.UnknownReference, Problem(), With(1, d => d with { CaregiverId = "zoe" }));
}
