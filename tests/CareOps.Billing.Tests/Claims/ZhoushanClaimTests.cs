using CareOps.Billing.Claims;
using CareOps.Billing.Policies;
using static CareOps.Billing.Tests.Claims.CaseBuilder;

namespace CareOps.Billing.Tests.Claims;

/// <summary>Zhoushan monthly packages. Every expected amount is worked out by hand in the comment above it.</summary>
public sealed class ZhoushanClaimTests
{
    private static CaseBuilder Home(DateOnly month) => new("zhoushan", CareMode.Home, month);

    private static CaseBuilder Family(DateOnly month) => new("zhoushan", CareMode.FamilyCare, month);

    private static decimal Agency(ClaimResult r) => r.Total(Payer.Fund, Payee.Agency);

    [Fact]
    public void HomeCare_FullMonthStandardMet_PaysTheWholePackage()
    {
        var result = Home(Feb2027).ThreeAWeek().Calculate();

        // 1 280 × 28/28 = 1 280.00
        Assert.Equal(1280.00m, Agency(result));
        Assert.DoesNotContain(result.Lines, l => l.Kind == LineKind.Deduction);
        Assert.Equal(1, result.PolicyVersion);
    }

    [Fact]
    public void FamilyCare_TwoLongVisitsAWeek_PaysRelativeAndAgency()
    {
        var result = Family(Feb2027).TrainedRelative().Weekly(90, 1, 3).Calculate();

        // relative 500.00 (trained before the month), agency 780.00
        Assert.Equal(500.00m, result.Total(Payer.Fund, Payee.FamilyCaregiver));
        Assert.Equal(780.00m, Agency(result));
        Assert.Equal(1280.00m, result.FundTotal);
    }

    [Fact]
    public void Institutional_FullMonth_Pays1400()
    {
        var result = new CaseBuilder("zhoushan", CareMode.Institutional, Feb2027).Calculate();

        Assert.Equal(1400.00m, Agency(result));
    }

    [Fact]
    public void HomeCare_OneWeekWithTwoVisits_LosesThatWeeksSevenDays()
    {
        var result = Home(Feb2027).Weekly(60, 0, 2, 4).Calculate(); // 12 visits
        var withGap = Home(Feb2027).Visits(60, 1, 3, 5, 8, 10, 15, 17, 19, 22, 24, 26).Calculate(); // week 2 lacks Friday

        // 1 280 − 1 280 × 7/28 = 1 280 − 320.00 = 960.00
        Assert.Equal(1280.00m, Agency(result));
        var deduction = Assert.Single(withGap.Lines, l => l.Reason == "WeekBelowStandard");
        Assert.Equal(-320.00m, deduction.Amount);
        Assert.Equal(960.00m, Agency(withGap));
        Assert.Contains("第 2 周", deduction.ExplanationZh);
        Assert.Contains("320.00", deduction.ExplanationZh);
    }

    [Fact]
    public void HomeCare_AdmittedMidMonth_ProRatesByActiveDays()
    {
        var result = Home(Feb2027).Status(ClientState.Active, new DateOnly(2027, 2, 15)).Visits(60, 15, 17, 19, 22, 24, 26).Calculate();

        // active 15–28 Feb = 14 days: 1 280 × 14/28 = 640.00; weeks 1–2 have no active day and are not judged
        Assert.Equal(14, result.ActiveDays);
        Assert.Equal(640.00m, Agency(result));
        Assert.DoesNotContain(result.Lines, l => l.Kind == LineKind.Deduction);
    }

    [Fact]
    public void HomeCare_DeathMidMonth_PaysActiveDaysAndScalesTheLastWeek()
    {
        var result = Home(Jun2026)
            .Status(ClientState.Active, new DateOnly(2025, 1, 1), new DateOnly(2026, 6, 17))
            .Status(ClientState.Deceased, new DateOnly(2026, 6, 18))
            .Visits(60, 1, 3, 5, 8, 10, 12, 16)
            .Calculate();

        // active 1–17 June = 17 of 30 days: 1 280 × 17/30 = 725.333… → 725.33
        // week 3 (15–21) has 3 active days: required = round(3 × 3/7 = 1.29) = 1, one visit (16th) → met
        Assert.Equal(725.33m, Agency(result));
        Assert.DoesNotContain(result.Lines, l => l.Kind == LineKind.Deduction);
    }

