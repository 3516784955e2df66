using CareOps.Billing.Claims;
using CareOps.Billing.Policies;
using CareOps.Billing.TopUps;

namespace CareOps.Billing.Tests.Claims;

/// <summary>
/// The rules a case must satisfy (issue 11, section 6) and the rules the document now states: the eligibility
/// window, the day of death, status periods that do not overlap, check-out after check-in. Amounts by hand in the comments.
/// </summary>
public sealed class CaseRulesTests
{
    private static readonly DateOnly Feb2027 = CaseBuilder.Feb2027;

    private static DateOnly Feb(int day) => new(2027, 2, day);

    private static ClaimResult Calculate(ClaimCase claim) => new ClaimCalculator(PolicyBook.Seed()).Calculate(claim);

    private static ClaimException Refused(ClaimCase claim) => Assert.Throws<ClaimException>(() => Calculate(claim));

    private static VisitRecord Visit(string id, DateOnly date, string checkIn, string checkOut, DateOnly? checkOutDate = null) => new()
    {
        Id = id,
        Date = date,
        Caregiver = "王护理员",
        CheckIn = TimeOnly.Parse(checkIn, System.Globalization.CultureInfo.InvariantCulture),
        CheckOut = TimeOnly.Parse(checkOut, System.Globalization.CultureInfo.InvariantCulture),
        CheckOutDate = checkOutDate,
        LocationVerified = true,
    };

    [Fact]
    public void StatusOverlap_OpenActiveAndAHospitalStay_IsRefusedNamingBothPeriods()
    {
        var claim = new CaseBuilder("zhoushan", CareMode.Home, Feb2027)
            .Status(ClientState.Active, new DateOnly(2026, 1, 1))
            .Status(ClientState.InHospital, Feb(10), Feb(12))
            .Build();

        var error = Refused(claim);

        Assert.Equal(BillingCode.ClaimStatusOverlap, error.Problem.Code);
        Assert.Equal(["张阿婆", "2026-01-01", "…", "2027-02-10", "2027-02-12"], error.Problem.Args);
        Assert.Contains("Active 2026-01-01–(ongoing) and InHospital 2027-02-10–2027-02-12 overlap", error.Message);
    }

    [Fact]
    public void StatusOverlap_SharingOnlyTheLastDay_IsRefused()
    {
        // Inclusive dates: Active to 10 Feb and InHospital from 10 Feb both claim 10 Feb.
        var claim = new CaseBuilder("zhoushan", CareMode.Home, Feb2027)
            .Status(ClientState.InHospital, Feb(10), Feb(12))
            .Status(ClientState.Active, new DateOnly(2026, 1, 1), Feb(10))
            .Build();

        Assert.Equal(["张阿婆", "2026-01-01", "2027-02-10", "2027-02-10", "2027-02-12"], Refused(claim).Problem.Args);
    }

    [Fact]
    public void StatusOverlap_PeriodInsideAnother_IsRefused()
    {
        var claim = new CaseBuilder("zhoushan", CareMode.Home, Feb2027)
            .Status(ClientState.Suspended, Feb(1), Feb(5))
            .Status(ClientState.Active, new DateOnly(2027, 1, 1), Feb(28))
            .Build();

        // Named in date order, whatever the order in the case.
        Assert.Equal(["张阿婆", "2027-01-01", "2027-02-28", "2027-02-01", "2027-02-05"], Refused(claim).Problem.Args);
    }

    [Fact]
    public void StatusPeriods_Adjacent_AreAcceptedAndProRated()
    {
        // Active to 9 Feb, hospital 10–12, Active from 13: 9 + 16 = 25 days in care. Three visits a week; week 2 (8–14 Feb)
        // has 4 active days → 3 × 4/7 = 1.71 → 2 required, and its Mon 8 Feb visit is the only one on an active day → 1 < 2:
        // 1 280 × 4/28 = 182.857 → −182.86. Package 1 280 × 25/28 = 1 142.857 → 1 142.86. Fund 1 142.86 − 182.86 = 960.00.
        var result = new CaseBuilder("zhoushan", CareMode.Home, Feb2027)
            .Status(ClientState.Active, new DateOnly(2026, 1, 1), Feb(9))
            .Status(ClientState.InHospital, Feb(10), Feb(12))
            .Status(ClientState.Active, Feb(13))
            .ThreeAWeek()
            .Calculate();

        Assert.Equal(25, result.ActiveDays);
        Assert.Equal(960.00m, result.FundTotal);
    }

