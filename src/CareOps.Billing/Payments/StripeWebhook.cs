using Stripe;

namespace CareOps.Billing.Payments;

/// <summary>What a verified webhook means for one of our invoices.</summary>
public sealed record PaymentEvent(string EventId, string Type, string StripeInvoiceId, Guid? OurInvoiceId, PaymentOutcome Outcome, decimal AmountPaid);

public enum PaymentOutcome
{
    Paid,
    Failed,
    Ignored,
}

/// <summary>
/// Verifies the Stripe-Signature header with Stripe.net (HMAC over "t.payload", 5-minute tolerance) and
/// reads the events we act on. A signature that fails or is too old yields null: the caller answers 400.
/// </summary>
public static class StripeWebhook
{
    public const long ToleranceSeconds = 300;

    public static PaymentEvent? Verify(string payload, string? signatureHeader, string webhookSecret, DateTimeOffset? now = null)
    {
        if (string.IsNullOrEmpty(signatureHeader))
        {
            return null;
        }

        Event stripeEvent;
        try
        {
            stripeEvent = now is { } at
                ? EventUtility.ConstructEvent(payload, signatureHeader, webhookSecret, ToleranceSeconds, at.ToUnixTimeSeconds(), throwOnApiVersionMismatch: false)
                : EventUtility.ConstructEvent(payload, signatureHeader, webhookSecret, ToleranceSeconds, throwOnApiVersionMismatch: false);
        }
        catch (StripeException)
        {
            return null;
        }

        if (stripeEvent.Data.Object is not Invoice invoice)
        {
            return new PaymentEvent(stripeEvent.Id, stripeEvent.Type, "", null, PaymentOutcome.Ignored, 0m);
        }

        var ours = invoice.Metadata is not null && invoice.Metadata.TryGetValue("careops_invoice", out var id) && Guid.TryParse(id, out var guid) ? guid : (Guid?)null;
        var outcome = stripeEvent.Type switch
        {
            "invoice.paid" or "invoice.payment_succeeded" => PaymentOutcome.Paid,
            "invoice.payment_failed" => PaymentOutcome.Failed,
            _ => PaymentOutcome.Ignored,
        };
        return new PaymentEvent(stripeEvent.Id, stripeEvent.Type, invoice.Id, ours, outcome, Money.FromFen(invoice.AmountPaid));
    }
}
