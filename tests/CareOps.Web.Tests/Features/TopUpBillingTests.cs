using CareOps.Billing.Payments;
using CareOps.Data;
using CareOps.Data.Domain;
using CareOps.Data.Tenancy;
using CareOps.Testing;
using CareOps.Web.Features.Billing;
using CareOps.Web.Infrastructure;
using CareOps.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace CareOps.Web.Tests.Features;

[Collection(EditingCollection.Name)]
public sealed class TopUpBillingTests(CareOpsApp app)
{
    private static readonly DateOnly Feb2027 = new(2027, 2, 1);

    /// <summary>R8: one 舟惠保 holder gets a 30-minute 舟惠保 visit, another client an extra self-paid visit.</summary>
    private async Task<(Guid Agency, Client Zhuhuibao, Client Family)> ArrangeAsync(DateOnly? month = null)
    {
        var day = (month ?? Feb2027).AddDays(9);
        var agency = await app.AgencyIdAsync("R8");
        await using var db = app.Database(agency);
        var clients = await db.Clients.Include(c => c.Coverages).OrderBy(c => c.Name).ToListAsync();
        var holder = clients.First(c => c.Coverages.Any(x => x.Kind == CoverageKind.Zhuhuibao) && c.CareMode == CareMode.Home);
        var family = clients.First(c => c.Id != holder.Id);
        var caregiver = await db.Caregivers.OrderBy(c => c.Code).FirstAsync();
        Visit Extra(Client c, VisitFunding funding, int minutes)
        {
            var at = new DateTimeOffset(day.ToDateTime(new TimeOnly(2, 0)), TimeSpan.Zero);
            return new Visit { ClientId = c.Id, CaregiverId = caregiver.Id, Date = day, PlannedStart = new TimeOnly(10, 0), PlannedMinutes = minutes, Status = VisitStatus.Completed, Funding = funding, CheckInAt = at, CheckOutAt = at.AddMinutes(minutes), LocationVerified = true };
        }

        db.Visits.AddRange(Extra(holder, VisitFunding.Zhuhuibao, 30), Extra(family, VisitFunding.SelfPay, 60));
        await db.SaveChangesAsync();
        return (agency, holder, family);
    }

    [Fact]
    public async Task Execute_InsurerAndFamilyInvoices_AreBuiltAndReRunningReplacesThem()
    {
        var (agency, _, family) = await ArrangeAsync();
        var bill = new BillTopUps(app.FactoryFor(agency), app.Finance(agency), app.Clock);

        var first = (await bill.ExecuteAsync(Feb2027)).Value!.Invoices;
        var again = (await bill.ExecuteAsync(Feb2027)).Value!.Invoices;

        // 0.5 h of 舟惠保 service × 64 = 32.00 to the insurer; one extra visit × 60 = 60.00 to the family
        var insurer = Assert.Single(first, i => i.Payer == "ZhuhuibaoInsurer");
        Assert.Equal(3200L, insurer.TotalFen);
        var familyInvoice = Assert.Single(first, i => i.Payer == "Family");
        Assert.Equal((family.Id, 6000L), (familyInvoice.ClientId!.Value, familyInvoice.TotalFen));
        Assert.Contains("额外上门 1 次", familyInvoice.LinesJson);
        Assert.Equal(first.Count, again.Count);
    }

