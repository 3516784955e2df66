using CareOps.Data;
using CareOps.Data.Domain;
using Microsoft.EntityFrameworkCore;

namespace CareOps.Web.Features.Agencies;

/// <summary>The operator's view of every agency with its size. The only tenant-filter bypass in the web app.</summary>
public sealed class AgencyOverview(IDbContextFactory<CareOpsDb> dbFactory)
{
    public async Task<IReadOnlyList<AgencyRow>> ExecuteAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var clients = await db.Clients.IgnoreQueryFilters([CareOpsDb.TenantFilter])
            .GroupBy(c => c.AgencyId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var caregivers = await db.Caregivers.IgnoreQueryFilters([CareOpsDb.TenantFilter])
            .GroupBy(c => c.AgencyId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var users = await db.Users.Where(u => u.AgencyId != null)
            .GroupBy(u => u.AgencyId!.Value).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var agencies = await db.Agencies.AsNoTracking().Include(a => a.Regions).ThenInclude(r => r.Region).OrderBy(a => a.Code).ToListAsync(ct);

        return agencies.Select(a => new AgencyRow(
            a.Id,
            a.Code,
            a.Name,
            a.Kind,
            string.Join("、", a.Regions.Select(r => r.Region!.Name)),
            a.CityPolicy,
            clients.GetValueOrDefault(a.Id),
            caregivers.GetValueOrDefault(a.Id),
            users.GetValueOrDefault(a.Id))).ToList();
    }
}

public sealed record AgencyRow(Guid Id, string Code, string Name, AgencyKind Kind, string Regions, string CityPolicy, int Clients, int Caregivers, int Users);
