using CareOps.Billing.Claims;
using CareOps.Billing.Policies;
using CareOps.Billing.TopUps;

namespace CareOps.Billing.Tests.TopUps;

/// <summary>Top-ups billed on top of the fund; expected amounts worked out by hand in the comments.</summary>
public sealed class TopUpTests
{
    private static readonly DateOnly Feb2027 = new(2027, 2, 1);
    // The rules come from the shipped Zhoushan policy (data), as they do in the app.
    private static readonly TopUpCalculator Calculator = new(PolicyBook.Seed().Resolve("zhoushan", Feb2027)!.TopUps!);

    private static TopUpCase Case(CareMode mode = CareMode.Home, DateOnly? activeFrom = null, params CoverageSpan[] coverages) => new()
    {
        Month = Feb2027,
        Client = new ClientInfo { Id = "c1", Name = "张阿婆", CareMode = mode, Status = [new StatusSpan { State = ClientState.Active, From = activeFrom ?? new DateOnly(2025, 1, 1) }] },
        Coverages = coverages,
    };

    private static CoverageSpan Cover(CoverageType type, string? product = null, DateOnly? from = null) => new() { Type = type, Product = product, From = from ?? new DateOnly(2025, 1, 1) };

    private static TopUpInvoice Single(IReadOnlyList<TopUpInvoice> invoices, TopUpPayer payer) => Assert.Single(invoices, i => i.Payer == payer);

