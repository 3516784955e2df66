using CareOps.Billing.Claims;
using CareOps.Billing.Policies;
using static CareOps.Billing.Tests.Claims.CaseBuilder;

namespace CareOps.Billing.Tests.Claims;

/// <summary>
/// Family care (亲情护理) under Zhoushan's policy: 500 a month to the relative once she is trained, 780 to the agency
/// for at least two visits a week. February 2027 has 28 days and starts on a Monday. Amounts by hand above each assert.
/// </summary>
public sealed class FamilyCareClaimTests
{
    private static CaseBuilder Family() => new("zhoushan", CareMode.FamilyCare, Feb2027);

    private static decimal Relative(ClaimResult r) => r.Total(Payer.Fund, Payee.FamilyCaregiver);

    private static decimal Agency(ClaimResult r) => r.Total(Payer.Fund, Payee.Agency);

    [Fact]
    public void FamilyCare_TrainedBeforeTheMonth_PaysTheRelativeHerWholeMonth()
    {
        var result = Family().TrainedRelative().Weekly(90, 1, 3).Calculate();

        // 500 × 28/28 = 500.00 on its own line; the agency's 780.00 is the package
        var line = Assert.Single(result.Lines, l => l.Payee == Payee.FamilyCaregiver);
        Assert.Equal(("FamilyCare", LineKind.Benefit, 500.00m), (line.Reason, line.Kind, line.Amount));
        Assert.Contains("亲情护理人员李芳每月 500.00 元 × 28/28 = 500.00 元", line.ExplanationZh);
        Assert.Equal(780.00m, Agency(result));
        Assert.Equal(1280.00m, result.FundTotal);
    }

    [Fact]
    public void FamilyCare_InCareFromThe11th_IsProRatedLikeThePackage()
    {
        var result = Family().TrainedRelative().Status(ClientState.Active, new DateOnly(2027, 2, 11)).Weekly(90, 1, 3).Calculate();

        // 11–28 Feb = 18 days: relative 500 × 18/28 = 321.428… → 321.43; agency 780 × 18/28 = 501.428… → 501.43.
        // Week 2 (8–14) has 4 active days: 2 × 4/7 = 1.14 → 1 visit required, the 11th meets it (the 9th is not in care).
        Assert.Equal(18, result.ActiveDays);
        Assert.Equal(321.43m, Relative(result));
        Assert.Equal(501.43m, Agency(result));
        Assert.DoesNotContain(result.Lines, l => l.Kind == LineKind.Deduction);
    }

    [Fact]
    public void FamilyCare_WithoutTraining_IsDeductedWhole()
    {
        var untrained = Family().Relative(trainedOn: null).Weekly(90, 1, 3).Calculate();
        var unnamed = Family().Weekly(90, 1, 3).Calculate();

        // 500.00 paid and 500 × 28/28 = 500.00 deducted: the relative gets 0.00; the agency keeps its 780.00
        var deduction = Assert.Single(untrained.Lines, l => l.Reason == "FamilyCareUntrained");
        Assert.Equal((LineKind.Deduction, Payee.FamilyCaregiver, -500.00m), (deduction.Kind, deduction.Payee, deduction.Amount));
        Assert.Contains("尚无完成护理实践培训的记录", deduction.ExplanationZh);
        Assert.Contains("扣减培训完成前的亲情护理 28 天", deduction.ExplanationZh);
        Assert.Equal(0.00m, Relative(untrained));
        Assert.Equal(780.00m, Agency(untrained));
        Assert.Equal(0.00m, Relative(unnamed)); // a case that names no relative has no training either
    }

    [Fact]
    public void FamilyCare_TrainingCompletedOnThe10th_PaysFromThatDayOn()
    {
        var result = Family().Relative(new DateOnly(2027, 2, 10)).Weekly(90, 1, 3).Calculate();

        // paid 500.00, days 1–9 untrained: −500 × 9/28 = −160.714… → −160.71; net 339.29 (= 500 × 19/28 = 339.285… → 339.29)
        Assert.Equal(-160.71m, result.Lines.Single(l => l.Reason == "FamilyCareUntrained").Amount);
        Assert.Equal(339.29m, Relative(result));
        Assert.Contains("于 2027-02-10 完成护理实践培训", result.Lines.Single(l => l.Reason == "FamilyCareUntrained").ExplanationZh);
    }

    [Fact]
    public void FamilyCare_TrainingCompletedAfterTheMonth_PaysNothingThisMonth()
    {
        var result = Family().Relative(new DateOnly(2027, 3, 5)).Weekly(90, 1, 3).Calculate();

        Assert.Equal(0.00m, Relative(result));
    }

    [Fact]
    public void FamilyCare_PolicyWithoutTrainingRule_PaysAnUntrainedRelative()
    {
        var book = ZhoushanClaimTests.WithZhoushan(v => v with { FamilyCare = v.FamilyCare! with { RequiresTraining = false } });

        var result = Family().Relative(trainedOn: null).Weekly(90, 1, 3).Calculate(book);

        Assert.Equal(500.00m, Relative(result));
        Assert.DoesNotContain(result.Lines, l => l.Reason == "FamilyCareUntrained");
    }

