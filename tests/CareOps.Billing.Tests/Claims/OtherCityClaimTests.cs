using CareOps.Billing.Claims;
using CareOps.Billing.Policies;
using static CareOps.Billing.Tests.Claims.CaseBuilder;

namespace CareOps.Billing.Tests.Claims;

/// <summary>Beijing coinsurance and Shanghai hourly grades, amounts worked out by hand.</summary>
public sealed class OtherCityClaimTests
{
    private static CaseBuilder Beijing(DateOnly month) => new("beijing", CareMode.Home, month);

    private static CaseBuilder Shanghai(int grade) => new CaseBuilder("shanghai", CareMode.Home, Feb2027).Grade(grade);

    [Fact]
    public void Beijing_UnderTheCap_FundPaysSeventyPercent()
    {
        var result = Beijing(Feb2027).Weekly(60, 0, 1, 2, 3, 4).Calculate();

        // 20 visits × 1 h × 80 = 1 600.00; fund 70 % = 1 120.00; client 480.00
        Assert.Equal(1120.00m, result.FundTotal);
        Assert.Equal(480.00m, result.ClientTotal);
    }

    [Fact]
    public void Beijing_AboveTheBenefitLevel_FundStopsAt2100()
    {
        var result = Beijing(Feb2027).Weekly(90, 0, 1, 2, 3, 4, 5, 6).Calculate();

        // 28 visits × 1.5 h × 80 = 3 360.00 > 3 000: fund = 3 000 × 70 % = 2 100.00; client = 3 360 − 2 100 = 1 260.00
        Assert.Equal(2100.00m, result.FundTotal);
        Assert.Equal(1260.00m, result.ClientTotal);
        Assert.Equal("CoinsuranceCapped", result.Lines.Single(l => l.Kind == LineKind.Benefit).Reason);
    }

    [Fact]
    public void Beijing_HalfMonth_CapIsProRated()
    {
        var result = Beijing(Feb2027).Status(ClientState.Active, new DateOnly(2027, 2, 15)).Visits(120, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24).Calculate();

        // cap = 3 000 × 14/28 = 1 500; cost = 10 × 2 h × 80 = 1 600 → fund = 1 500 × 70 % = 1 050.00; client = 1 600 − 1 050 = 550.00
        Assert.Equal(1050.00m, result.FundTotal);
        Assert.Equal(550.00m, result.ClientTotal);
    }

    [Fact]
    public void Beijing_UncertifiedVisit_IsBorneByTheAgency()
    {
        var result = Beijing(Feb2027).Visits(60, 1, 2, 3, 4, 5, 8, 9, 10, 11, 12).Visit(new DateOnly(2027, 2, 15), certified: false).Calculate();

        // 10 certified hours × 80 = 800: fund 560.00, client 240.00; the uncertified hour (80.00) is billed to nobody
        Assert.Equal(560.00m, result.FundTotal);
        Assert.Equal(240.00m, result.ClientTotal);
        Assert.Contains("80.00", Assert.Single(result.Lines, l => l.Reason == "UncertifiedVisit").ExplanationZh);
    }

    [Fact]
    public void Beijing_OddMinutes_RoundOnlyAtTheLines()
    {
        var result = Beijing(Feb2027).Visits(61, 3).Calculate();

        // cost = 61 × 80 / 60 = 81.333… → 81.33; fund = 81.333… × 0.7 = 56.933… → 56.93; client = 81.33 − 56.93 = 24.40
        Assert.Equal(56.93m, result.FundTotal);
        Assert.Equal(24.40m, result.ClientTotal);
    }

    [Fact]
    public void Beijing_HalfFen_RoundsUpNotToEven()
    {
        var book = new PolicyBook(PolicyBook.Seed().Versions.Select(v => v.City == "beijing" ? v with { Coinsurance = v.Coinsurance! with { HourlyRate = 63m } } : v));

        var result = Beijing(Feb2027).Visits(63, 3).Calculate(book);

        // cost = 63 × 63 / 60 = 66.15; fund = 66.15 × 0.7 = 46.305 → half-up 46.31 (banker's rounding would give 46.30); client 19.84
        Assert.Equal(46.31m, result.FundTotal);
        Assert.Equal(19.84m, result.ClientTotal);
    }

    [Fact]
    public void Shanghai_Grade3_ThreeHoursAWeek()
    {
        var result = Shanghai(3).ThreeAWeek().Calculate();

        // 12 visits × 65 = 780.00: fund 90 % = 702.00, client 78.00
        Assert.Equal(702.00m, result.FundTotal);
        Assert.Equal(78.00m, result.ClientTotal);
    }

    [Fact]
    public void Shanghai_Grade4_SixthVisitOfAWeekIsNotInsured()
    {
        var result = Shanghai(4).Weekly(60, 0, 1, 2, 3, 4).Visit(new DateOnly(2027, 2, 6)).Calculate();

        // 5 a week × 4 weeks = 20 × 65 = 1 300: fund 1 170.00, client 130.00; Saturday 6 Feb is beyond the entitlement
        Assert.Equal(1170.00m, result.FundTotal);
        Assert.Equal(130.00m, result.ClientTotal);
        Assert.Single(result.Lines, l => l.Reason == "BeyondEntitlement");
    }

    [Fact]
    public void Shanghai_Grade6_WeekInHospitalEarnsNothing()
    {
        var result = Shanghai(6)
            .Status(ClientState.Active, new DateOnly(2026, 1, 1), new DateOnly(2027, 2, 7))
            .Status(ClientState.InHospital, new DateOnly(2027, 2, 8), new DateOnly(2027, 2, 14))
            .Status(ClientState.Active, new DateOnly(2027, 2, 15))
            .Weekly(60, 0, 1, 2, 3, 4, 5, 6)
            .Calculate();

        // 3 weeks × 7 = 21 visits × 65 = 1 365: fund 1 228.50, client 136.50; the 7 hospital-week visits do not count
        Assert.Equal(1228.50m, result.FundTotal);
        Assert.Equal(136.50m, result.ClientTotal);
        Assert.Equal(7, result.Lines.Count(l => l.Reason == "VisitNotCounted.NotActive"));
    }

    [Fact]
    public void Shanghai_Grade1_IsNotCoveredAndSaysSo()
    {
        var result = Shanghai(1).ThreeAWeek().Calculate();

        Assert.Equal(0m, result.FundTotal);
        Assert.Equal("GradeNotCovered", Assert.Single(result.Lines).Reason);
    }

    [Fact]
    public void Shanghai_ShortVisit_DoesNotCount()
    {
        var result = Shanghai(3).Visits(60, 1, 3).Visit(new DateOnly(2027, 2, 5), 50).Calculate();

        // two one-hour visits × 65 = 130: fund 117.00, client 13.00
        Assert.Equal(117.00m, result.FundTotal);
        Assert.Equal(13.00m, result.ClientTotal);
    }
}
