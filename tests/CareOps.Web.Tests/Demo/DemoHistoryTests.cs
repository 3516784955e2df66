using CareOps.Data.Domain;
using CareOps.Web.Features.Demo;
using CareOps.Web.Tests.Features;
using CareOps.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CareOps.Web.Tests.Demo;

/// <summary>An app of its own whose R5 got its history: October whole and November to yesterday (today is Tuesday 11-24).</summary>
public sealed class HistoryApp : CareOpsApp, IAsyncLifetime
{
    /// <summary>The default start: the first day of the previous month.</summary>
    public static readonly DateOnly From = new(2026, 10, 1);

    /// <summary>The Monday of the week holding <see cref="From"/>: the first week planned.</summary>
    public static readonly DateOnly FirstMonday = new(2026, 9, 28);

    public Guid Agency { get; private set; }

    async Task IAsyncLifetime.InitializeAsync()
    {
        Agency = await AgencyIdAsync("R5");
        await Services.GetRequiredService<DemoHistory>().RunAsync(Options);
    }

    public static HistoryOptions Options => new() { Agencies = ["R5"], Parallel = 1 };

    // The app itself is disposed as any fixture (IAsyncDisposable).
    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
}

[CollectionDefinition(Name)]
public sealed class HistoryCollection : ICollectionFixture<HistoryApp>
{
    public const string Name = "demo-history";
}

