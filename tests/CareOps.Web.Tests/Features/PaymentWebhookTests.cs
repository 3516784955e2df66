using System.Net;
using System.Security.Cryptography;
using System.Text;
using CareOps.Data.Domain;
using CareOps.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CareOps.Web.Tests.Features;

[Collection(PaymentsCollection.Name)]
public sealed class PaymentWebhookTests(PaymentsApp app)
{
    private static string Payload(string eventId, string type, string stripeInvoice, long amountPaid) =>
        "{\"id\":\"" + eventId + "\",\"object\":\"event\",\"api_version\":\"2025-01-27.acacia\",\"created\":1800000000,\"livemode\":false,\"type\":\"" + type + "\","
        + "\"data\":{\"object\":{\"id\":\"" + stripeInvoice + "\",\"object\":\"invoice\",\"amount_paid\":" + amountPaid + ",\"currency\":\"cny\",\"metadata\":{}}}}";

    private static string Sign(string payload, DateTimeOffset at, string secret = PaymentsApp.WebhookSecret)
    {
        var t = at.ToUnixTimeSeconds();
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{t}.{payload}"));
        return $"t={t},v1={Convert.ToHexString(mac).ToLowerInvariant()}";
    }

    private async Task<HttpResponseMessage> PostAsync(string payload, string signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/payments/stripe/webhook") { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
        request.Headers.Add("Stripe-Signature", signature);
        return await app.Browser().SendAsync(request);
    }

    private async Task<CardInvoiceRecord> InvoiceAsync(string stripeInvoice)
    {
        var agency = await app.AgencyIdAsync("R3");
        await using var db = app.Database(agency);
        var invoice = new CardInvoiceRecord { Id = Guid.NewGuid(), Month = new DateOnly(2027, 2, 1), PayerName = "家属", TotalFen = 19800, StripeInvoiceId = stripeInvoice, CreatedAt = app.Clock.GetUtcNow() };
        db.CardInvoices.Add(invoice);
        await db.SaveChangesAsync();
        return invoice;
    }

    private async Task<CardInvoiceRecord> ReloadAsync(Guid id)
    {
        await using var db = app.Database(await app.AgencyIdAsync("R3"));
        return await db.CardInvoices.AsNoTracking().SingleAsync(i => i.Id == id);
    }

    [Fact]
    public async Task PaidEvent_DeliveredTwice_IsAppliedExactlyOnce()
    {
        var invoice = await InvoiceAsync("in_web_paid");
        var payload = Payload("evt_paid_1", "invoice.paid", "in_web_paid", 19800);

        var first = await PostAsync(payload, Sign(payload, app.Clock.GetUtcNow()));
        var second = await PostAsync(payload, Sign(payload, app.Clock.GetUtcNow()));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, second.StatusCode));
        Assert.Contains("already processed", await second.Content.ReadAsStringAsync());
        var saved = await ReloadAsync(invoice.Id);
        Assert.Equal((CardInvoiceStatus.Paid, 19800L), (saved.Status, saved.PaidFen));
        await using var db = app.Database(null);
        Assert.Equal(1, await db.ProcessedPaymentEvents.CountAsync(e => e.EventId == "evt_paid_1"));
    }

    [Fact]
    public async Task PaidEvent_ForAnInvoiceNotRecordedYet_IsNotAcknowledgedUntilItIs()
    {
        var payload = Payload("evt_early", "invoice.paid", "in_web_early", 19800);

        var early = await PostAsync(payload, Sign(payload, app.Clock.GetUtcNow()));
        await using (var db = app.Database(null))
        {
            Assert.False(await db.ProcessedPaymentEvents.AnyAsync(e => e.EventId == "evt_early"));
        }

        var invoice = await InvoiceAsync("in_web_early");
        var retry = await PostAsync(payload, Sign(payload, app.Clock.GetUtcNow()));

        Assert.Equal((HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK), (early.StatusCode, retry.StatusCode));
        Assert.Equal(CardInvoiceStatus.Paid, (await ReloadAsync(invoice.Id)).Status);
    }

    [Fact]
    public async Task FailureAfterPayment_DoesNotUndoIt()
    {
        var invoice = await InvoiceAsync("in_web_order");
        var paid = Payload("evt_order_paid", "invoice.paid", "in_web_order", 19800);
        var failed = Payload("evt_order_failed", "invoice.payment_failed", "in_web_order", 0);

        await PostAsync(paid, Sign(paid, app.Clock.GetUtcNow()));
        await PostAsync(failed, Sign(failed, app.Clock.GetUtcNow()));

        Assert.Equal(CardInvoiceStatus.Paid, (await ReloadAsync(invoice.Id)).Status);
    }

    [Fact]
    public async Task FailedEvent_MarksTheInvoiceFailed()
    {
        var invoice = await InvoiceAsync("in_web_failed");
        var payload = Payload("evt_failed_1", "invoice.payment_failed", "in_web_failed", 0);

        var response = await PostAsync(payload, Sign(payload, app.Clock.GetUtcNow()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(CardInvoiceStatus.Failed, (await ReloadAsync(invoice.Id)).Status);
    }

    [Fact]
    public async Task BadOrStaleSignature_IsRejectedAndChangesNothing()
    {
        var invoice = await InvoiceAsync("in_web_forged");
        var payload = Payload("evt_forged", "invoice.paid", "in_web_forged", 19800);

        var forged = await PostAsync(payload, Sign(payload, app.Clock.GetUtcNow(), "whsec_attacker"));
        var stale = await PostAsync(payload, Sign(payload, app.Clock.GetUtcNow().AddMinutes(-6)));
        var missing = await app.Browser().PostAsync("/payments/stripe/webhook", new StringContent(payload));

        Assert.Equal([HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest], new[] { forged.StatusCode, stale.StatusCode, missing.StatusCode });
        Assert.Equal(CardInvoiceStatus.Open, (await ReloadAsync(invoice.Id)).Status);
    }
}

[Collection(AppCollection.Name)]
public sealed class PaymentNotConfiguredTests(CareOpsApp app)
{
    [Fact]
    public async Task Webhook_WithoutKeys_SaysCardPaymentIsNotConfigured()
    {
        var response = await app.Browser().PostAsync("/payments/stripe/webhook", new StringContent("{}"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("not configured", await response.Content.ReadAsStringAsync());
    }
}