    [Fact]
    public void HomeCare_WholeWeekInHospital_PaysOtherDaysWithoutJudgingThatWeek()
    {
        var result = Home(Feb2027)
            .Status(ClientState.Active, new DateOnly(2026, 1, 1), new DateOnly(2027, 2, 7))
            .Status(ClientState.InHospital, new DateOnly(2027, 2, 8), new DateOnly(2027, 2, 14))
            .Status(ClientState.Active, new DateOnly(2027, 2, 15))
            .Visits(60, 1, 3, 5, 15, 17, 19, 22, 24, 26)
            .Calculate();

        // 21 active days: 1 280 × 21/28 = 960.00
        Assert.Equal(960.00m, Agency(result));
        Assert.DoesNotContain(result.Lines, l => l.Kind == LineKind.Deduction);
    }

    [Fact]
    public void HomeCare_ThreeHospitalDaysMidWeek_StandardScalesToTwoVisits()
    {
        var builder = Home(Feb2027)
            .Status(ClientState.Active, new DateOnly(2026, 1, 1), new DateOnly(2027, 2, 9))
            .Status(ClientState.InHospital, new DateOnly(2027, 2, 10), new DateOnly(2027, 2, 12))
            .Status(ClientState.Active, new DateOnly(2027, 2, 13));
        var met = builder.Visits(60, 1, 3, 5, 8, 9, 15, 17, 19, 22, 24, 26).Calculate();

        // 25 active days: 1 280 × 25/28 = 1 142.857… → 1 142.86; week 2 has 4 active days: required round(3 × 4/7 = 1.71) = 2, two visits → met
        Assert.Equal(1142.86m, Agency(met));
    }

    [Fact]
    public void HomeCare_ThreeHospitalDaysAndOneVisit_LosesTheWeeksFourActiveDays()
    {
        var result = Home(Feb2027)
            .Status(ClientState.Active, new DateOnly(2026, 1, 1), new DateOnly(2027, 2, 9))
            .Status(ClientState.InHospital, new DateOnly(2027, 2, 10), new DateOnly(2027, 2, 12))
            .Status(ClientState.Active, new DateOnly(2027, 2, 13))
            .Visits(60, 1, 3, 5, 8, 15, 17, 19, 22, 24, 26)
            .Calculate();

        // 1 142.86 − round(1 280 × 4/28 = 182.857) = 1 142.86 − 182.86 = 960.00
        Assert.Equal(-182.86m, Assert.Single(result.Lines, l => l.Reason == "WeekBelowStandard").Amount);
        Assert.Equal(960.00m, Agency(result));
    }

    [Fact]
    public void HomeCare_UncertifiedVisitInAMetWeek_DeductsItsFeeInFull()
    {
        var result = Home(Feb2027).ThreeAWeek().Visit(new DateOnly(2027, 2, 6), certified: false).Calculate();

        // fee = 1 280 × 12 / (52 × 3) = 98.4615… → 98.46; 1 280 − 98.46 = 1 181.54
        var line = Assert.Single(result.Lines, l => l.Reason == "UncertifiedVisit");
        Assert.Equal(-98.46m, line.Amount);
        Assert.Equal(1181.54m, Agency(result));
        Assert.Contains("未持证", line.ExplanationZh);
    }

    [Fact]
    public void HomeCare_UncertifiedVisitThatLeavesTheWeekShort_IsNotDeductedTwice()
    {
        var result = Home(Feb2027).Visits(60, 1, 3, 8, 10, 12, 15, 17, 19, 22, 24, 26).Visit(new DateOnly(2027, 2, 5), certified: false).Calculate();

        // week 1: two certified + one uncertified → 2 < 3: week deducted 320.00, the uncertified visit only noted
        Assert.Equal(960.00m, Agency(result));
        Assert.Equal(0m, Assert.Single(result.Lines, l => l.Reason == "UncertifiedVisit").Amount);
    }

    [Fact]
    public void HomeCare_PenaltyInPolicy_IsAddedToTheFee()
    {
        var book = WithZhoushan(p => p with { Package = p.Package! with { UncertifiedPenalty = 50m } });
        var result = Home(Feb2027).ThreeAWeek().Visit(new DateOnly(2027, 2, 6), certified: false).Calculate(book);

        // 1 280 − 98.46 − 50.00 = 1 131.54
        Assert.Equal(-50.00m, Assert.Single(result.Lines, l => l.Reason == "UncertifiedPenalty").Amount);
        Assert.Equal(1131.54m, Agency(result));
    }

    [Fact]
    public void HomeCare_Deductions_NeverTakeTheAgencyBelowZero()
    {
        var book = WithZhoushan(p => p with { Package = p.Package! with { UncertifiedPenalty = 2000m } });
        var result = Home(Feb2027).ThreeAWeek().Visit(new DateOnly(2027, 2, 6), certified: false).Calculate(book);

        // 1 280 − 98.46 − min(2 000, 1 181.54) = 0.00
        Assert.Equal(0.00m, Agency(result));
    }