    [Fact]
    public void FamilyCare_OlderPolicyPayingTheRelativeInItsPackage_StillPaysWithoutATrainingCheck()
    {
        // A version stored before the familyCare rule: the relative's 500 is a FamilyCaregiver amount of the mode.
        var book = ZhoushanClaimTests.WithZhoushan(v => v with
        {
            FamilyCare = null,
            Package = v.Package! with
            {
                Modes = [.. v.Package.Modes.Select(m => m.Mode == CareMode.FamilyCare ? m with { Monthly = [new PayeeAmount { Payee = Payee.FamilyCaregiver, Amount = 500m }, .. m.Monthly] } : m)],
            },
        });

        var result = Family().Weekly(90, 1, 3).Calculate(book);

        Assert.Equal(500.00m, Assert.Single(result.Lines, l => l.Payee == Payee.FamilyCaregiver && l.Reason == "Package").Amount);
    }

    [Fact]
    public void CareModeSwitch_HomeToFamilyCareOnThe15th_PaysEachModeForItsDays()
    {
        var result = Family().TrainedRelative().Mode(CareMode.Home, Feb2027, new DateOnly(2027, 2, 14))
            .Visits(60, 1, 3, 5, 8, 10, 12).Visits(90, 16, 18, 23, 25).Calculate();

        // home 1–14: 1 280 × 14/28 = 640.00 (weeks 1–2 have their 3 visits); family care 15–28: agency 780 × 14/28 = 390.00
        // (weeks 3–4 have their 2), relative 500 × 14/28 = 250.00. 640 + 390 + 250 = 1 280.00
        Assert.Equal([640.00m, 390.00m], result.Lines.Where(l => l.Reason == "Package").Select(l => l.Amount));
        Assert.Equal(250.00m, Relative(result));
        Assert.Equal(1280.00m, result.FundTotal);
        Assert.Contains("居家上门在护 14/28 天", result.Lines[0].ExplanationZh);
        Assert.DoesNotContain(result.Lines, l => l.Kind == LineKind.Deduction);
    }

    [Fact]
    public void CareModeSwitch_MidWeek_JudgesTheWeekOnEachDaysStandard()
    {
        var result = Family().TrainedRelative().Mode(CareMode.Home, Feb2027, new DateOnly(2027, 2, 10))
            .Visits(60, 1, 3, 5, 9).Visits(90, 16, 18, 23, 25).Calculate();

        // home 1–10 (10 days), family care 11–28 (18 days). Week 2 (8–14): 3 home days × 3 + 4 family days × 2 = 17 → 17/7
        // = 2.43 → 2 required; one visit → deducted (1 280 × 3 + 780 × 4)/28 = 6 960/28 = 248.571… → 248.57.
        // Agency: 1 280 × 10/28 = 457.142… → 457.14, plus 780 × 18/28 = 501.428… → 501.43, less 248.57 = 710.00.
        var week = Assert.Single(result.Lines, l => l.Reason == "WeekBelowStandard");
        Assert.Equal(-248.57m, week.Amount);
        Assert.Contains("少于应达 2 次（标准每周 3/2 次", week.ExplanationZh);
        Assert.Equal(710.00m, Agency(result));
        Assert.Equal(321.43m, Relative(result)); // 500 × 18/28
    }

    [Fact]
    public void CareModePeriods_Overlapping_AreRefused()
    {
        var error = Assert.Throws<ClaimException>(() => Family().Mode(CareMode.Home, Feb2027, new DateOnly(2027, 2, 14)).Mode(CareMode.FamilyCare, new DateOnly(2027, 2, 14)).Calculate());

        Assert.Equal(BillingCode.ClaimCareModeOverlap, error.Problem.Code);
        Assert.Equal("Client 张阿婆: the care-mode periods Home 2027-02-01–2027-02-14 and FamilyCare 2027-02-14–(ongoing) overlap; a day has one care mode.", error.Message);
    }

    [Theory]
    [InlineData("330902196001018816")] // wrong check character (…5 is right)
    [InlineData("330902196002308815")] // 30 February
    [InlineData("33090219600101881")] // 17 characters
    public void FamilyCaregiver_InvalidResidentId_IsRefusedWithTheIdMasked(string id)
    {
        var error = Assert.Throws<ClaimException>(() => Family().Relative(new DateOnly(2026, 12, 1), id).Calculate());

        Assert.Equal(BillingCode.ClaimFamilyCaregiverId, error.Problem.Code);
        Assert.DoesNotContain(id, error.Message);
        Assert.Contains("330", error.Message);
    }

    [Fact]
    public void FamilyCaregiver_ResidentIdEndingInLowerCaseX_IsValid()
    {
        // 11010519491231002 has the check character X, which may be written x
        const string first17 = "11010519491231002";
        var result = Family().Relative(new DateOnly(2026, 12, 1), first17 + "x").Weekly(90, 1, 3).Calculate();

        Assert.Equal(500.00m, Relative(result));
    }
}
