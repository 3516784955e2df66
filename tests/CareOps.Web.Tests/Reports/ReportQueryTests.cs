using CareOps.Data;
using CareOps.Data.Domain;
using CareOps.Web.Features.Reports;
using Microsoft.Extensions.Time.Testing;

namespace CareOps.Web.Tests.Reports;

/// <summary>One hand-made database per provider, made on first use and shared by the read-only report tests.</summary>
public sealed class ReportDataFixture : IAsyncLifetime
{
    private readonly Dictionary<DatabaseProvider, Task<ReportData>> made = [];
    private readonly Lock gate = new();

    public Task<ReportData> For(DatabaseProvider provider)
    {
        lock (gate)
        {
            if (!made.TryGetValue(provider, out var data))
            {
                made[provider] = data = ReportData.CreateAsync(provider);
            }

            return data;
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var data in made.Values)
        {
            await (await data).DisposeAsync();
        }
    }
}

/// <summary>
/// The five reports on <see cref="ReportData"/>, January–February 2027, with every figure worked out by hand, on
/// SQLite and PostgreSQL; who may read what.
/// </summary>
public sealed class ReportQueryTests(ReportDataFixture fixture) : IClassFixture<ReportDataFixture>
{
    private static readonly ReportRange JanFeb = new(ReportData.Jan, ReportData.Feb);
    private static readonly DateOnly Jan = ReportData.Jan;
    private static readonly DateOnly Feb = ReportData.Feb;

    [Theory]
    [MemberData(nameof(ReportData.Providers), MemberType = typeof(ReportData))]
    public async Task FundIncome_Finance_EachClientsNewestVersionByCareMode_WithoutRejectedCoPaymentOrNoteLines(DatabaseProvider provider)
    {
        var data = await fixture.For(provider);

        var report = (await data.QueryAs(Roles.Finance, data.A).FundIncomeAsync(JanFeb)).Value!;

        // January is v2 (a full correction): 1 280 − 320 − 100 for the home client; 780 + 500 family care; 1 400 institutional.
        // February: v1 for the home client (the co-payment is the client's, the note has no money); the institutional
        // client's line was rejected and v2 claims her again, 1 400 − 50.
        Assert.Equal(
            [
                new FundIncomeRow("TA", Jan, CareMode.Home, 860.00m),
                new FundIncomeRow("TA", Jan, CareMode.FamilyCare, 1280.00m),
                new FundIncomeRow("TA", Jan, CareMode.Institutional, 1400.00m),
                new FundIncomeRow("TA", Feb, CareMode.Home, 1280.00m),
                new FundIncomeRow("TA", Feb, CareMode.Institutional, 1350.00m),
            ],
            report.Rows);
        Assert.Equal(["TA"], report.Agencies);
        Assert.False(report.AllAgencies);
    }

    [Theory]
    [MemberData(nameof(ReportData.Providers), MemberType = typeof(ReportData))]
    public async Task Deductions_Admin_LinesInForceByReason_BiggestFirst(DatabaseProvider provider)
    {
        var data = await fixture.For(provider);

        var report = (await data.QueryAs(Roles.AgencyAdmin, data.A).DeductionsAsync(JanFeb)).Value!;

        Assert.Equal(
            [
                new DeductionRow("TA", Jan, "WeekBelowStandard", 1, 320.00m),
                new DeductionRow("TA", Jan, "UncertifiedVisit", 1, 100.00m),
                new DeductionRow("TA", Feb, "UncertifiedVisit", 1, 50.00m),
            ],
            report.Rows);
    }

    [Theory]
    [MemberData(nameof(ReportData.Providers), MemberType = typeof(ReportData))]
    public async Task CaregiverHours_CountedVisitsAgainstAvailableHoursUpToTheAgencysToday(DatabaseProvider provider)
    {
        var data = await fixture.For(provider);

        var report = (await data.QueryAs(Roles.Finance, data.A).CaregiverHoursAsync(JanFeb)).Value!;

        // cg01: Mon–Fri 8–17, 40 h a week → 8 h a day; January's 21 weekdays less a week's holiday = 16 days; February up
        // to Wednesday 10th (China; UTC is still the 9th) = 8 days. cg02: Mon/Wed/Fri 9–13 → 4 h a day; 13 days, then 5.
        // Counted: verified, or accepted on review (the rejected 30 min and the waiting 45 min are not); cg03 is inactive.
        Assert.Equal(
            [
                new CaregiverHoursRow("TA", Jan, "cg01", "护一", 2, 2.50m, 128m),
                new CaregiverHoursRow("TA", Jan, "cg02", "护二", 1, 1.25m, 52m),
                new CaregiverHoursRow("TA", Feb, "cg01", "护一", 2, 1.50m, 64m),
                new CaregiverHoursRow("TA", Feb, "cg02", "护二", 0, 0m, 20m),
            ],
            report.Rows);
        Assert.Equal([0.0195m, 0.0240m, 0.0234m, 0m], report.Rows.Select(r => r.Utilisation));
    }

