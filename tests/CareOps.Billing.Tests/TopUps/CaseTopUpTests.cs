using CareOps.Billing.Claims;
using CareOps.Billing.Policies;
using CareOps.Billing.Tests.Claims;
using CareOps.Billing.TopUps;

namespace CareOps.Billing.Tests.TopUps;

/// <summary>Top-ups written in a claim case: the claim engine bills them with the city policy's top-up rules. Amounts by hand.</summary>
public sealed class CaseTopUpTests
{
    private static readonly DateOnly Feb2027 = CaseBuilder.Feb2027;

    private static CoverageSpan Cover(CoverageType type, string? product = null, DateOnly? from = null) =>
        new() { Type = type, Product = product, From = from ?? new DateOnly(2025, 1, 1) };

    private static ClaimResult Calculate(CaseBuilder builder, CaseTopUps? topUps) =>
        new ClaimCalculator(PolicyBook.Seed()).Calculate(builder.Build() with { TopUps = topUps });

    [Fact]
    public void NoTopUpsBlock_NoTopUpInvoices()
    {
        var result = Calculate(new CaseBuilder("beijing", CareMode.Home, Feb2027).Visits(60, 1, 2), null);

        // The Beijing client owes a co-payment (2 h × 80 = 160 − 70 % = 48.00), but without the block no invoice is made.
        Assert.Equal(48.00m, result.ClientTotal);
        Assert.Empty(result.TopUps);
    }

    [Fact]
    public void HalfAMonthInCare_ProRatesZhuhuibaoAndSocialAssistance()
    {
        // Active from 15 Feb: 14/28 days. 舟惠保 32 × 14/28 = 16 → 16 ÷ 64 = 0.25 h owed; 1 h delivered → 0.25 × 64 = 16.00.
        // Social assistance 400 × 14/28 = 200; 300 delivered → 200.00.
        var builder = new CaseBuilder("zhoushan", CareMode.Home, Feb2027).Status(ClientState.Active, new DateOnly(2027, 2, 15));
        var topUps = new CaseTopUps
        {
            Coverages = [Cover(CoverageType.Zhuhuibao), Cover(CoverageType.SocialAssistance)],
            ZhuhuibaoHoursDelivered = 1m,
            SocialAssistanceDelivered = 300m,
        };

        var result = Calculate(builder, topUps);

        Assert.Equal([(TopUpPayer.ZhuhuibaoInsurer, 16.00m), (TopUpPayer.CivilAffairs, 200.00m)], result.TopUps.Select(i => (i.Payer, i.Total)));
    }

    [Fact]
    public void Beijing_FamilyInvoiceCarriesTheClaimsCoPaymentAndExtraVisits()
    {
        // 10 one-hour visits: 10 × 80 = 800 (under the 3 000 level); fund 70 % = 560.00, client 240.00.
        // Family: 1 extra visit × 80 (Beijing's self-pay price) = 80.00 + co-payment 240.00 = 320.00.
        var builder = new CaseBuilder("beijing", CareMode.Home, Feb2027).Visits(60, 1, 2, 3, 4, 5, 8, 9, 10, 11, 12);

        var result = Calculate(builder, new CaseTopUps { ExtraVisits = 1 });

        Assert.Equal((560.00m, 240.00m), (result.FundTotal, result.ClientTotal));
        var family = Assert.Single(result.TopUps);
        Assert.Equal(TopUpPayer.Family, family.Payer);
        Assert.Equal([("ExtraVisits", 80.00m), ("CoPayment", 240.00m)], family.Lines.Select(l => (l.Reason, l.Amount)));
        Assert.Equal(320.00m, family.Total);
    }

    [Fact]
    public void CommercialProductTheCityDoesNotList_IsANoteLineNotSilence()
    {
        var result = Calculate(new CaseBuilder("zhoushan", CareMode.Home, Feb2027), new CaseTopUps { Coverages = [Cover(CoverageType.Commercial, "不存在的保险")] });

        var invoice = Assert.Single(result.TopUps);
        var line = Assert.Single(invoice.Lines);
        Assert.Equal((TopUpPayer.CommercialInsurer, "不存在的保险", 0.00m, "NotInPolicy"), (invoice.Payer, invoice.PayerName, line.Amount, line.Reason));
    }

    [Fact]
    public void ZhuhuibaoInACityWithoutIt_IsANoteLine()
    {
        // Beijing's policy has no 舟惠保 rules: nothing billed, and the line says why.
        var result = Calculate(new CaseBuilder("beijing", CareMode.Home, Feb2027), new CaseTopUps { Coverages = [Cover(CoverageType.Zhuhuibao)], ZhuhuibaoHoursDelivered = 1m });

        var line = Assert.Single(Assert.Single(result.TopUps).Lines);
        Assert.Equal((0.00m, "NotInPolicy"), (line.Amount, line.Reason));
    }

    [Fact]
    public void CoverageEndingBeforeItStarts_CoversNoDay()
    {
        // The app records a coverage added and removed on the same day this way (to = from − 1): nothing to bill, no error.
        var coverage = Cover(CoverageType.Zhuhuibao, from: new DateOnly(2027, 2, 10)) with { To = new DateOnly(2027, 2, 9) };

        var result = Calculate(new CaseBuilder("zhoushan", CareMode.Home, Feb2027), new CaseTopUps { Coverages = [coverage], ZhuhuibaoHoursDelivered = 1m });

        Assert.Empty(result.TopUps);
    }

    [Theory]
    [InlineData("zhuhuibaoHoursDelivered")]
    [InlineData("socialAssistanceDelivered")]
    [InlineData("extraVisits")]
    public void NegativeDelivery_IsRefused(string field)
    {
        var topUps = field switch
        {
            "zhuhuibaoHoursDelivered" => new CaseTopUps { ZhuhuibaoHoursDelivered = -0.5m },
            "socialAssistanceDelivered" => new CaseTopUps { SocialAssistanceDelivered = -1m },
            _ => new CaseTopUps { ExtraVisits = -1 },
        };

        var error = Assert.Throws<ClaimException>(() => Calculate(new CaseBuilder("zhoushan", CareMode.Home, Feb2027), topUps));

        Assert.Equal(BillingCode.ClaimTopUpNegative, error.Problem.Code);
        Assert.Equal(field, error.Problem.Args[1]);
    }
}
