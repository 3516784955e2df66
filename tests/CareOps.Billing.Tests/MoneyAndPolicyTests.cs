using System.Text.Json;
using CareOps.Billing.Claims;
using CareOps.Billing.Policies;

namespace CareOps.Billing.Tests;

public sealed class MoneyAndPolicyTests
{
    [Theory]
    [InlineData("2.665", "2.67")]
    [InlineData("2.675", "2.68")]
    [InlineData("0.125", "0.13")]
    [InlineData("-0.125", "-0.13")]
    [InlineData("1280", "1280.00")]
    public void Fen_RoundsHalfUp(string amount, string expected) =>
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), Money.Fen(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Fen_StoredAsIntegerFen_RoundTrips() => Assert.Equal(1142.86m, Money.FromFen(Money.ToFen(1142.857m)));

    [Fact]
    public void Seed_HasTheThreeCitiesWithTheirFigures()
    {
        var book = PolicyBook.Seed();
        var on = new DateOnly(2026, 11, 1);

        var zhoushan = book.Resolve("zhoushan", on)!;
        var beijing = book.Resolve("Beijing", on)!;
        var shanghai = book.Resolve("shanghai", on)!;

        Assert.Equal(1280m, zhoushan.Package!.For(CareMode.Home)!.Monthly.Single().Amount);
        Assert.Equal(3, zhoushan.Package.For(CareMode.Home)!.VisitsPerWeek);
        Assert.Equal(780m, zhoushan.Package.For(CareMode.FamilyCare)!.Monthly.Single(m => m.Payee == Payee.Agency).Amount);
        Assert.Equal((500m, true), (zhoushan.FamilyCare!.Monthly, zhoushan.FamilyCare.RequiresTraining));
        Assert.Equal(1400m, zhoushan.Package.For(CareMode.Institutional)!.Monthly.Single().Amount);
        Assert.Equal((3000m, 0.70m), (beijing.Coinsurance!.MonthlyCap, beijing.Coinsurance.FundShare));
        Assert.Equal((65m, 0.90m), (shanghai.Hourly!.HourlyRate, shanghai.Hourly.FundShare));
        Assert.Equal([3, 3, 5, 7, 7], Enumerable.Range(2, 5).Select(g => shanghai.Hourly.VisitsPerWeekFor(g)!.Value));
        Assert.Null(book.Resolve("zhoushan", new DateOnly(2020, 1, 1)));
    }

    [Fact]
    public void Validator_SeedPolicies_HaveNoProblems() =>
        Assert.All(PolicyBook.Seed().Versions, v => Assert.Empty(PolicyValidator.Problems(v)));

    [Fact]
    public void Validator_BrokenFigures_AreCodesWithTheirArguments()
    {
        var zhoushan = PolicyBook.Seed().Resolve("zhoushan", new DateOnly(2026, 11, 1))!;
        var home = zhoushan.Package!.For(CareMode.Home)!;
        var broken = zhoushan with
        {
            Version = 0,
            Package = zhoushan.Package with { Modes = [home with { VisitsPerWeek = 30 }, .. zhoushan.Package.Modes.Skip(1)] },
        };

        var problems = PolicyValidator.Problems(broken);

        Assert.Contains(problems, p => p.Code == BillingCode.PolicyVersionTooLow);
        Assert.Contains(problems, p => p.Code == BillingCode.PolicyModeVisits && Equals(p.Args.Single(), CareMode.Home));
    }

    [Fact]
    public void Policies_RoundTripThroughJson()
    {
        var book = PolicyBook.Seed();

        var again = PolicyBook.FromJson(JsonSerializer.Serialize(book.Versions, PolicyBook.Json));

        Assert.Equal(JsonSerializer.Serialize(book.Versions, PolicyBook.Json), JsonSerializer.Serialize(again.Versions, PolicyBook.Json));
    }

    [Fact]
    public void ClaimCase_ReadsFromHandWrittenJson()
    {
        const string json = """
            {
              "city": "zhoushan", "month": "2027-02-01",
              "client": { "id": "c9", "careMode": "Home", "status": [ { "state": "Active", "from": "2027-01-01" } ] },
              "visits": [ { "id": "a", "date": "2027-02-01", "checkIn": "09:00", "checkOut": "10:05", "locationVerified": true } ]
            }
            """;

        var claim = JsonSerializer.Deserialize<ClaimCase>(json, PolicyBook.Json)!;
        var result = new ClaimCalculator(PolicyBook.Seed()).Calculate(claim);

        Assert.Equal(65, claim.Visits[0].Minutes);
        // one visit in four weeks: every week short → 1 280 − 4 × 320 = 0.00
        Assert.Equal(0.00m, result.FundTotal);
        Assert.Equal(4, result.Lines.Count(l => l.Reason == "WeekBelowStandard"));
    }
}
