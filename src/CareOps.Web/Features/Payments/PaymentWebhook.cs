using System.Text;
using CareOps.Billing;
using CareOps.Billing.Payments;
using CareOps.Data;
using CareOps.Data.Domain;
using CareOps.Data.Tenancy;
using CareOps.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CareOps.Web.Features.Payments;

/// <summary>
/// POST /payments/stripe/webhook. Anonymous at the HTTP level: the Stripe-Signature header is the
/// authentication (HMAC, 5-minute tolerance). Each event id is recorded in the same transaction as its
/// effect, so a redelivered event is acknowledged and never applied twice.
/// </summary>
public static class PaymentWebhook
{
    /// <summary>Stripe's invoice events are a few KB; the body is refused before it is read past this.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    public static IEndpointRouteBuilder MapPaymentWebhook(this IEndpointRouteBuilder app)
    {
        app.MapPost("/payments/stripe/webhook", HandleAsync).AllowAnonymous().DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> HandleAsync(HttpRequest request, StripeSettings settings, DatabaseInfo database, TimeProvider clock, ILoggerFactory logs)
    {
        if (!settings.IsConfigured)
        {
            return Results.Problem("Card payment is not configured.", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        var payload = await ReadLimitedAsync(request);
        if (payload is null)
        {
            return Results.Problem($"A Stripe event is at most {MaxBodyBytes / 1024} KB.", statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        PaymentEvent? verified;
        try
        {
            verified = StripeWebhook.Verify(payload, request.Headers["Stripe-Signature"], settings.WebhookSecret!, clock.GetUtcNow());
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException)
        {
            // Stripe.net parses after checking the signature and throws on a correctly signed body that is not an
            // event (not JSON: JsonException; an array or wrong types: InvalidOperationException from JsonElement).
            // The sender's mistake, a 400, not our 500 (which would make Stripe retry it for three days). Verify
            // does no I/O, so these exceptions can only come from reading the body.
            return Results.BadRequest("Not a Stripe event.");
        }

        if (verified is null)
        {
            return Results.BadRequest("Invalid or expired signature.");
        }

        var options = database.ContextOptions();

        Guid? agency = null;
        if (verified.Outcome != PaymentOutcome.Ignored)
        {
            // Note: the webhook has no signed-in user; finding the invoice's agency is a deliberate tenant-filter bypass.
            await using var lookup = new CareOpsDb(options, FixedTenant.None);
            agency = await lookup.CardInvoices.IgnoreQueryFilters([CareOpsDb.TenantFilter])
                .Where(i => i.StripeInvoiceId == verified.StripeInvoiceId).Select(i => (Guid?)i.AgencyId).SingleOrDefaultAsync();
        }

        await using var db = new CareOpsDb(options, new FixedTenant(agency));
        if (await db.ProcessedPaymentEvents.AnyAsync(e => e.EventId == verified.EventId))
        {
            return Results.Ok("already processed");
        }

        if (verified.Outcome != PaymentOutcome.Ignored && agency is null)
        {
            // Money moved for an invoice we have not recorded yet (its record may still be being saved): not
            // acknowledged, so Stripe retries (for up to three days) instead of the payment being lost.
            logs.CreateLogger("CareOps.Payments").PaymentForUnknownInvoice(verified.EventId, verified.StripeInvoiceId);
            return Results.Problem("Unknown invoice; retry later.", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        db.ProcessedPaymentEvents.Add(new ProcessedPaymentEvent { EventId = verified.EventId, Type = verified.Type, ReceivedAt = clock.GetUtcNow() });
        if (agency is not null)
        {
            var invoice = await db.CardInvoices.SingleAsync(i => i.StripeInvoiceId == verified.StripeInvoiceId);
            var before = invoice.Status;
            Apply(invoice, verified, clock.GetUtcNow());
            if (invoice.Status != before)
            {
                db.BillingAudit.Add(new BillingAuditEntry
                {
                    Subject = AuditSubject.CardInvoice,
                    SubjectId = invoice.Id,
                    Month = invoice.Month,
                    At = clock.GetUtcNow(),
                    By = CareOps.Data.Billing.ClaimBatchStore.SystemActor,
                    From = before.ToString(),
                    To = invoice.Status.ToString(),
                    Why = Features.Billing.CloseMonth.Why("Audit.Why.CardEvent", verified.EventId),
                });
            }

        }

        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException)
        {
            // The same event arrived twice at once and the other delivery recorded it first — or the database
            // failed. Only the first is acknowledged; anything else is a 500 so that Stripe retries.
            await using var check = new CareOpsDb(options, FixedTenant.None);
            if (await check.ProcessedPaymentEvents.AnyAsync(e => e.EventId == verified.EventId))
            {
                return Results.Ok("already processed");
            }

            throw;
        }

        logs.CreateLogger("CareOps.Payments").PaymentEventApplied(verified.EventId, verified.Type, verified.Outcome.ToString());
        return Results.Ok("applied");
    }

    /// <summary>The body as text, or null when it is longer than <see cref="MaxBodyBytes"/> (never read past that).</summary>
    private static async Task<string?> ReadLimitedAsync(HttpRequest request)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return null;
        }

        // Without a Content-Length (chunked) the length is only known by reading: read one byte past the limit, no more.
        var buffer = new byte[MaxBodyBytes + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await request.Body.ReadAsync(buffer.AsMemory(length), request.HttpContext.RequestAborted)) > 0)
        {
            length += read;
        }

        return length > MaxBodyBytes ? null : Encoding.UTF8.GetString(buffer, 0, length);
    }

    private static void Apply(CardInvoiceRecord invoice, PaymentEvent paymentEvent, DateTimeOffset now)
    {
        switch (paymentEvent.Outcome)
        {
            case PaymentOutcome.Paid:
                invoice.Status = CardInvoiceStatus.Paid;
                invoice.PaidFen = Money.ToFen(paymentEvent.AmountPaid);
                invoice.PaidAt = now;
                break;
            case PaymentOutcome.Failed when invoice.Status != CardInvoiceStatus.Paid:
                // A failure reported after a success (out-of-order delivery) must not undo the payment.
                invoice.Status = CardInvoiceStatus.Failed;
                break;
        }
    }
}
