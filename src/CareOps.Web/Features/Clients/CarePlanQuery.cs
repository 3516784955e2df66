using CareOps.Data;
using CareOps.Data.Domain;
using CareOps.Data.Rostering;
using Microsoft.EntityFrameworkCore;

namespace CareOps.Web.Features.Clients;

/// <summary>The reads of a client's care-plan section: her plans and what a plan may name (items, caregivers).</summary>
public sealed class CarePlanQuery(IDbContextFactory<CareOpsDb> dbFactory)
{
    /// <summary>
    /// A client's plans, newest first, the one in force on <paramref name="today"/> by the optimizer's own rule
    /// (<see cref="RosterProblemBuilder.PlanOf"/>), the agency's catalogue items and caregivers (empty when the client
    /// is missing or another agency's).
    /// </summary>
    public async Task<CarePlanOverview> ForClientAsync(Guid clientId, DateOnly today, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var plans = await db.CarePlans.AsNoTracking().Where(p => p.ClientId == clientId)
            .OrderByDescending(p => p.EffectiveFrom).ToListAsync(ct);
        var inForce = RosterProblemBuilder.PlanOf(plans, [today]);

        var catalogue = await AgencyCatalogue.InForceAsync(db, today, ct);
        var choices = catalogue?.Items.OrderBy(i => i.Code, StringComparer.Ordinal).ToList() ?? [];

        // Items of older plans may come from an older catalogue: their names are read from there.
        var catalogueIds = plans.Select(p => p.CareCatalogueId).Distinct().ToList();
        var named = await db.CatalogueItems.AsNoTracking().Where(i => catalogueIds.Contains(i.CareCatalogueId)).ToListAsync(ct);
        var items = named.Concat(choices).GroupBy(i => i.Code, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

        var caregivers = await db.Caregivers.AsNoTracking().OrderBy(c => c.Code)
            .Select(c => new CaregiverChoice(c.Id, c.Code, c.Name, c.Skill, c.IsActive))
            .ToListAsync(ct);
        return new CarePlanOverview(plans, inForce?.Id, choices, items, caregivers);
    }
}

/// <summary>A client's plans (newest first) and what a plan may name.</summary>
/// <param name="Plans">Every plan of the client, newest first.</param>
/// <param name="InForceId">The plan in force today, if any.</param>
/// <param name="CatalogueItems">The items a plan may name: the agency's catalogue.</param>
/// <param name="Items">Every item the plans name or may name, by code.</param>
/// <param name="Caregivers">The agency's caregivers by code (only active ones are offered).</param>
public sealed record CarePlanOverview(
    IReadOnlyList<CarePlan> Plans,
    Guid? InForceId,
    IReadOnlyList<CatalogueItem> CatalogueItems,
    IReadOnlyDictionary<string, CatalogueItem> Items,
    IReadOnlyList<CaregiverChoice> Caregivers)
{
    public static readonly CarePlanOverview Empty = new([], null, [], new Dictionary<string, CatalogueItem>(), []);

    public CarePlan? InForce => Plans.FirstOrDefault(p => p.Id == InForceId);
}

/// <summary>A caregiver a plan may prefer or exclude.</summary>
public sealed record CaregiverChoice(Guid Id, string Code, string Name, Skill Skill, bool IsActive);
