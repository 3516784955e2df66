using System.Text.Json;
using CareOps.Billing.Policies;

namespace CareOps.Billing.Tests;

/// <summary>The family-care rule and the device list as policy data: validated, and stored as the app stores them (JSON).</summary>
public sealed class FamilyCareAndDevicePolicyTests
{
    private static readonly PolicyVersion Jining = PolicyBook.Seed().Resolve("jining", new DateOnly(2027, 2, 1))!;

    private static readonly PolicyVersion Zhoushan = PolicyBook.Seed().Resolve("zhoushan", new DateOnly(2027, 2, 1))!;

    private static RentableDevice Bed => Jining.Devices[0];

    [Fact]
    public void Seed_Jining_RentsTheFiveDevicesOfThePilotWithItsAssumptionsLabelled()
    {
        Assert.Equal(["电动护理床", "手动轮椅", "多功能轮椅", "移位车", "静态防褥疮垫"], Jining.Devices.Select(d => d.NameZh));
        Assert.Equal((180m, 0.7m, 126m), (Bed.MonthlyRent, Bed.FundShare!.Value, Bed.FundPerMonth));
        Assert.Contains(Jining.Assumptions, a => a.Contains("illustrative", StringComparison.Ordinal));
        Assert.Contains("示例", Jining.NameZh, StringComparison.Ordinal);
    }

    [Fact]
    public void PolicyWithFamilyCareAndDevices_RoundTripsThroughTheStoredJson()
    {
        // PolicyStore keeps JsonSerializer.Serialize(version, PolicyBook.Json) and reads it back the same way.
        var version = Zhoushan with
        {
            Devices = [Bed, new RentableDevice { Code = "LIFT", NameZh = "移位车", MonthlyRent = 200m, FundMonthly = 120m }],
            Assumptions = ["设备租金为示例"],
        };

        var json = JsonSerializer.Serialize(version, PolicyBook.Json);
        var again = JsonSerializer.Deserialize<PolicyVersion>(json, PolicyBook.Json)!;

        Assert.Equal(json, JsonSerializer.Serialize(again, PolicyBook.Json));
        Assert.Equal(new FamilyCareRules { Monthly = 500m, RequiresTraining = true }, again.FamilyCare);
        Assert.Equal([Bed, version.Devices[1]], again.Devices);
        Assert.Equal(["设备租金为示例"], again.Assumptions);
        Assert.Contains("\"familyCare\": {", json);
        Assert.Contains("\"fundMonthly\": 120", json);
    }

    [Fact]
    public void PolicyStoredBeforeTheseFields_ReadsWithTheirDefaults()
    {
        const string json = """
            { "city": "x", "version": 1, "effectiveFrom": "2024-01-01", "nameZh": "x", "nameEn": "x", "shape": "CappedCoinsurance",
              "coinsurance": { "hourlyRate": 80, "monthlyCap": 3000, "fundShare": 0.7 } }
            """;

        var version = JsonSerializer.Deserialize<PolicyVersion>(json, PolicyBook.Json)!;

        Assert.Null(version.FamilyCare);
        Assert.Empty(version.Devices);
        Assert.Empty(version.Assumptions);
        Assert.Empty(PolicyValidator.Problems(version));
    }

    [Fact]
    public void Validator_BrokenDevices_NameEachDevice()
    {
        var broken = Jining with
        {
            Devices =
            [
                Bed with { MonthlyRent = 0m },
                Bed with { Code = "B2", FundShare = 1.5m },
                Bed with { Code = "B3", FundMonthly = 50m }, // both a ratio and an amount
                Bed with { Code = "B4", FundShare = null, FundMonthly = 200m }, // more than the rent
                Bed with { Code = "bed-electric" }, // the first's code again
            ],
        };

        var problems = PolicyValidator.Problems(broken).Select(p => (p.Code, Device: (string)p.Args[0])).ToList();

        Assert.Equal(
            [(BillingCode.PolicyDeviceRent, "BED-ELECTRIC"), (BillingCode.PolicyDeviceShare, "B2"), (BillingCode.PolicyDeviceShare, "B3"),
             (BillingCode.PolicyDeviceShare, "B4"), (BillingCode.PolicyDeviceCode, "bed-electric")],
            problems);
    }

    [Fact]
    public void Validator_FamilyCare_IsPaidByOneRuleWithItsAgencyPart()
    {
        var relativeInMode = Zhoushan with
        {
            Package = Zhoushan.Package! with
            {
                Modes = [.. Zhoushan.Package.Modes.Select(m => m.Mode == CareMode.FamilyCare ? m with { Monthly = [.. m.Monthly, new PayeeAmount { Payee = Payee.FamilyCaregiver, Amount = 500m }] } : m)],
            },
        };
        var noMode = Zhoushan with { Package = Zhoushan.Package! with { Modes = [.. Zhoushan.Package.Modes.Where(m => m.Mode != CareMode.FamilyCare)] } };
        var negative = Zhoushan with { FamilyCare = new FamilyCareRules { Monthly = -1m } };
        var fraction = Zhoushan with { FamilyCare = new FamilyCareRules { Monthly = 500.005m } };

        Assert.Equal([BillingCode.PolicyFamilyCarePaidTwice], PolicyValidator.Problems(relativeInMode).Select(p => p.Code));
        Assert.Equal([BillingCode.PolicyFamilyCareModeMissing], PolicyValidator.Problems(noMode).Select(p => p.Code));
        Assert.Equal([BillingCode.PolicyFamilyCareAmount], PolicyValidator.Problems(negative).Select(p => p.Code));
        Assert.Equal([BillingCode.PolicyFamilyCareAmount], PolicyValidator.Problems(fraction).Select(p => p.Code));
    }
}