    [Fact]
    public async Task Execute_SaysWhatItDid_PerPayerTotals_WhatWasNotBilledAndWhy_AndAuditsTheInvoices()
    {
        // June 2027 (no other test bills it): one more client holds a commercial product the policy does not list.
        var month = new DateOnly(2027, 6, 1);
        var (agency, _, family) = await ArrangeAsync(month);
        await using (var db = app.Database(agency))
        {
            var other = await db.Clients.Include(c => c.Coverages).Where(c => c.Id != family.Id && !c.Coverages.Any()).OrderBy(c => c.Name).FirstAsync();
            other.Coverages.Add(new Coverage { Kind = CoverageKind.Commercial, Product = "无此产品", From = month.AddMonths(-2) });
            await db.SaveChangesAsync();
        }

        var bill = new BillTopUps(app.FactoryFor(agency), app.Finance(agency), app.Clock);
        var first = (await bill.ExecuteAsync(month)).Value!;
        var report = (await bill.ExecuteAsync(month)).Value!;

        // Totals per payer add up to the invoices; families are one row.
        Assert.Equal(report.Invoices.Sum(i => i.TotalFen), report.Payers.Sum(p => CareOps.Billing.Money.ToFen(p.Total)));
        Assert.Equal(report.Invoices.Count, report.Payers.Sum(p => p.Invoices));
        Assert.Single(report.Payers, p => p.Payer == "Family");
        Assert.Equal(32.00m, report.Payers.Single(p => p.Payer == "ZhuhuibaoInsurer").Total);

        // Not billed, with the engine's reason: the unknown product; every entry has its sentence in both languages.
        var unknown = Assert.Single(report.NotBilled, n => n.Reason == "NotInPolicy" && n.PayerName == "无此产品");
        Assert.Contains("本月不结算", unknown.ExplanationZh);
        Assert.All(report.NotBilled, n => Assert.False(string.IsNullOrWhiteSpace(n.ExplanationZh) || string.IsNullOrWhiteSpace(n.ExplanationEn)));

        // Audit: each invoice of the first run issued then replaced, each of the second issued; the clerk named.
        await using var read = app.Database(agency);
        var audit = await read.BillingAudit.AsNoTracking().Where(a => a.Month == month && a.Subject == AuditSubject.TopUpInvoice).ToListAsync();
        foreach (var invoice in first.Invoices)
        {
            Assert.Equal(["Issued", "Replaced"], audit.Where(a => a.SubjectId == invoice.Id).OrderBy(a => a.Id).Select(a => a.To));
        }

        Assert.All(report.Invoices, i => Assert.Equal("", Assert.Single(audit, a => a.SubjectId == i.Id).From));
        Assert.All(audit, a => Assert.False(string.IsNullOrEmpty(a.By)));
    }

    [Fact]
    public async Task Execute_BilledTwice_KeepsOneInvoicePerPayer()
    {
        var month = new DateOnly(2027, 4, 1);
        var (agency, _, _) = await ArrangeAsync(month);
        var bill = new BillTopUps(app.FactoryFor(agency), app.Finance(agency), app.Clock);

        var first = (await bill.ExecuteAsync(month)).Value!.Invoices;
        var again = (await bill.ExecuteAsync(month)).Value!.Invoices;

        await using var db = app.Database(agency);
        var stored = await db.TopUpInvoices.Where(i => i.Month == month).ToListAsync();
        Assert.NotEmpty(first);
        Assert.Equal(Payers(first), Payers(again));
        Assert.Equal(Payers(again), Payers(stored));
        Assert.Equal(stored.Count, stored.Select(i => (i.Payer, i.PayerName, i.ClientId)).Distinct().Count());
        Assert.All(stored, i => Assert.Equal(TopUpInvoiceRecord.KeyOf(i.Payer, i.PayerName, i.ClientId), i.PayerKey));
    }

    /// <summary>Two finance clerks click "Bill the month" at the same moment, each with its own context.</summary>
    [Fact]
    public async Task Execute_TwoRunsAtOnce_LeaveOneSetOfInvoicesAndNoCrash()
    {
        var month = new DateOnly(2027, 5, 1);
        var (agency, _, _) = await ArrangeAsync(month);
        var expected = Payers((await new BillTopUps(app.FactoryFor(agency), app.Finance(agency), app.Clock).ExecuteAsync(month)).Value!.Invoices);

        for (var round = 0; round < 5; round++)
        {
            var runs = Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
            {
                var run = await new BillTopUps(app.FactoryFor(agency), app.Finance(agency), app.Clock).ExecuteAsync(month);

                // The loser is told so (Error.TopUpsBilledConcurrently) and saved nothing.
                return run.Value is { } report ? Payers(report.Invoices) : null;
            })).ToList();

            var results = await Task.WhenAll(runs);