    [Theory]
    [MemberData(nameof(ReportData.Providers), MemberType = typeof(ReportData))]
    public async Task Verification_RateAndFlagsByReason_PerMonth(DatabaseProvider provider)
    {
        var data = await fixture.For(provider);

        var report = (await data.QueryAs(Roles.Finance, data.A).VerificationAsync(JanFeb)).Value!;

        var (jan, feb) = (report.Rows[0], report.Rows[1]);
        Assert.Equal(2, report.Rows.Count);
        Assert.Equal(("TA", Jan, 5, 2, 3, 1, 1, 1, 0.4m), (jan.Agency, jan.Month, jan.Finished, jan.Verified, jan.Flagged, jan.Accepted, jan.Rejected, jan.Waiting, jan.Rate));
        Assert.Equal(
            new Dictionary<FlagReason, int>
            {
                [FlagReason.TooShort] = 1,
                [FlagReason.OutsideGeofence] = 1,
                [FlagReason.NoLocation] = 0,
                [FlagReason.Uncertified] = 0,
                [FlagReason.NoItems] = 1,
                [FlagReason.OffSchedule] = 1,
                [FlagReason.DeviceClock] = 0,
            },
            jan.Flags);
        Assert.Equal(("TA", Feb, 2, 2, 0, 1.0m), (feb.Agency, feb.Month, feb.Finished, feb.Verified, feb.Flagged, feb.Rate));
        Assert.All(feb.Flags.Values, n => Assert.Equal(0, n));
    }

    [Theory]
    [MemberData(nameof(ReportData.Providers), MemberType = typeof(ReportData))]
    public async Task ZhuhuibaoHours_OwedPerTheTopUpRules_DeliveredFromCountedZhuhuibaoVisits(DatabaseProvider provider)
    {
        var data = await fixture.For(provider);

        var report = (await data.QueryAs(Roles.Finance, data.A).ZhuhuibaoHoursAsync(JanFeb)).Value!;

        // 32 CNY a month ÷ 64 CNY an hour = 0.5 h for a whole month. 甲二 is covered from 17 January: 32 × 15/31 = 15.48 CNY
        // = 0.24 h. Delivered: 甲一 75 min in January (more than owed), 甲二 30 min in February (exactly owed).
        Assert.Equal(
            [new ZhuhuibaoRow("TA", Jan, 2, 0.74m, 1.25m, 1), new ZhuhuibaoRow("TA", Feb, 2, 1.00m, 0.50m, 1)],
            report.Rows);
    }

    [Theory]
    [MemberData(nameof(ReportData.Providers), MemberType = typeof(ReportData))]
    public async Task Operator_SeesEveryAgencySideBySide(DatabaseProvider provider)
    {
        var data = await fixture.For(provider);
        var query = data.QueryAs(Roles.Operator);

        var income = (await query.FundIncomeAsync(JanFeb)).Value!;
        var hours = (await query.CaregiverHoursAsync(JanFeb)).Value!;
        var verification = (await query.VerificationAsync(JanFeb)).Value!;
        var zhuhuibao = (await query.ZhuhuibaoHoursAsync(JanFeb)).Value!;
        var deductions = (await query.DeductionsAsync(JanFeb)).Value!;

        Assert.True(income.AllAgencies);
        Assert.Equal(["TA", "TB"], income.Agencies);
        Assert.Equal(new FundIncomeRow("TB", Jan, CareMode.Home, 1280.00m), income.Rows[^1]);
        Assert.Equal(6, income.Rows.Count);
        Assert.Equal(
            [new CaregiverHoursRow("TB", Jan, "cg01", "乙护一", 1, 2.00m, 168m), new CaregiverHoursRow("TB", Feb, "cg01", "乙护一", 0, 0m, 64m)],
            hours.Rows.Where(r => r.Agency == "TB"));
        Assert.Equal(6, hours.Rows.Count);
        Assert.Equal([("TA", Jan), ("TA", Feb), ("TB", Jan)], verification.Rows.Select(r => (r.Agency, r.Month)));
        Assert.Equal(
            [new ZhuhuibaoRow("TB", Jan, 1, 0.50m, 0m, 1), new ZhuhuibaoRow("TB", Feb, 1, 0.50m, 0m, 1)],
            zhuhuibao.Rows.Where(r => r.Agency == "TB"));
        Assert.Equal(3, deductions.Rows.Count);
    }

