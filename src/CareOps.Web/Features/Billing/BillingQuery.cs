using CareOps.Billing.Policies;
using CareOps.Data;
using CareOps.Data.Billing;
using CareOps.Data.Domain;
using Microsoft.EntityFrameworkCore;

namespace CareOps.Web.Features.Billing;

/// <summary>The reads of the billing and policy pages.</summary>
public sealed class BillingQuery(IDbContextFactory<CareOpsDb> dbFactory)
{
    /// <summary>The agency's city policy in force today and its latest card invoices (at most 200).</summary>
    public async Task<BillingOverview> OverviewAsync(DateOnly today, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var agencyId = db.CurrentAgencyId;
        var city = await db.Agencies.Where(a => a.Id == agencyId).Select(a => a.CityPolicy).SingleAsync(ct);
        var policy = (await PolicyStore.LoadAsync(db, ct)).Resolve(city, today);
        var invoices = await db.CardInvoices.AsNoTracking().OrderByDescending(i => i.Month).ThenBy(i => i.PayerName).Take(200).ToListAsync(ct);
        return new BillingOverview(city, policy, invoices);
    }

    /// <summary>Every policy version of every city.</summary>
    public async Task<PolicyBook> PolicyBookAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await PolicyStore.LoadAsync(db, ct);
    }
}

public sealed record BillingOverview(string City, PolicyVersion? Policy, IReadOnlyList<CardInvoiceRecord> Invoices);
