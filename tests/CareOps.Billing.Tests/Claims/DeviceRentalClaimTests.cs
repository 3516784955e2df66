using CareOps.Billing.Claims;
using CareOps.Billing.Policies;
using static CareOps.Billing.Tests.Claims.CaseBuilder;

namespace CareOps.Billing.Tests.Claims;

/// <summary>
/// Assistive-device rentals under the Jining seed (illustrative figures: electric bed 180 a month, mattress 40,
/// multi-function wheelchair 80; the fund pays 70 %). February 2027 has 28 days. Amounts by hand above each assert.
/// </summary>
public sealed class DeviceRentalClaimTests
{
    private static CaseBuilder Jining() => new("jining", CareMode.Home, Feb2027);

    private static (decimal Fund, decimal Client)[] Rentals(ClaimResult r) =>
    [
        .. r.Lines.Where(l => l.Reason == "DeviceRental").Zip(r.Lines.Where(l => l.Reason == "DeviceRentalCoPayment"), (f, c) => (f.Amount, c.Amount)),
    ];

    [Fact]
    public void Rental_WholeMonth_FundPaysItsShareAndTheClientTheRest()
    {
        var result = Jining().Rent("BED-ELECTRIC", new DateOnly(2027, 1, 15)).Calculate();

        // 180 × 28/28 = 180.00: fund 180 × 0.7 = 126.00, client 54.00, both to the device supplier
        Assert.Equal([(126.00m, 54.00m)], Rentals(result));
        Assert.Equal(126.00m, result.Total(Payer.Fund, Payee.DeviceSupplier));
        Assert.Equal(54.00m, result.ClientTotal);
        var fund = result.Lines.Single(l => l.Reason == "DeviceRental");
        Assert.Equal((LineKind.Benefit, Payee.DeviceSupplier), (fund.Kind, fund.Payee));
        Assert.Equal("电动护理床（BED-ELECTRIC）租赁 2027-01-15 起，本月可支付 28/28 天：月租金 180.00 元 × 28/28 = 180.00 元，基金支付 70% = 126.00 元。", fund.ExplanationZh);
        Assert.Equal(LineKind.CoPayment, result.Lines.Single(l => l.Reason == "DeviceRentalCoPayment").Kind);
    }

    [Fact]
    public void Rental_PartOfTheMonth_IsProRatedByItsDaysAndRoundedOnce()
    {
        var result = Jining().Rent("WHEELCHAIR-MULTI", new DateOnly(2027, 2, 18), new DateOnly(2027, 2, 28)).Calculate();

        // 18–28 Feb = 11 days: rent 80 × 11/28 = 31.428… → 31.43; fund 56 × 11/28 = 22.00; client 31.43 − 22.00 = 9.43
        Assert.Equal([(22.00m, 9.43m)], Rentals(result));
    }

    [Fact]
    public void Rental_TwoDevices_AreTwoPairsOfLinesApartFromCare()
    {
        var result = Jining().Rent("MATTRESS-STATIC", new DateOnly(2027, 2, 15)).Rent("BED-ELECTRIC", new DateOnly(2027, 1, 15)).Calculate();

        // bed (from 15 Jan, listed first): 126.00 + 54.00; mattress 15–28 Feb = 14 days: 40 × 14/28 = 20.00, fund 28 × 14/28 = 14.00, client 6.00
        Assert.Equal([(126.00m, 54.00m), (14.00m, 6.00m)], Rentals(result));
        Assert.Equal(140.00m, result.Total(Payer.Fund, Payee.DeviceSupplier));
        Assert.Equal(0.00m, result.Total(Payer.Fund, Payee.Agency)); // Jining's care benefits are not modelled: 0.00
        Assert.Equal(60.00m, result.ClientTotal);
    }

    [Fact]
    public void Rental_DuringAHospitalStay_PaysTheDaysInCareAndNotesTheRest()
    {
        var result = Jining().Status(ClientState.Active, new DateOnly(2027, 1, 1), new DateOnly(2027, 2, 9))
            .Status(ClientState.InHospital, new DateOnly(2027, 2, 10), new DateOnly(2027, 2, 12))
            .Status(ClientState.Active, new DateOnly(2027, 2, 13))
            .Rent("BED-ELECTRIC", new DateOnly(2027, 1, 15)).Calculate();

        // 25 payable days: rent 180 × 25/28 = 160.714… → 160.71; fund 126 × 25/28 = 112.50; client 48.21; 3 days noted
        Assert.Equal([(112.50m, 48.21m)], Rentals(result));
        var note = Assert.Single(result.Lines, l => l.Reason == "DeviceNotPayable");
        Assert.Equal(0.00m, note.Amount);
        Assert.Contains("本月有 3 天在租", note.ExplanationZh);
    }

