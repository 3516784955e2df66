using Stripe;

namespace CareOps.Billing.Payments;

/// <summary>Stripe settings from configuration (Stripe:SecretKey, Stripe:WebhookSecret, Stripe:ApiBase for tests).</summary>
public sealed record StripeSettings
{
    public string? SecretKey { get; init; }

    public string? WebhookSecret { get; init; }

    /// <summary>Overrides https://api.stripe.com (tests point it at a local fake server).</summary>
    public string? ApiBase { get; init; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(SecretKey) && !string.IsNullOrWhiteSpace(WebhookSecret);
}

/// <summary>A self-pay invoice to collect by card: one per payer per month.</summary>
public sealed record CardInvoice
{
    /// <summary>Our invoice id: the root of every idempotency key, so a retried request never charges twice.</summary>
    public required Guid Id { get; init; }

    public required string ClientId { get; init; }

    public required string PayerName { get; init; }

    public string? PayerEmail { get; init; }

    public required DateOnly Month { get; init; }

    public required IReadOnlyList<CardInvoiceLine> Lines { get; init; }

    public decimal Total => Lines.Sum(l => l.Amount);
}

public sealed record CardInvoiceLine(string Description, decimal Amount);

/// <summary>What Stripe answered: its ids and the hosted page the family pays on.</summary>
public sealed record PaymentLink(string CustomerId, string InvoiceId, string HostedUrl, decimal Total);

/// <summary>
/// Creates a Stripe customer, an invoice with its items and the hosted payment page for a self-pay invoice.
/// Every create carries an idempotency key derived from our invoice id, so retries after a timeout are safe.
/// </summary>
public sealed class CardPayments
{
    private readonly StripeClient client;

    public CardPayments(StripeSettings settings, HttpClient? http = null)
    {
        if (!settings.IsConfigured)
        {
            throw new PaymentNotConfiguredException();
        }

        client = new StripeClient(
            apiKey: settings.SecretKey,
            httpClient: new SystemNetHttpClient(http ?? new HttpClient(), maxNetworkRetries: 2),
            apiBase: settings.ApiBase);
    }

    public async Task<PaymentLink> CreateInvoiceAsync(CardInvoice invoice, CancellationToken ct = default)
    {
        if (invoice.Lines.Count == 0 || invoice.Lines.Any(l => l.Amount <= 0 || l.Amount != Money.Fen(l.Amount)))
        {
            throw new ArgumentException("A card invoice needs at least one line, each a positive amount in whole fen.", nameof(invoice));
        }

        var key = $"careops-{invoice.Id:N}";
        var metadata = new Dictionary<string, string> { ["careops_invoice"] = invoice.Id.ToString(), ["careops_client"] = invoice.ClientId };

        var customer = await new CustomerService(client).CreateAsync(
            new CustomerCreateOptions { Name = invoice.PayerName, Email = invoice.PayerEmail, Metadata = metadata },
            new RequestOptions { IdempotencyKey = key + "-customer" },
            ct);

        var created = await new InvoiceService(client).CreateAsync(
            new InvoiceCreateOptions
            {
                Customer = customer.Id,
                Currency = "cny",
                CollectionMethod = "send_invoice",
                DaysUntilDue = 14,
                Description = $"{invoice.Month:yyyy年M月} 自费护理服务",
                Metadata = metadata,
            },
            new RequestOptions { IdempotencyKey = key + "-invoice" },
            ct);

        var items = new InvoiceItemService(client);
        for (var i = 0; i < invoice.Lines.Count; i++)
        {
            await items.CreateAsync(
                new InvoiceItemCreateOptions
                {
                    Customer = customer.Id,
                    Invoice = created.Id,
                    Currency = "cny",
                    Amount = Money.ToFen(invoice.Lines[i].Amount),
                    Description = invoice.Lines[i].Description,
                },
                new RequestOptions { IdempotencyKey = $"{key}-item-{i + 1}" },
                ct);
        }

        var finalized = await new InvoiceService(client).FinalizeInvoiceAsync(created.Id, new InvoiceFinalizeOptions(), new RequestOptions { IdempotencyKey = key + "-finalize" }, ct);
        return new PaymentLink(customer.Id, finalized.Id, finalized.HostedInvoiceUrl, Money.FromFen(finalized.AmountDue));
    }
}

/// <summary>Card payment is used without keys: the app says so and everything else works.</summary>
public sealed class PaymentNotConfiguredException()
    : InvalidOperationException("Card payment is not configured (Stripe:SecretKey and Stripe:WebhookSecret).");