    [Theory]
    [MemberData(nameof(ReportData.Providers), MemberType = typeof(ReportData))]
    public async Task FinanceOfTheOtherAgency_SeesOnlyItsOwn(DatabaseProvider provider)
    {
        var data = await fixture.For(provider);
        var query = data.QueryAs(Roles.Finance, data.B);

        var income = (await query.FundIncomeAsync(JanFeb)).Value!;
        var hours = (await query.CaregiverHoursAsync(JanFeb)).Value!;
        var verification = (await query.VerificationAsync(JanFeb)).Value!;
        var zhuhuibao = (await query.ZhuhuibaoHoursAsync(JanFeb)).Value!;

        Assert.Equal([new FundIncomeRow("TB", Jan, CareMode.Home, 1280.00m)], income.Rows);
        Assert.Equal(["TB"], income.Agencies);
        Assert.All(hours.Rows, r => Assert.Equal("TB", r.Agency));
        Assert.Equal(["TB"], verification.Rows.Select(r => r.Agency));
        Assert.All(zhuhuibao.Rows, r => Assert.Equal("TB", r.Agency));
        Assert.Empty((await query.DeductionsAsync(JanFeb)).Value!.Rows);
    }

    [Theory]
    [InlineData(Roles.Caregiver, "Error.NotAllowed")]
    [InlineData(Roles.Dispatcher, "Error.NotAllowed")]
    [InlineData(null, "Error.SignedOut")]
    public async Task Others_AreRefused(string? role, string problem)
    {
        var data = await fixture.For(DatabaseProvider.Sqlite);
        var query = data.QueryAs(role, data.A);

        var outcomes = new[]
        {
            (await query.FundIncomeAsync(JanFeb)).Problems,
            (await query.DeductionsAsync(JanFeb)).Problems,
            (await query.CaregiverHoursAsync(JanFeb)).Problems,
            (await query.VerificationAsync(JanFeb)).Problems,
            (await query.ZhuhuibaoHoursAsync(JanFeb)).Problems,
        };

        Assert.All(outcomes, p => Assert.Equal(problem, Assert.Single(p).Key));
    }

    [Fact]
    public async Task FinanceWithoutAnAgency_IsRefused()
    {
        var data = await fixture.For(DatabaseProvider.Sqlite);

        var outcome = await data.QueryAs(Roles.Finance).FundIncomeAsync(JanFeb);

        Assert.Null(outcome.Value);
        Assert.Equal("Error.NotAllowed", Assert.Single(outcome.Problems).Key);
    }

    [Fact]
    public async Task Range_BackwardsOrTooLong_IsRefusedNotClamped()
    {
        var data = await fixture.For(DatabaseProvider.Sqlite);
        var query = data.QueryAs(Roles.Finance, data.A);

        var backwards = await query.FundIncomeAsync(new ReportRange(Feb, Jan));
        var tooLong = await query.VerificationAsync(new ReportRange(new DateOnly(2025, 1, 1), new DateOnly(2027, 1, 1)));

        Assert.Equal("Error.ReportRangeBackwards", Assert.Single(backwards.Problems).Key);
        Assert.Equal(("Error.ReportRangeTooLong", 25), (Assert.Single(tooLong.Problems).Key, (int)tooLong.Problems[0].Args[0]));
    }

    [Fact]
    public void Counts_AgreesWithTheVisitsOwnRule_OnEveryCombination()
    {
        var compiled = ReportQuery.Counts.Compile();
        var visits =
            from status in Enum.GetValues<VisitStatus>()
            from verdict in new VisitVerdict?[] { null, VisitVerdict.Verified, VisitVerdict.Flagged }
            from review in new VisitReview?[] { null, VisitReview.Accepted, VisitReview.Rejected }
            select new Visit { Status = status, Verdict = verdict, Review = review };

        Assert.All(visits, v => Assert.Equal(v.Counts, compiled(v)));
    }

    [Fact]
    public void DefaultRange_IsTheAgencysMonthAndTheTwoBefore_InChinaTime()
    {
        // 17:30 UTC on 31 January is already 1 February in China.
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 1, 31, 17, 30, 0, TimeSpan.Zero));

        var range = ReportRange.Read(null, null, clock)!;

        Assert.Equal((new DateOnly(2026, 12, 1), Feb), (range.From, range.To));
        Assert.Equal(new ReportRange(Jan, Feb), ReportRange.Read("2027-01", "2027-02", clock));
        Assert.Null(ReportRange.Read("2027-01", null, clock));
        Assert.Null(ReportRange.Read("January", "2027-02", clock));
    }
}