    [Fact]
    public void Rental_OutsideTheMonth_HasNoLine()
    {
        var result = Jining().Rent("BED-ELECTRIC", new DateOnly(2026, 10, 1), new DateOnly(2027, 1, 31)).Calculate();

        Assert.DoesNotContain(result.Lines, l => l.Payee == Payee.DeviceSupplier);
    }

    [Fact]
    public void Rental_BeforeTheAssessmentIsValid_IsNotPaid()
    {
        var claim = Jining().Rent("BED-ELECTRIC", new DateOnly(2027, 2, 1)).Build();
        var result = new ClaimCalculator(PolicyBook.Seed()).Calculate(claim with { Client = claim.Client with { EligibleFrom = new DateOnly(2027, 2, 22) } });

        // payable 22–28 Feb = 7 days: rent 45.00, fund 126 × 7/28 = 31.50, client 13.50; the 21 days before are noted
        Assert.Equal([(31.50m, 13.50m)], Rentals(result));
        Assert.Contains("本月有 21 天在租", result.Lines.Single(l => l.Reason == "DeviceNotPayable").ExplanationZh);
    }

    [Fact]
    public void Rental_FundShareAsAnAmount_PaysThatAmountProRated()
    {
        var book = ZhoushanClaimTests.WithZhoushan(v => v with
        {
            Devices = [new RentableDevice { Code = "BED", NameZh = "护理床", MonthlyRent = 150m, FundMonthly = 100m }],
        });

        var result = new CaseBuilder("zhoushan", CareMode.Home, Feb2027).ThreeAWeek().Rent("BED", new DateOnly(2027, 2, 15)).Calculate(book);

        // 14 days: rent 150 × 14/28 = 75.00, fund 100 × 14/28 = 50.00, client 25.00; the agency's package is untouched
        Assert.Equal([(50.00m, 25.00m)], Rentals(result));
        Assert.Equal(1280.00m, result.Total(Payer.Fund, Payee.Agency));
        Assert.Contains("基金每月支付 100.00 元 × 14/28 = 50.00 元", result.Lines.Single(l => l.Reason == "DeviceRental").ExplanationZh);
    }

    [Fact]
    public void Rental_UnknownDevice_IsRefusedNamingIt()
    {
        var error = Assert.Throws<ClaimException>(() => Jining().Rent("WALKER", new DateOnly(2027, 2, 1)).Calculate());

        Assert.Equal(BillingCode.ClaimDeviceUnknown, error.Problem.Code);
        Assert.Equal(["张阿婆", "WALKER", "jining", 1], error.Problem.Args);
        Assert.StartsWith("Client 张阿婆: device WALKER is not in the device list of policy jining v1 (BED-ELECTRIC, ", error.Message);
    }

    [Fact]
    public void Rental_InACityWithoutDevices_IsRefused()
    {
        var error = Assert.Throws<ClaimException>(() => new CaseBuilder("zhoushan", CareMode.Home, Feb2027).Rent("BED-ELECTRIC", new DateOnly(2027, 2, 1)).Calculate());

        Assert.Equal("Client 张阿婆: device BED-ELECTRIC is not in the device list of policy zhoushan v1, which rents no devices.", error.Message);
    }

    [Fact]
    public void Rental_EndingBeforeItStarts_IsRefused()
    {
        var error = Assert.Throws<ClaimException>(() => Jining().Rent("BED-ELECTRIC", new DateOnly(2027, 2, 10), new DateOnly(2027, 2, 9)).Calculate());

        Assert.Equal(BillingCode.ClaimRentalEndBeforeStart, error.Problem.Code);
    }

    [Fact]
    public void Rental_SameDeviceTwiceOnADay_IsRefused()
    {
        var error = Assert.Throws<ClaimException>(() => Jining().Rent("BED-ELECTRIC", new DateOnly(2027, 2, 1), new DateOnly(2027, 2, 15)).Rent("bed-electric", new DateOnly(2027, 2, 15)).Calculate());

        Assert.Equal(BillingCode.ClaimRentalOverlap, error.Problem.Code);
        Assert.Equal("Client 张阿婆: two rentals of BED-ELECTRIC share 2027-02-15; a device is rented once a day.", error.Message);
    }
}
