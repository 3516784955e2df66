using System.Text.Encodings.Web;
using System.Text.Json;
using CareOps.Billing;
using CareOps.Billing.Claims;
using CareOps.Billing.Payments;
using CareOps.Billing.TopUps;
using CareOps.Data;
using CareOps.Data.Billing;
using CareOps.Data.Domain;
using CareOps.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CareOps.Web.Features.Billing;

/// <summary>
/// Top-up invoices of a month: one per insurer or civil-affairs payer (all clients on it) and one per family.
/// Re-running replaces the month's invoices in one transaction, except family invoices already sent for card payment.
/// Of two runs of one month at the same moment, one wins; the other saves nothing and is refused (Error.TopUpsBilledConcurrently).
/// It says what it did (<see cref="TopUpReport"/>): the invoices per payer with totals, and each client-month with a
/// coverage that billed nothing, with the engine's reason. Invoices issued and replaced are recorded in the billing audit.
/// </summary>
public sealed class BillTopUps(IDbContextFactory<CareOpsDb> dbFactory, Caller caller, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>An invoice's states in the audit: issued, then replaced when the month is billed again.</summary>
    public const string Issued = "Issued";

    public const string Replaced = "Replaced";

    public async Task<Outcome<TopUpReport>> ExecuteAsync(DateOnly anyDayOfMonth, CancellationToken ct = default)
    {
        var month = new DateOnly(anyDayOfMonth.Year, anyDayOfMonth.Month, 1);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var refused = await caller.RequireAsync(Policies.Billing, db.CurrentAgencyId);
        if (!refused.IsEmpty)
        {
            return Outcome.Refused<TopUpReport>(refused);
        }

        var agencyId = db.CurrentAgencyId;
        var city = await db.Agencies.Where(a => a.Id == agencyId).Select(a => a.CityPolicy).SingleAsync(ct);
        var book = await PolicyStore.LoadAsync(db, ct);
        var rules = book.Resolve(city, month)?.TopUps ?? new TopUpRules();
        var claims = new ClaimCalculator(book);
        var calculator = new TopUpCalculator(rules);

        var cases = await ClaimCases.ForMonthAsync(db, city, month, ct);
        var last = month.AddMonths(1).AddDays(-1);
        var topUpVisits = (await db.Visits.AsNoTracking()
                .Where(v => v.Date >= month && v.Date <= last && v.Funding != VisitFunding.Fund && v.Status == VisitStatus.Completed)
                .ToListAsync(ct))
            .ToLookup(v => v.ClientId);

        var perClient = new List<(Guid ClientId, TopUpInvoice Invoice)>();
        var notBilled = new List<NotBilled>();
        var refusals = new List<BillingProblem>();
        foreach (var (claimCase, client) in cases)
        {
            var clientId = client.Id;
            var visits = topUpVisits[clientId].ToList();
            try
            {
                var topUp = new TopUpCase
                {
                    Month = month,
                    Client = claimCase.Client,
                    Coverages = client.Coverages.Select(c => new CoverageSpan { Type = Enum.Parse<CoverageType>(c.Kind.ToString()), Product = c.Product, From = c.From, To = c.To }).ToList(),
                    ZhuhuibaoHoursDelivered = visits.Where(v => v.Funding == VisitFunding.Zhuhuibao).Sum(Hours),
                    SocialAssistanceDelivered = visits.Count(v => v.Funding == VisitFunding.SocialAssistance) * rules.SelfPayVisitPrice,
                    ExtraVisits = visits.Count(v => v.Funding == VisitFunding.SelfPay),
                    CoPayment = claims.Calculate(claimCase).ClientTotal,
                };
                foreach (var invoice in calculator.Calculate(topUp))
                {
                    if (invoice.Total > 0)
                    {
                        perClient.Add((clientId, invoice));
                    }
                    else
                    {
                        // A coverage that bills nothing this month is said, with the engine's reason (waiting period,
                        // product not in the policy, no service delivered), not dropped.
                        notBilled.AddRange(invoice.Lines.Select(l => new NotBilled(clientId, client.Name, invoice.Payer.ToString(), invoice.PayerName, l.Reason, l.ExplanationZh, l.ExplanationEn)));
                    }
                }
            }
            catch (ClaimException e)
            {
                // As in month close: the client-months the engine refuses are listed and nothing is billed.
                refusals.Add(e.Problem);
                if (ClaimCases.AboutThePolicy(e.Problem))
                {
                    break;
                }
            }
        }

        if (refusals.Count > 0)
        {
            return Outcome.Refused<TopUpReport>(ClaimCases.Refusals(refusals));
        }

        var names = cases.ToDictionary(c => c.Client.Id, c => c.Client.Name);
        var records = new List<TopUpInvoiceRecord>();
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            try
            {
                var sent = (await db.TopUpInvoices.Where(i => i.Month == month && i.CardInvoiceId != null).Select(i => i.ClientId).ToListAsync(ct)).ToHashSet();
                var replaced = await db.TopUpInvoices.Where(i => i.Month == month && i.CardInvoiceId == null).ToListAsync(ct);
                db.TopUpInvoices.RemoveRange(replaced);
                var now = clock.GetUtcNow();
                var by = Roster.RosterWeeks.NameOf(caller.User);
                db.BillingAudit.AddRange(replaced.Select(i => Audit(i, Issued, Replaced, now, by, CloseMonth.Why("Audit.Why.TopUpReplaced"))));

                // Note: the old invoices go first, so the new ones never meet them in the unique (agency, month, payer) index.
                await db.SaveChangesAsync(ct);

                foreach (var group in perClient.Where(p => p.Invoice.Payer != TopUpPayer.Family).GroupBy(p => (p.Invoice.Payer, p.Invoice.PayerName)))
                {
                    records.Add(Record(month, group.Key.Payer, group.Key.PayerName, null, group.SelectMany(p => p.Invoice.Lines.Select(l => (p.ClientId, l))), names));
                }

                foreach (var (clientId, invoice) in perClient.Where(p => p.Invoice.Payer == TopUpPayer.Family))
                {
                    if (sent.Contains(clientId))
                    {
                        // The family already has a card invoice for the month: it is not billed again.
                        notBilled.Add(new NotBilled(clientId, names.GetValueOrDefault(clientId, ""), nameof(TopUpPayer.Family), invoice.PayerName, "AlreadySentForCard", "", ""));
                        continue;
                    }

                    records.Add(Record(month, TopUpPayer.Family, invoice.PayerName, clientId, invoice.Lines.Select(l => (clientId, l)), names));
                }

                db.TopUpInvoices.AddRange(records);
                db.BillingAudit.AddRange(records.Select(i => Audit(i, "", Issued, now, by, CloseMonth.Why("Audit.Why.TopUpIssued", i.LineCount, Money.FromFen(i.TotalFen)))));
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
            }
            catch (DbUpdateException e)
            {
                // Another run of the same month committed first: it deleted the invoices this run was replacing
                // (no row left to delete), or inserted the same payer's invoice (the unique index). This run's
                // changes are rolled back whole; anything else is a real failure.
                await transaction.RollbackAsync(CancellationToken.None);
                // Note: the save stamped each new record's PayerKey before it failed.
                if (e is DbUpdateConcurrencyException || await BilledByAnotherAsync(month, [.. records.Select(r => r.PayerKey)], ct))
                {
                    return Outcome.Refused<TopUpReport>(Problem.Of("Error.TopUpsBilledConcurrently"));
                }

                throw;
            }
        }

        var invoices = await db.TopUpInvoices.AsNoTracking().Where(i => i.Month == month).OrderBy(i => i.Payer).ThenBy(i => i.PayerName).ToListAsync(ct);
        var payers = invoices.GroupBy(i => (i.Payer, Name: i.Payer == nameof(TopUpPayer.Family) ? "" : i.PayerName))
            .Select(g => new PayerTotal(g.Key.Payer, g.Key.Name, g.Count(), g.Sum(i => i.LineCount), Money.FromFen(g.Sum(i => i.TotalFen))))
            .ToList();
        return Outcome.Done(new TopUpReport(month, invoices, payers, [.. notBilled.OrderBy(n => n.Payer).ThenBy(n => n.ClientName, StringComparer.Ordinal)]));
    }

    internal static BillingAuditEntry Audit(TopUpInvoiceRecord invoice, string from, string to, DateTimeOffset at, string by, string why) => new()
    {
        Subject = AuditSubject.TopUpInvoice,
        SubjectId = invoice.Id,
        Month = invoice.Month,
        At = at,
        By = by,
        From = from,
        To = to,
        Why = why,
    };

    private async Task<bool> BilledByAnotherAsync(DateOnly month, List<string> keys, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.TopUpInvoices.AnyAsync(i => i.Month == month && keys.Contains(i.PayerKey), ct);
    }

    private static decimal Hours(Visit v) =>
        v.CheckInAt is { } a && v.CheckOutAt is { } b && b > a ? (decimal)(b - a).TotalMinutes / 60m : 0m;

    private static TopUpInvoiceRecord Record(DateOnly month, TopUpPayer payer, string name, Guid? clientId, IEnumerable<(Guid ClientId, TopUpLine Line)> lines, Dictionary<Guid, string> names)
    {
        var list = lines.ToList();
        return new TopUpInvoiceRecord
        {
            Id = Guid.NewGuid(),
            Month = month,
            Payer = payer.ToString(),
            PayerName = name,
            ClientId = clientId,
            TotalFen = list.Sum(l => Money.ToFen(l.Line.Amount)),
            LineCount = list.Count,
            LinesJson = JsonSerializer.Serialize(list.Select(l => new { client = names.GetValueOrDefault(l.ClientId, ""), l.Line.Amount, l.Line.Reason, l.Line.ExplanationZh, l.Line.ExplanationEn }), Json),
        };
    }
}