            Assert.Contains(results, r => r is not null);
            Assert.All(results.OfType<List<string>>(), r => Assert.Equal(expected, r));
            await using var db = app.Database(agency);
            Assert.Equal(expected, Payers(await db.TopUpInvoices.Where(i => i.Month == month).ToListAsync()));
        }
    }

    /// <summary>The other run replaced the invoices after this one read them: this run says so and writes nothing.</summary>
    [Fact]
    public async Task Execute_InvoicesReplacedByAnotherRunMeanwhile_IsRefusedAndRollsBack()
    {
        var month = new DateOnly(2027, 6, 1);
        var (agency, _, _) = await ArrangeAsync(month);
        var before = (await new BillTopUps(app.FactoryFor(agency), app.Finance(agency), app.Clock).ExecuteAsync(month)).Value!.Invoices;
        var racing = new BillTopUps(new RacingFactory(app, agency, month), app.Finance(agency), app.Clock);

        var refused = await racing.ExecuteAsync(month);

        Assert.Equal("Error.TopUpsBilledConcurrently", Assert.Single(refused.Problems).Key);
        await using var db = app.Database(agency);
        Assert.Equal(before.Select(i => i.Id).Order(), (await db.TopUpInvoices.Where(i => i.Month == month).Select(i => i.Id).ToListAsync()).Order());
    }

    private static List<string> Payers(IEnumerable<TopUpInvoiceRecord> invoices) =>
        invoices.Select(i => $"{i.Payer}|{i.PayerName}|{i.ClientId}|{i.TotalFen}").Order(StringComparer.Ordinal).ToList();

    /// <summary>
    /// Contexts whose first save (deleting the month's old invoices) finds them already gone, as when another
    /// clerk's run deleted them between this run's read and its write.
    /// </summary>
    private sealed class RacingFactory(CareOpsApp app, Guid agency, DateOnly month) : IDbContextFactory<CareOpsDb>
    {
        public CareOpsDb CreateDbContext()
        {
            var options = new DbContextOptionsBuilder<CareOpsDb>(app.Services.GetRequiredService<DatabaseInfo>().ContextOptions())
                .AddInterceptors(new DeleteFirst(month)).Options;
            return new CareOpsDb(options, new FixedTenant(agency));
        }
    }

    private sealed class DeleteFirst(DateOnly month) : SaveChangesInterceptor
    {
        private bool done;

        public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (!done && eventData.Context is CareOpsDb db)
            {
                done = true;
                await db.TopUpInvoices.Where(i => i.Month == month && i.CardInvoiceId == null).ExecuteDeleteAsync(cancellationToken);
            }

            return result;
        }
    }

    [Fact]
    public async Task CardPayment_ForAFamilyInvoice_CreatesTheStripeInvoiceOnce()
    {
        await using var stripe = await FakeStripe.StartAsync();
        var (agency, _, _) = await ArrangeAsync();
        var invoices = (await new BillTopUps(app.FactoryFor(agency), app.Finance(agency), app.Clock).ExecuteAsync(new DateOnly(2027, 2, 1))).Value!.Invoices;
        var family = invoices.First(i => i.Payer == "Family");
        var settings = new StripeSettings { SecretKey = FakeStripe.SecretKey, WebhookSecret = "whsec_x", ApiBase = stripe.BaseAddress };
        var create = new CreateCardPayment(app.FactoryFor(agency), settings, app.Clock, app.Finance(agency));

        var link = await create.ExecuteAsync(family.Id);
        var url = link.Value;
        var again = (await create.ExecuteAsync(family.Id)).Value;

        Assert.Empty(link.Problems);
        Assert.StartsWith("https://invoice.stripe.com/i/", url);
        Assert.Equal(url, again);
        Assert.Equal(1, stripe.InvoicesCreated);
        await using var db = app.Database(agency);
        var card = await db.CardInvoices.SingleAsync(c => c.HostedUrl == url);
        Assert.Equal((CardInvoiceStatus.Open, family.TotalFen), (card.Status, card.TotalFen));
    }

    [Fact]
    public async Task CardPayment_WithoutKeys_SaysItIsNotConfigured()
    {
        var agency = await app.AgencyIdAsync("R8");

        var link = await new CreateCardPayment(app.FactoryFor(agency), new StripeSettings(), app.Clock, app.Finance(agency)).ExecuteAsync(Guid.NewGuid());

        Assert.Null(link.Value);
        Assert.Equal("Error.CardNotConfigured", Assert.Single(link.Problems).Key);
    }
}