    [Theory]
    [InlineData(60, true, true, "VisitNotCounted.LocationUnverified")]
    [InlineData(45, true, true, "VisitNotCounted.TooShort")]
    [InlineData(60, false, true, "VisitNotCounted.NoCheckInOut")]
    public void HomeCare_VisitThatDoesNotCount_LeavesTheWeekShortAndIsExplained(int minutes, bool checkOut, bool badLocation, string reason)
    {
        var result = Home(Feb2027).Visits(60, 1, 3, 8, 10, 12, 15, 17, 19, 22, 24, 26)
            .Visit(new DateOnly(2027, 2, 5), minutes, location: !(badLocation && minutes == 60 && checkOut), checkOut: checkOut)
            .Calculate();

        // the Friday visit of week 1 does not count: 2 < 3 → 1 280 − 320.00 = 960.00
        Assert.Equal(960.00m, Agency(result));
        var note = Assert.Single(result.Lines, l => l.Reason == reason);
        Assert.Equal(0m, note.Amount);
        Assert.Contains("2027-02-05", note.ExplanationZh);
    }

    [Fact]
    public void HomeCare_VisitFlaggedAndNotAccepted_DoesNotCount_AndSaysWhy()
    {
        var result = Home(Feb2027).Visits(60, 1, 3, 8, 10, 12, 15, 17, 19, 22, 24, 26)
            .Visit(new DateOnly(2027, 2, 5), verified: false)
            .Calculate();

        // as any visit that does not count: week 1 has 2 of 3 → 1 280 − 320.00 = 960.00
        Assert.Equal(960.00m, Agency(result));
        var note = Assert.Single(result.Lines, l => l.Reason == "VisitNotCounted.NotVerified");
        Assert.Contains("未通过核验", note.ExplanationZh, StringComparison.Ordinal);
    }

    [Fact]
    public void VerifiedLeftOutOfACaseFile_MeansVerified()
    {
        var visit = System.Text.Json.JsonSerializer.Deserialize<VisitRecord>("""{"id":"v1","date":"2027-02-01","checkIn":"09:00","checkOut":"10:00","locationVerified":true}""", System.Text.Json.JsonSerializerOptions.Web)!;

        Assert.True(visit.Verified);
    }

    [Fact]
    public void FamilyCare_WeekWithOneVisit_CutsOnlyTheAgencyShare()
    {
        var result = Family(Feb2027).TrainedRelative().Visits(90, 2, 4, 9, 16, 18, 23, 25).Calculate();

        // week 2 has one visit of the two required: agency 780 − 780 × 7/28 = 780 − 195.00 = 585.00; relative keeps 500.00
        Assert.Equal(585.00m, Agency(result));
        Assert.Equal(500.00m, result.Total(Payer.Fund, Payee.FamilyCaregiver));
    }

    [Fact]
    public void HomeCare_WeekRunningIntoNextMonth_IsJudgedOnTheWholeWeek()
    {
        int[] june = [1, 3, 5, 8, 10, 12, 15, 17, 19, 22, 24, 26, 29];
        var withJuly = Home(Jun2026).Visits(60, june).Visit(new DateOnly(2026, 7, 1)).Visit(new DateOnly(2026, 7, 3)).Calculate();
        var juneOnly = Home(Jun2026).Visits(60, june).Calculate();

        // week 5 (29 Jun – 5 Jul): with July's visits 3 → met, 1 280.00;
        // without them 1 < 3 → 1 280 − 1 280 × 2/30 = 1 280 − 85.33 = 1 194.67
        Assert.Equal(1280.00m, Agency(withJuly));
        Assert.Equal(1194.67m, Agency(juneOnly));
    }

    [Fact]
    public void HomeCare_ElevenActiveDaysOfThirty_RoundsAtTheLine()
    {
        var result = Home(Jun2026).Status(ClientState.Active, new DateOnly(2026, 6, 20), new DateOnly(2026, 6, 30)).Status(ClientState.Ended, new DateOnly(2026, 7, 1))
            .Visits(60, 22, 24, 26, 29).Calculate();

        // 1 280 × 11/30 = 469.333… → 469.33; week 3 (15–21) has 2 active days: required round(0.86) = 1, no visit → −1 280 × 2/30 = −85.33
        // week 5 (29 Jun–5 Jul): 2 active days → required 1, one visit → met
        Assert.Equal(469.33m, result.Lines.Single(l => l.Reason == "Package").Amount);
        Assert.Equal(-85.33m, result.Lines.Single(l => l.Reason == "WeekBelowStandard").Amount);
        Assert.Equal(384.00m, Agency(result));
    }