    [Fact]
    public void StatusPeriod_EndingBeforeItStarts_IsRefused()
    {
        var claim = new CaseBuilder("zhoushan", CareMode.Home, Feb2027)
            .Status(ClientState.Active, new DateOnly(2026, 1, 1), Feb(9))
            .Status(ClientState.InHospital, Feb(12), Feb(10))
            .Build();

        var error = Refused(claim);

        Assert.Equal(BillingCode.ClaimStatusEndBeforeStart, error.Problem.Code);
        Assert.Equal(["张阿婆", "2027-02-12", "2027-02-10"], error.Problem.Args);
    }

    [Fact]
    public void StatusOverlap_IsRefusedByTheTopUpCalculatorToo()
    {
        // Top-ups pro-rate by the same status periods: the same broken case cannot be billed there either.
        var client = new CaseBuilder("zhoushan", CareMode.Home, Feb2027)
            .Status(ClientState.Active, new DateOnly(2026, 1, 1))
            .Status(ClientState.Deceased, Feb(17))
            .Build().Client;
        var calculator = new TopUpCalculator(PolicyBook.Seed().Resolve("zhoushan", Feb2027)!.TopUps!);

        var error = Assert.Throws<ClaimException>(() => calculator.Calculate(new TopUpCase { Month = Feb2027, Client = client }));

        Assert.Equal(BillingCode.ClaimStatusOverlap, error.Problem.Code);
    }

    [Theory]
    [InlineData("10:00", "09:30", "09:30")]
    [InlineData("10:00", "10:00", "10:00")] // equal: no time in care, not "missing"
    public void CheckOut_NotAfterCheckIn_IsRefusedNamingTheVisit(string checkIn, string checkOut, string shown)
    {
        var claim = new CaseBuilder("zhoushan", CareMode.Home, Feb2027).ThreeAWeek().Build();
        claim = claim with { Visits = [.. claim.Visits, Visit("late-v", Feb(3), checkIn, checkOut)] };

        var error = Refused(claim);

        Assert.Equal(BillingCode.ClaimCheckOutNotAfterCheckIn, error.Problem.Code);
        Assert.Equal(["张阿婆", "late-v", "2027-02-03", checkIn, shown], error.Problem.Args);
        Assert.Equal($"Client 张阿婆: visit late-v on 2027-02-03 checks out at {shown}, not after its check-in at {checkIn}.", error.Message);
    }

    [Fact]
    public void CheckOut_PastMidnightWithoutItsDate_IsRefused()
    {
        var claim = new CaseBuilder("zhoushan", CareMode.Home, Feb2027).Build() with { Visits = [Visit("night", Feb(1), "23:30", "00:40")] };

        Assert.Equal(BillingCode.ClaimCheckOutNotAfterCheckIn, Refused(claim).Problem.Code);
    }

    [Fact]
    public void CheckOut_OnADayBeforeTheVisit_IsRefusedShowingThatDay()
    {
        var claim = new CaseBuilder("zhoushan", CareMode.Home, Feb2027).Build() with { Visits = [Visit("x", Feb(3), "09:00", "10:00", Feb(2))] };

        Assert.Equal("2027-02-02 10:00", Refused(claim).Problem.Args[4]);
    }

    [Fact]
    public void CheckOut_NextDayWithItsDate_CountsTheMinutesAcrossMidnight()
    {
        // 23:30 → 00:40 next day = 70 min ≥ 60: it counts. With the other visits every week has 3: full 1 280.00, no note.
        var builder = new CaseBuilder("zhoushan", CareMode.Home, Feb2027).ThreeAWeek();
        var claim = builder.Build();
        var visits = claim.Visits.Skip(1).Prepend(Visit("night", Feb(1), "23:30", "00:40", Feb(2))).ToList();

        var result = Calculate(claim with { Visits = visits });

        Assert.Equal(70, visits[0].Minutes);
        Assert.Equal(1280.00m, result.FundTotal);
        Assert.DoesNotContain(result.Lines, l => l.Kind == LineKind.Note);
    }