/// <summary>What billing the month's top-ups did: the invoices, the totals per payer, and what was not billed and why.</summary>
public sealed record TopUpReport(DateOnly Month, IReadOnlyList<TopUpInvoiceRecord> Invoices, IReadOnlyList<PayerTotal> Payers, IReadOnlyList<NotBilled> NotBilled);

/// <summary>One payer's invoices of the month (families are one row: each family is its own payer).</summary>
public sealed record PayerTotal(string Payer, string PayerName, int Invoices, int Lines, decimal Total);

/// <summary>
/// A client's coverage that billed nothing this month: the engine's reason and sentences (waiting period, product not in
/// the policy, nothing delivered), or "AlreadySentForCard" for a family whose card invoice is out.
/// </summary>
public sealed record NotBilled(Guid ClientId, string ClientName, string Payer, string PayerName, string Reason, string ExplanationZh, string ExplanationEn);

/// <summary>Sends a family's top-up invoice for card payment: Stripe invoice + hosted page, recorded for the webhook.</summary>
public sealed class CreateCardPayment(IDbContextFactory<CareOpsDb> dbFactory, StripeSettings settings, TimeProvider clock, Caller caller, IHttpClientFactory? http = null)
{
    /// <summary>The hosted payment page's address, or the problems (not configured, no such invoice, the gateway failed).</summary>
    public async Task<Outcome<string>> ExecuteAsync(Guid topUpInvoiceId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var refused = await caller.RequireAsync(Policies.Billing, db.CurrentAgencyId);
        if (!refused.IsEmpty)
        {
            return Outcome.Refused<string>(refused);
        }

        if (!settings.IsConfigured)
        {
            return Outcome.Refused<string>(Problem.Of("Error.CardNotConfigured"));
        }

        var invoice = await db.TopUpInvoices.SingleOrDefaultAsync(i => i.Id == topUpInvoiceId && i.Payer == nameof(TopUpPayer.Family), ct);
        if (invoice is null)
        {
            return Outcome.Refused<string>(Problem.Of("Error.InvoiceGone"));
        }

        if (invoice.CardInvoiceId is Guid existing)
        {
            return Outcome.Done<string>((await db.CardInvoices.Where(c => c.Id == existing).Select(c => c.HostedUrl).SingleAsync(ct))!);
        }

        var lines = JsonSerializer.Deserialize<List<JsonElement>>(invoice.LinesJson)!
            .Select(l => new CardInvoiceLine(l.GetProperty("ExplanationZh").GetString()!, l.GetProperty("Amount").GetDecimal())).ToList();
        PaymentLink link;
        try
        {
            link = await new CardPayments(settings, http?.CreateClient("stripe")).CreateInvoiceAsync(new CardInvoice
            {
                Id = invoice.Id,
                ClientId = invoice.ClientId?.ToString() ?? "",
                PayerName = invoice.PayerName,
                Month = invoice.Month,
                Lines = lines,
            }, ct);
        }
        catch (Stripe.StripeException)
        {
            // The gateway's own message is not for families or clerks; the retry is safe (idempotency keys).
            return Outcome.Refused<string>(Problem.Of("Error.CardFailed"));
        }

        var card = new CardInvoiceRecord
        {
            Id = Guid.NewGuid(),
            ClientId = invoice.ClientId,
            Month = invoice.Month,
            PayerName = invoice.PayerName,
            TotalFen = Money.ToFen(link.Total),
            Status = CardInvoiceStatus.Open,
            StripeInvoiceId = link.InvoiceId,
            HostedUrl = link.HostedUrl,
            CreatedAt = clock.GetUtcNow(),
        };
        db.CardInvoices.Add(card);
        invoice.CardInvoiceId = card.Id;
        db.BillingAudit.Add(new BillingAuditEntry
        {
            Subject = AuditSubject.CardInvoice,
            SubjectId = card.Id,
            Month = card.Month,
            At = card.CreatedAt,
            By = Roster.RosterWeeks.NameOf(caller.User),
            From = "",
            To = nameof(CardInvoiceStatus.Open),
            Why = CloseMonth.Why("Audit.Why.CardSent", Money.FromFen(card.TotalFen)),
        });
        await db.SaveChangesAsync(ct);
        return Outcome.Done<string>(link.HostedUrl);
    }
}
