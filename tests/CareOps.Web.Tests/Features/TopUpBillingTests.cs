using CareOps.Billing.Payments;
using CareOps.Data.Domain;
using CareOps.Testing;
using CareOps.Web.Features.Billing;
using CareOps.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CareOps.Web.Tests.Features;

[Collection(EditingCollection.Name)]
public sealed class TopUpBillingTests(CareOpsApp app)
{
    private static readonly DateOnly Feb2027 = new(2027, 2, 1);

    /// <summary>R8: one 舟惠保 holder gets a 30-minute 舟惠保 visit, another client an extra self-paid visit.</summary>
    private async Task<(Guid Agency, Client Zhuhuibao, Client Family)> ArrangeAsync()
    {
        var agency = await app.AgencyIdAsync("R8");
        await using var db = app.Database(agency);
        var clients = await db.Clients.Include(c => c.Coverages).OrderBy(c => c.Name).ToListAsync();
        var holder = clients.First(c => c.Coverages.Any(x => x.Kind == CoverageKind.Zhuhuibao) && c.CareMode == CareMode.Home);
        var family = clients.First(c => c.Id != holder.Id);
        var caregiver = await db.Caregivers.OrderBy(c => c.Code).FirstAsync();
        Visit Extra(Client c, VisitFunding funding, int minutes)
        {
            var at = new DateTimeOffset(2027, 2, 10, 2, 0, 0, TimeSpan.Zero);
            return new Visit { ClientId = c.Id, CaregiverId = caregiver.Id, Date = new DateOnly(2027, 2, 10), PlannedStart = new TimeOnly(10, 0), PlannedMinutes = minutes, Status = VisitStatus.Completed, Funding = funding, CheckInAt = at, CheckOutAt = at.AddMinutes(minutes), LocationVerified = true };
        }

        db.Visits.AddRange(Extra(holder, VisitFunding.Zhuhuibao, 30), Extra(family, VisitFunding.SelfPay, 60));
        await db.SaveChangesAsync();
        return (agency, holder, family);
    }

    [Fact]
    public async Task Execute_InsurerAndFamilyInvoices_AreBuiltAndReRunningReplacesThem()
    {
        var (agency, _, family) = await ArrangeAsync();
        var bill = new BillTopUps(app.FactoryFor(agency));

        var first = await bill.ExecuteAsync(Feb2027);
        var again = await bill.ExecuteAsync(Feb2027);

        // 0.5 h of 舟惠保 service × 64 = 32.00 to the insurer; one extra visit × 60 = 60.00 to the family
        var insurer = Assert.Single(first, i => i.Payer == "ZhuhuibaoInsurer");
        Assert.Equal(3200L, insurer.TotalFen);
        var familyInvoice = Assert.Single(first, i => i.Payer == "Family");
        Assert.Equal((family.Id, 6000L), (familyInvoice.ClientId!.Value, familyInvoice.TotalFen));
        Assert.Contains("额外上门 1 次", familyInvoice.LinesJson);
        Assert.Equal(first.Count, again.Count);
    }

    [Fact]
    public async Task CardPayment_ForAFamilyInvoice_CreatesTheStripeInvoiceOnce()
    {
        await using var stripe = await FakeStripe.StartAsync();
        var (agency, _, _) = await ArrangeAsync();
        var invoices = await new BillTopUps(app.FactoryFor(agency)).ExecuteAsync(new DateOnly(2027, 2, 1));
        var family = invoices.First(i => i.Payer == "Family");
        var settings = new StripeSettings { SecretKey = FakeStripe.SecretKey, WebhookSecret = "whsec_x", ApiBase = stripe.BaseAddress };
        var create = new CreateCardPayment(app.FactoryFor(agency), settings, TimeProvider.System);

        var (url, problem) = await create.ExecuteAsync(family.Id);
        var (again, _) = await create.ExecuteAsync(family.Id);

        Assert.Null(problem);
        Assert.StartsWith("https://invoice.stripe.com/i/", url);
        Assert.Equal(url, again);
        Assert.Equal(1, stripe.InvoicesCreated);
        await using var db = app.Database(agency);
        var card = await db.CardInvoices.SingleAsync(c => c.HostedUrl == url);
        Assert.Equal(("Open", family.TotalFen), (card.Status, card.TotalFen));
    }

    [Fact]
    public async Task CardPayment_WithoutKeys_SaysItIsNotConfigured()
    {
        var agency = await app.AgencyIdAsync("R8");

        var (url, problem) = await new CreateCardPayment(app.FactoryFor(agency), new StripeSettings(), TimeProvider.System).ExecuteAsync(Guid.NewGuid());

        Assert.Null(url);
        Assert.Contains("not configured", problem);
    }
}