    [Fact]
    public void Client_NotInCareAllMonth_GetsNothing()
    {
        var result = Home(Feb2027).Status(ClientState.Ended, new DateOnly(2027, 1, 1)).Calculate();

        Assert.Equal(0, result.ActiveDays);
        Assert.Equal(0.00m, result.FundTotal);
        Assert.DoesNotContain(result.Lines, l => l.Kind == LineKind.Deduction);
    }

    [Fact]
    public void Policy_NewVersion_AppliesFromItsEffectiveDate()
    {
        var seed = PolicyBook.Seed();
        var v1 = seed.Resolve("zhoushan", new DateOnly(2026, 1, 1))!;
        var v2 = v1 with
        {
            Version = 2,
            EffectiveFrom = new DateOnly(2027, 1, 1),
            Package = v1.Package! with { Modes = [.. v1.Package.Modes.Select(m => m.Mode == CareMode.Home ? m with { Monthly = [new PayeeAmount { Payee = Payee.Agency, Amount = 1380m }] } : m)] },
        };
        var book = new PolicyBook([.. seed.Versions.Select(v => v.City == "zhoushan" ? v with { EffectiveTo = new DateOnly(2026, 12, 31) } : v), v2]);

        var february = Home(Feb2027).ThreeAWeek().Calculate(book);
        var december = new CaseBuilder("zhoushan", CareMode.Home, new DateOnly(2026, 12, 1)).Status(ClientState.Active, new DateOnly(2020, 1, 1)).Weekly(60, 0, 2, 4)
            .Visit(new DateOnly(2026, 11, 30)).Visit(new DateOnly(2026, 11, 27)).Visit(new DateOnly(2027, 1, 1)).Visit(new DateOnly(2027, 1, 2)).Calculate(book);

        Assert.Equal((2, 1380.00m), (february.PolicyVersion, Agency(february)));
        Assert.Equal(1, december.PolicyVersion);
        Assert.Equal(1280.00m, december.Total(Payer.Fund, Payee.Agency));
    }

    [Fact]
    public void HomeCare_AssessmentExpiresMidMonth_PaysOnlyTheValidDaysAndSaysWhy()
    {
        var claim = Home(Feb2027).ThreeAWeek().Build();
        var expiring = claim with { Client = claim.Client with { EligibleFrom = new DateOnly(2026, 1, 1), EligibleUntil = new DateOnly(2027, 2, 14) } };

        var result = new ClaimCalculator(PolicyBook.Seed()).Calculate(expiring);

        // valid 1–14 Feb = 14 of 28 days: 1 280 × 14/28 = 640.00; weeks 3–4 have no payable day and are not judged
        Assert.Equal(640.00m, Agency(result));
        Assert.Contains("14 天不在失能评估的有效期内", Assert.Single(result.Lines, l => l.Reason == "NotEligible").ExplanationZh);
    }

    [Fact]
    public void HomeCare_SixMonthsOfDisabilityReachedMidMonth_PaysFromThatDay()
    {
        var claim = Home(Feb2027).ThreeAWeek().Build();
        var recent = claim with { Client = claim.Client with { EligibleFrom = new DateOnly(2027, 2, 22) } };

        var result = new ClaimCalculator(PolicyBook.Seed()).Calculate(recent);

        // payable 22–28 Feb = 7 days: 1 280 × 7/28 = 320.00
        Assert.Equal(320.00m, Agency(result));
    }

    [Fact]
    public void UnknownCity_IsRefusedWithASentence()
    {
        var error = Assert.Throws<ClaimException>(() => new CaseBuilder("atlantis", CareMode.Home, Feb2027).Calculate());

        Assert.Contains("atlantis", error.Message);
        Assert.Equal(BillingCode.ClaimNoPolicy, error.Problem.Code);
        Assert.Equal("atlantis", error.Problem.Args[0]);
    }

    [Fact]
    public void EveryLine_IsExplainedInBothLanguages()
    {
        var result = Family(Feb2027).Visits(90, 2, 4, 9, 16, 18, 23, 25).Visit(new DateOnly(2027, 2, 26), 30).Calculate();

        Assert.All(result.Lines, l =>
        {
            Assert.False(string.IsNullOrWhiteSpace(l.ExplanationZh));
            Assert.False(string.IsNullOrWhiteSpace(l.ExplanationEn));
            Assert.Equal(Money.Fen(l.Amount), l.Amount);
        });
    }

    internal static PolicyBook WithZhoushan(Func<PolicyVersion, PolicyVersion> change) =>
        new(PolicyBook.Seed().Versions.Select(v => v.City == "zhoushan" ? change(v) : v));
}