    [Theory]
    [InlineData("0.5", "32.00")]   // owed 32 ÷ 64 = 0.5 h; delivered 0.5 h → 0.5 × 64 = 32.00
    [InlineData("0.25", "16.00")]  // delivered 0.25 h → 16.00, 0.25 h still owed
    [InlineData("2", "32.00")]     // more than owed: billed up to the benefit
    [InlineData("0", "0.00")]
    public void Zhuhuibao_Home_BillsDeliveredHoursUpToTheBenefit(string delivered, string expected)
    {
        var c = Case(coverages: Cover(CoverageType.Zhuhuibao)) with { ZhuhuibaoHoursDelivered = decimal.Parse(delivered, System.Globalization.CultureInfo.InvariantCulture) };

        var invoice = Single(Calculator.Calculate(c), TopUpPayer.ZhuhuibaoInsurer);

        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), invoice.Total);
    }

    [Fact]
    public void Zhuhuibao_ShortDelivery_SaysHowManyHoursAreStillOwed()
    {
        var c = Case(coverages: Cover(CoverageType.Zhuhuibao)) with { ZhuhuibaoHoursDelivered = 0.25m };

        Assert.Contains("尚欠 0.25 小时", Single(Calculator.Calculate(c), TopUpPayer.ZhuhuibaoInsurer).Lines[0].ExplanationZh);
    }

    [Fact]
    public void Zhuhuibao_Institutional_Is60AMonth()
    {
        var c = Case(CareMode.Institutional, null, Cover(CoverageType.Zhuhuibao)) with { ZhuhuibaoHoursDelivered = 1m };

        // owed 60 ÷ 64 = 0.9375 h; delivered 1 h → 0.9375 × 64 = 60.00
        Assert.Equal(60.00m, Single(Calculator.Calculate(c), TopUpPayer.ZhuhuibaoInsurer).Total);
    }

    [Fact]
    public void Zhuhuibao_HalfMonthInCare_HalvesTheHoursOwed()
    {
        var c = Case(activeFrom: new DateOnly(2027, 2, 15), coverages: Cover(CoverageType.Zhuhuibao)) with { ZhuhuibaoHoursDelivered = 0.5m };

        // 32 × 14/28 = 16 → 0.25 h owed → 16.00
        Assert.Equal(16.00m, Single(Calculator.Calculate(c), TopUpPayer.ZhuhuibaoInsurer).Total);
    }

    [Fact]
    public void NoCoverage_NoInvoice() =>
        Assert.Empty(Calculator.Calculate(Case() with { ZhuhuibaoHoursDelivered = 1m, SocialAssistanceDelivered = 100m }));

    [Theory]
    [InlineData("450", null, "400.00")]        // capped at 400
    [InlineData("250", null, "250.00")]        // what was delivered
    [InlineData("300", "2027-02-15", "200.00")] // 400 × 14/28 = 200
    public void SocialAssistance_BillsDeliveredServiceUpToTheMonthlyAmount(string delivered, string? activeFrom, string expected)
    {
        var c = Case(activeFrom: activeFrom is null ? null : DateOnly.Parse(activeFrom, System.Globalization.CultureInfo.InvariantCulture), coverages: Cover(CoverageType.SocialAssistance))
            with
        { SocialAssistanceDelivered = decimal.Parse(delivered, System.Globalization.CultureInfo.InvariantCulture) };

        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), Single(Calculator.Calculate(c), TopUpPayer.CivilAffairs).Total);
    }

    [Fact]
    public void Commercial_PerDayAboveTheCap_PaysTheCap()
    {
        var c = Case(coverages: Cover(CoverageType.Commercial, "长护安心保", new DateOnly(2026, 10, 1)));

        // waiting 90 days → from 2026-12-30; Feb: 28 × 20 = 560 > 500 → 500.00
        var line = Single(Calculator.Calculate(c), TopUpPayer.CommercialInsurer).Lines.Single();
        Assert.Equal((500.00m, "CommercialCapped"), (line.Amount, line.Reason));
    }

    [Fact]
    public void Commercial_StillInWaitingPeriod_PaysNothingAndSaysWhen()
    {
        var c = Case(coverages: Cover(CoverageType.Commercial, "长护安心保", new DateOnly(2026, 12, 15)));

        var line = Single(Calculator.Calculate(c), TopUpPayer.CommercialInsurer).Lines.Single();

        Assert.Equal((0.00m, "WaitingPeriod"), (line.Amount, line.Reason));
        Assert.Contains("2027-03-15", line.ExplanationZh);
    }

    [Fact]
    public void Commercial_WaitingEndsMidMonth_PaysFromThatDay()
    {
        var c = Case(coverages: Cover(CoverageType.Commercial, "长护安心保", new DateOnly(2026, 11, 20)));

        // from 2026-11-20 + 90 days = 2027-02-18: 18–28 Feb = 11 days × 20 = 220.00
        Assert.Equal(220.00m, Single(Calculator.Calculate(c), TopUpPayer.CommercialInsurer).Total);
    }

    [Fact]
    public void Commercial_PerMonthProduct_IsProRatedByDays()
    {
        var full = Case(coverages: Cover(CoverageType.Commercial, "夕阳红护理险", new DateOnly(2026, 1, 1)));
        var half = Case(activeFrom: new DateOnly(2027, 2, 15), coverages: Cover(CoverageType.Commercial, "夕阳红护理险", new DateOnly(2026, 1, 1)));

        // 300 × 28/28 = 300.00; 300 × 14/28 = 150.00
        Assert.Equal(300.00m, Single(Calculator.Calculate(full), TopUpPayer.CommercialInsurer).Total);
        Assert.Equal(150.00m, Single(Calculator.Calculate(half), TopUpPayer.CommercialInsurer).Total);
    }

    [Fact]
    public void Commercial_SameProductEndedAndRestarted_IsCappedOnceAndWaitsFromTheFirstStart()
    {
        var c = Case(coverages:
        [
            new CoverageSpan { Type = CoverageType.Commercial, Product = "长护安心保", From = new DateOnly(2026, 10, 1), To = new DateOnly(2027, 2, 9) },
            new CoverageSpan { Type = CoverageType.Commercial, Product = "长护安心保", From = new DateOnly(2027, 2, 10) },
        ]);

        // one product: 28 days × 20 = 560 → capped once at 500.00; the restart on 10 Feb does not restart the waiting period
        Assert.Equal(500.00m, Assert.Single(Calculator.Calculate(c), i => i.Payer == TopUpPayer.CommercialInsurer).Total);
    }

    [Fact]
    public void Family_ExtraVisitsAndCoPayment_AreOneInvoice()
    {
        var c = Case() with { ExtraVisits = 2, CoPayment = 78.00m };

        var invoice = Single(Calculator.Calculate(c), TopUpPayer.Family);

        // 2 × 60 = 120.00 + 78.00 = 198.00
        Assert.Equal(198.00m, invoice.Total);
        Assert.Equal(["ExtraVisits", "CoPayment"], invoice.Lines.Select(l => l.Reason));
    }

    [Fact]
    public void EveryPillar_GetsItsOwnInvoice()
    {
        var c = Case(coverages: [Cover(CoverageType.Zhuhuibao), Cover(CoverageType.SocialAssistance), Cover(CoverageType.Commercial, "夕阳红护理险", new DateOnly(2026, 1, 1))])
            with
        { ZhuhuibaoHoursDelivered = 0.5m, SocialAssistanceDelivered = 400m, ExtraVisits = 1 };

        var invoices = Calculator.Calculate(c);

        Assert.Equal([TopUpPayer.ZhuhuibaoInsurer, TopUpPayer.CivilAffairs, TopUpPayer.CommercialInsurer, TopUpPayer.Family], invoices.Select(i => i.Payer));
        Assert.Equal(32.00m + 400.00m + 300.00m + 60.00m, invoices.Sum(i => i.Total));
    }
}