[Collection(HistoryCollection.Name)]
public sealed class DemoHistoryTests(HistoryApp app, Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public async Task EveryWeek_PlannedByTheOptimizer_PublishedByTheBoardsCode()
    {
        await using var db = app.Database(app.Agency);

        var versions = await db.RosterVersions.AsNoTracking().OrderBy(v => v.WeekStart).ToListAsync();
        var runs = await db.RosterRuns.AsNoTracking().ToListAsync();

        Assert.Equal(Enumerable.Range(0, 9).Select(w => HistoryApp.FirstMonday.AddDays(7 * w)), versions.Select(v => v.WeekStart));
        Assert.All(versions, v => Assert.Equal((1, DemoHistory.SystemName), (v.Number, v.PublishedBy)));
        Assert.All(runs, r => Assert.Equal(RosterRunState.Completed, r.State));
        Assert.All(versions, v => Assert.True(v.Kpis.Scheduled >= 0.95 * v.Kpis.Required, $"{v.WeekStart}: {v.Kpis.Scheduled}/{v.Kpis.Required}"));
    }

    [Fact]
    public async Task PastVisits_CheckedInAndOutByThePhonesRules_TodayStaysPlanned()
    {
        await using var db = app.Database(app.Agency);
        var visits = await db.Visits.AsNoTracking().Where(v => v.Status != VisitStatus.Cancelled || v.CheckInAt == null).ToListAsync();
        var past = visits.Where(v => v.Date < CareOpsApp.Today).ToList();
        var done = past.Where(v => v.Status == VisitStatus.Completed).ToList();

        Assert.DoesNotContain(past, v => v.Status is VisitStatus.Planned or VisitStatus.CheckedIn);
        Assert.All(visits.Where(v => v.Date >= CareOpsApp.Today), v => Assert.Equal(VisitStatus.Planned, v.Status));
        Assert.True(done.Count > 500, $"{done.Count} visits done");

        // Each at the time it happened, on its day, judged; the audit has the phone's two steps at those times.
        Assert.All(done, v =>
        {
            Assert.Equal(v.Date, DateOnly.FromDateTime(Web.Infrastructure.AgencyClock.Local(v.CheckInAt!.Value).DateTime));
            Assert.True(v.CheckOutAt > v.CheckInAt);
            Assert.NotNull(v.Verdict);
            Assert.Null(v.CheckInDeviceAt);
        });
        var verified = done.Where(v => v.Verdict == VisitVerdict.Verified).OrderBy(v => v.Date).ThenBy(v => v.Id).ToList();
        var sample = verified[verified.Count / 2]; // a verified visit: no review entry (other tests review flagged ones)
        var audit = await db.VisitAudit.AsNoTracking().Where(a => a.VisitId == sample.Id).OrderBy(a => a.Id).ToListAsync();
        Assert.Equal(["CheckIn", "CheckOut"], audit.Select(a => a.Action));
        Assert.Equal([sample.CheckInAt!.Value, sample.CheckOutAt!.Value], audit.Select(a => a.At));

        // The exceptions are the exceptions: about 3 % flagged, each scenario seen, the rest verified with items.
        var flagged = done.Where(v => v.Verdict == VisitVerdict.Flagged).ToList();
        var share = (double)flagged.Count / done.Count;
        Assert.InRange(share, 0.01, 0.08);
        var reasons = flagged.SelectMany(v => v.FlagReasons).ToHashSet();
        Assert.Superset(new HashSet<FlagReason> { FlagReason.OffSchedule, FlagReason.OutsideGeofence, FlagReason.TooShort, FlagReason.Uncertified }, reasons);
        Assert.All(flagged.Where(v => v.FlagReasons.Contains(FlagReason.OutsideGeofence)), v => Assert.False(string.IsNullOrEmpty(v.CheckInReason)));
        Assert.All(done.Where(v => v.Verdict == VisitVerdict.Verified), v => Assert.True(v.LocationVerified));
    }

    [Fact]
    public async Task OneCaregiver_CertificateLapsedForAWeek_HerVisitsThenFlaggedUncertified()
    {
        await using var db = app.Database(app.Agency);
        var lapsed = await db.Caregivers.AsNoTracking().Include(c => c.Certificates).Where(c => c.Certificates.Count == 2).ToListAsync();

        var caregiver = Assert.Single(lapsed);
        var periods = caregiver.Certificates.OrderBy(p => p.ValidFrom).ToList();
        var gap = (From: periods[0].ValidUntil.AddDays(1), To: periods[1].ValidFrom.AddDays(-1));
        Assert.Equal((HistoryApp.FirstMonday.AddDays(7), HistoryApp.FirstMonday.AddDays(13)), gap);
        var hers = await db.Visits.AsNoTracking().Where(v => v.CaregiverId == caregiver.Id && v.Status == VisitStatus.Completed).ToListAsync();
        var inGap = hers.Where(v => v.Date >= gap.From && v.Date <= gap.To).ToList();
        Assert.NotEmpty(inGap);
        Assert.All(inGap, v => Assert.Contains(FlagReason.Uncertified, v.FlagReasons));
        Assert.All(hers.Except(inGap), v => Assert.DoesNotContain(FlagReason.Uncertified, v.FlagReasons));

    }

    [Fact]
    public async Task Hospital_And_Death_MidMonth_VisitsMissedOrCancelled_LaterWeeksWithoutThem()
    {
        await using var db = app.Database(app.Agency);
        var clients = await db.Clients.AsNoTracking().Include(c => c.StatusPeriods).ToListAsync();
        var hospital = Assert.Single(clients, c => c.StatusPeriods.Any(p => p.Note == "脑梗住院"));
        var died = Assert.Single(clients, c => c.StatusPeriods.Any(p => p.Status == ClientStatus.Deceased));
        var stay = hospital.StatusPeriods.Single(p => p.Status == ClientStatus.InHospital);
        var death = died.StatusPeriods.Single(p => p.Status == ClientStatus.Deceased).From;

        // Periods never overlap (the claim engine refuses overlaps).
        foreach (var c in new[] { hospital, died })
        {
            var ordered = c.StatusPeriods.OrderBy(p => p.From).ToList();
            Assert.All(ordered.Zip(ordered.Skip(1)), pair => Assert.True(pair.First.To < pair.Second.From));
        }

        var visits = await db.Visits.AsNoTracking().Where(v => v.ClientId == hospital.Id || v.ClientId == died.Id).ToListAsync();
        Assert.DoesNotContain(visits, v => v.ClientId == hospital.Id && v.Date >= stay.From && v.Date <= stay.To!.Value && v.Status == VisitStatus.Completed);
        Assert.DoesNotContain(visits, v => v.ClientId == died.Id && v.Date >= death && v.Status is VisitStatus.Completed or VisitStatus.Planned);
        Assert.Contains(visits, v => v.ClientId == died.Id && v.Date < death && v.Status == VisitStatus.Completed);
    }

    [Fact]
    public async Task MonthClose_OnTheHistory_DeductionsAreTheExceptions()
    {
        var close = new CareOps.Web.Features.Billing.CloseMonth(app.FactoryFor(app.Agency), app.Clock, app.Finance(app.Agency));

        var draft = await close.DraftAsync(new DateOnly(2026, 10, 1));

        Assert.True(draft.Succeeded, string.Join(", ", draft.Problems.Select(p => p.Key)));
        var batch = (await close.LoadAsync(draft.Value!.Id))!;
        await using var db = app.Database(app.Agency);
        var uncertified = (await db.Visits.AsNoTracking().Where(v => v.Date.Month == 10 && v.Verdict == VisitVerdict.Flagged).ToListAsync())
            .Where(v => v.FlagReasons.Contains(FlagReason.Uncertified)).Select(v => v.ClientId.ToString()).ToHashSet();
        var clients = batch.Lines.GroupBy(l => l.ClientId).ToList();
        bool Deducted(IGrouping<string, CareOps.Billing.Batches.BatchLine> client) => client.Any(l => l.Kind == CareOps.Billing.Claims.LineKind.Deduction);
        var others = clients.Where(c => !uncertified.Contains(c.Key)).ToList();
        var gross = batch.Lines.Where(l => l.Payer == CareOps.Billing.Claims.Payer.Fund && l.Kind != CareOps.Billing.Claims.LineKind.Deduction).Sum(l => l.Amount);
        var deducted = -batch.Lines.Where(l => l.Payer == CareOps.Billing.Claims.Payer.Fund && l.Kind == CareOps.Billing.Claims.LineKind.Deduction).Sum(l => l.Amount);
        output.WriteLine($"October, R5: fund {gross - deducted:0.00} after {deducted:0.00} deducted of {gross:0.00}; {clients.Count} client-months; {uncertified.Count} seen by the caregiver whose certificate lapsed, "
            + $"{clients.Count(c => uncertified.Contains(c.Key) && Deducted(c))} of them with a deduction; of the {others.Count} others {others.Count(Deducted)}");

        // Reviewed before close (late and away-from-home visits accepted, short ones rejected): a deduction is the
        // exception. The clients of the week without a certificate lose that week, as the rules say.
        Assert.True(clients.Count > 50, $"{clients.Count} client-months");
        Assert.NotEmpty(uncertified);
        Assert.True(others.Count(Deducted) < 0.25 * others.Count, $"{others.Count(Deducted)} of {others.Count} client-months have a deduction");
        var othersLines = others.SelectMany(c => c).Where(l => l.Payer == CareOps.Billing.Claims.Payer.Fund).ToList();
        var othersDeducted = -othersLines.Where(l => l.Kind == CareOps.Billing.Claims.LineKind.Deduction).Sum(l => l.Amount);
        var othersGross = othersLines.Where(l => l.Kind != CareOps.Billing.Claims.LineKind.Deduction).Sum(l => l.Amount);
        output.WriteLine($"the others: {othersDeducted:0.00} deducted of {othersGross:0.00}");
        Assert.InRange(othersDeducted, 0.01m, 0.05m * othersGross);
        Assert.All(clients.Where(c => uncertified.Contains(c.Key)), c => Assert.True(Deducted(c), $"client {c.Key}"));
    }

    [Fact]
    public async Task RunAgain_ChangesNothing()
    {
        async Task<(int Versions, int Audit, int Completed, int Periods)> CountAsync()
        {
            await using var db = app.Database(app.Agency);
            return (await db.RosterVersions.CountAsync(), await db.VisitAudit.CountAsync(), await db.Visits.CountAsync(v => v.Status == VisitStatus.Completed),
                await db.Clients.SelectMany(c => c.StatusPeriods).CountAsync());
        }

        var before = await CountAsync();
        await app.Services.GetRequiredService<DemoHistory>().RunAsync(HistoryApp.Options);

        Assert.Equal(before, await CountAsync());
        Assert.True(app.Services.GetRequiredService<DemoHistoryProgress>().Finished);
    }
}