    [Fact]
    public void CheckOut_Missing_IsStillANoteNotAnError()
    {
        // A visit left open on the phone is a fact of the month, not a broken case: week 1 has 2 valid visits < 3 →
        // 1 280 × 7/28 = 320.00 deducted; fund 1 280.00 − 320.00 = 960.00.
        var result = new CaseBuilder("zhoushan", CareMode.Home, Feb2027)
            .Visit(Feb(1), checkOut: false).Visits(60, 3, 5, 8, 10, 12, 15, 17, 19, 22, 24, 26)
            .Calculate();

        Assert.Equal(960.00m, result.FundTotal);
        Assert.Contains(result.Lines, l => l.Reason == "VisitNotCounted.NoCheckInOut");
    }

    [Fact]
    public void DayOfDeath_IsNotADayInCare_AndItsVisitDoesNotCount()
    {
        // Died 17 Feb: Active to the 16th, Deceased from the 17th → 16 days: 1 280 × 16/28 = 731.428 → 731.43.
        // Week 3 (15–21 Feb) has 2 active days → 3 × 2/7 = 0.86 → 1 required; the 15 Feb visit meets it. The visit on the
        // day of death (17 Feb) is noted as not counted. Weeks 1–2 have their 3 visits. Fund 731.43.
        var result = new CaseBuilder("zhoushan", CareMode.Home, Feb2027)
            .Status(ClientState.Active, new DateOnly(2026, 1, 1), Feb(16))
            .Status(ClientState.Deceased, Feb(17))
            .Visits(60, 1, 3, 5, 8, 10, 12, 15, 17)
            .Calculate();

        Assert.Equal(16, result.ActiveDays);
        Assert.Equal(731.43m, result.FundTotal);
        var note = Assert.Single(result.Lines, l => l.Kind == LineKind.Note);
        Assert.Equal(("VisitNotCounted.NotActive", "v8"), (note.Reason, Assert.Single(note.VisitIds))); // v8 = the visit of 17 Feb
    }

    [Fact]
    public void EligibilityWindow_IsInclusiveAtBothEnds()
    {
        // eligibleFrom = eligibleUntil = 15 Feb: exactly one payable day. 1 280 × 1/28 = 45.714 → 45.71.
        // Week 3 (15–21) has 1 active day → 3 × 1/7 = 0.43 → 0 required; other weeks have no active day. The other 27 days
        // in care are outside the window: a NotEligible note says so.
        var claim = new CaseBuilder("zhoushan", CareMode.Home, Feb2027).Build();
        claim = claim with { Client = claim.Client with { EligibleFrom = Feb(15), EligibleUntil = Feb(15) } };

        var result = Calculate(claim);

        Assert.Equal(1, result.ActiveDays);
        Assert.Equal(45.71m, result.FundTotal);
        Assert.Contains("本月有 27 天不在失能评估的有效期内", Assert.Single(result.Lines, l => l.Reason == "NotEligible").ExplanationZh);
    }

    [Fact]
    public void EligibilityWindow_OnlyInCareDaysOutsideItAreNoted()
    {
        // In care 1–14 Feb only (Ended from 15th), eligible from 8 Feb: payable 8–14 = 7 days → 1 280 × 7/28 = 320.00;
        // week 2 has its 3 visits. Not eligible but in care: 1–7 Feb = 7 days (15–28 are not in care, so not counted).
        var claim = new CaseBuilder("zhoushan", CareMode.Home, Feb2027)
            .Status(ClientState.Active, new DateOnly(2026, 1, 1), Feb(14))
            .Status(ClientState.Ended, Feb(15))
            .Visits(60, 8, 10, 12)
            .Build();
        claim = claim with { Client = claim.Client with { EligibleFrom = Feb(8) } };

        var result = Calculate(claim);

        Assert.Equal(320.00m, result.FundTotal);
        Assert.Contains("本月有 7 天", Assert.Single(result.Lines, l => l.Reason == "NotEligible").ExplanationZh);
    }
}
