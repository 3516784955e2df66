using System.Security.Cryptography;
using System.Text;
using CareOps.Billing.Payments;
using CareOps.Testing;

namespace CareOps.Billing.Tests.Payments;

public sealed class CardPaymentsTests : IAsyncLifetime
{
    private FakeStripe stripe = null!;

    public async Task InitializeAsync() => stripe = await FakeStripe.StartAsync();

    public async Task DisposeAsync() => await stripe.DisposeAsync();

    private CardPayments Payments() => new(new StripeSettings { SecretKey = FakeStripe.SecretKey, WebhookSecret = "whsec_test", ApiBase = stripe.BaseAddress });

    private static CardInvoice Invoice() => new()
    {
        Id = Guid.Parse("6f1d0c2e-0000-4000-8000-000000000001"),
        ClientId = "c42",
        PayerName = "张阿婆家属",
        PayerEmail = "family@example.cn",
        Month = new DateOnly(2027, 2, 1),
        Lines = [new("额外上门 2 次 × 60 元", 120.00m), new("长护险个人自付部分", 78.00m)],
    };

    [Fact]
    public async Task CreateInvoice_SendsAuthenticatedFormRequestsEachWithItsOwnIdempotencyKey()
    {
        var link = await Payments().CreateInvoiceAsync(Invoice());

        // 120.00 + 78.00 = 198.00 CNY = 19 800 fen
        Assert.Equal(198.00m, link.Total);
        Assert.StartsWith("https://invoice.stripe.com/i/", link.HostedUrl);
        var posts = stripe.Requests.Where(r => r.Method == "POST").ToList();
        Assert.Equal(["/v1/customers", "/v1/invoices", "/v1/invoiceitems", "/v1/invoiceitems", $"/v1/invoices/{link.InvoiceId}/finalize"], posts.Select(p => p.Path));
        Assert.All(posts, p =>
        {
            Assert.Equal($"Bearer {FakeStripe.SecretKey}", p.Authorization);
            Assert.StartsWith("application/x-www-form-urlencoded", p.ContentType);
            Assert.StartsWith("careops-6f1d0c2e00004000800000000000000", p.IdempotencyKey);
        });
        Assert.Equal(posts.Count, posts.Select(p => p.IdempotencyKey).Distinct().Count());
        Assert.Contains("amount=12000", posts[2].Body);
        Assert.Contains("currency=cny", posts[2].Body);
        Assert.Contains("metadata[careops_invoice]=6f1d0c2e", Uri.UnescapeDataString(posts[1].Body));
    }

    [Fact]
    public async Task CreateInvoice_RetriedAfterATimeout_CreatesNothingTwice()
    {
        var first = await Payments().CreateInvoiceAsync(Invoice());
        var again = await Payments().CreateInvoiceAsync(Invoice());

        Assert.Equal(first.InvoiceId, again.InvoiceId);
        Assert.Equal((1, 1), (stripe.CustomersCreated, stripe.InvoicesCreated));
    }

    [Fact]
    public async Task CreateInvoice_StripeFailsOnce_RetriesWithTheSameKey()
    {
        stripe.FailNextPosts = 1;

        var link = await Payments().CreateInvoiceAsync(Invoice());

        var customerPosts = stripe.Requests.Where(r => r.Path == "/v1/customers").ToList();
        Assert.Equal(2, customerPosts.Count);
        Assert.Equal(customerPosts[0].IdempotencyKey, customerPosts[1].IdempotencyKey);
        Assert.Equal(1, stripe.CustomersCreated);
        Assert.Equal(198.00m, link.Total);
    }

    [Fact]
    public async Task CreateInvoice_WrongKey_IsRefusedByTheServer()
    {
        var payments = new CardPayments(new StripeSettings { SecretKey = "sk_test_wrong", WebhookSecret = "whsec_test", ApiBase = stripe.BaseAddress });

        var error = await Assert.ThrowsAsync<Stripe.StripeException>(() => payments.CreateInvoiceAsync(Invoice()));

        Assert.Contains("Invalid API Key", error.Message);
    }

    [Fact]
    public void NotConfigured_SaysSoInASentence()
    {
        var error = Assert.Throws<PaymentNotConfiguredException>(() => new CardPayments(new StripeSettings()));

        Assert.Contains("not configured", error.Message);
    }

    [Fact]
    public async Task CreateInvoice_FractionOfAFen_IsRefusedBeforeAnyRequest()
    {
        var bad = Invoice() with { Lines = [new("bad", 10.005m)] };

        await Assert.ThrowsAsync<ArgumentException>(() => Payments().CreateInvoiceAsync(bad));
        Assert.Empty(stripe.Requests);
    }
}

public sealed class StripeWebhookTests
{
    private const string Secret = "whsec_careops_test";
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);

    internal static string Payload(string type, string eventId = "evt_1", long amountPaid = 19800) =>
        "{\"id\":\"" + eventId + "\",\"object\":\"event\",\"api_version\":\"2025-01-27.acacia\",\"created\":1800000000,\"livemode\":false,\"type\":\"" + type + "\","
        + "\"data\":{\"object\":{\"id\":\"in_00000002\",\"object\":\"invoice\",\"status\":\"paid\",\"amount_paid\":" + amountPaid + ",\"currency\":\"cny\","
        + "\"metadata\":{\"careops_invoice\":\"6f1d0c2e-0000-4000-8000-000000000001\"}}}}";

    internal static string Sign(string payload, DateTimeOffset at, string secret = Secret)
    {
        var t = at.ToUnixTimeSeconds();
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{t}.{payload}"));
        return $"t={t},v1={Convert.ToHexString(mac).ToLowerInvariant()}";
    }

    [Fact]
    public void Verify_SignedPaidEvent_ReadsOurInvoiceAndAmount()
    {
        var payload = Payload("invoice.paid");

        var paid = StripeWebhook.Verify(payload, Sign(payload, Now), Secret, Now)!;

        Assert.Equal((PaymentOutcome.Paid, "in_00000002", 198.00m), (paid.Outcome, paid.StripeInvoiceId, paid.AmountPaid));
        Assert.Equal(Guid.Parse("6f1d0c2e-0000-4000-8000-000000000001"), paid.OurInvoiceId);
    }

    [Fact]
    public void Verify_FailedPayment_IsRead()
    {
        var payload = Payload("invoice.payment_failed", amountPaid: 0);

        Assert.Equal(PaymentOutcome.Failed, StripeWebhook.Verify(payload, Sign(payload, Now), Secret, Now)!.Outcome);
    }

    [Fact]
    public void Verify_TamperedPayload_IsRejected()
    {
        var payload = Payload("invoice.paid");

        Assert.Null(StripeWebhook.Verify(payload.Replace("19800", "99900"), Sign(payload, Now), Secret, Now));
    }

    [Fact]
    public void Verify_OlderThanFiveMinutes_IsRejectedAsAReplay()
    {
        var payload = Payload("invoice.paid");

        Assert.NotNull(StripeWebhook.Verify(payload, Sign(payload, Now.AddSeconds(-299)), Secret, Now));
        Assert.Null(StripeWebhook.Verify(payload, Sign(payload, Now.AddSeconds(-301)), Secret, Now));
    }

    [Fact]
    public void Verify_WrongSecretOrNoHeader_IsRejected()
    {
        var payload = Payload("invoice.paid");

        Assert.Null(StripeWebhook.Verify(payload, Sign(payload, Now, "whsec_other"), Secret, Now));
        Assert.Null(StripeWebhook.Verify(payload, null, Secret, Now));
    }
}
