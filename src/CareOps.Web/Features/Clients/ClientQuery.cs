using CareOps.Data;
using CareOps.Data.Domain;
using Microsoft.EntityFrameworkCore;

namespace CareOps.Web.Features.Clients;

/// <summary>A page of the clients list: search by name or the last four characters of the resident ID, filter, page.</summary>
public sealed class ClientQuery(IDbContextFactory<CareOpsDb> dbFactory)
{
    public async Task<ClientPage> ExecuteAsync(ClientFilter filter, int page, int pageSize, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.Clients.AsNoTracking();

        var search = filter.Search?.Trim();
        if (!string.IsNullOrEmpty(search))
        {
            var upper = search.ToUpperInvariant();
            query = upper.Length == 4 && upper.Take(3).All(char.IsAsciiDigit)
                ? query.Where(c => c.ResidentIdLast4 == upper || c.Name.Contains(search))
                : query.Where(c => c.Name.Contains(search));
        }

        if (filter.RegionId is int region)
        {
            query = query.Where(c => c.RegionId == region);
        }

        if (filter.CareMode is CareMode mode)
        {
            query = query.Where(c => c.CareMode == mode);
        }

        if (filter.Status is ClientStatus status)
        {
            var on = filter.StatusOn;
            query = status == ClientStatus.Ended
                ? query.Where(c => !c.StatusPeriods.Any(p => p.From <= on && (p.To == null || on <= p.To)))
                : query.Where(c => c.StatusPeriods.Any(p => p.Status == status && p.From <= on && (p.To == null || on <= p.To)));
        }

        var total = await query.CountAsync(ct);
        var rows = await query
            .OrderBy(c => c.Name).ThenBy(c => c.Id)
            .Skip(Math.Max(0, page) * pageSize).Take(pageSize)
            .Select(c => new ClientRow(
                c.Id,
                c.Name,
                ResidentId.Mask(c.ResidentId),
                c.Place!.Name,
                c.Region!.Code,
                c.CareMode,
                c.Assessment.Grade,
                c.Phone,
                c.StatusPeriods.Where(p => p.From <= filter.StatusOn && (p.To == null || filter.StatusOn <= p.To)).Select(p => (ClientStatus?)p.Status).FirstOrDefault()))
            .ToListAsync(ct);
        return new ClientPage(rows, total);
    }
}

public sealed record ClientFilter(string? Search, int? RegionId, CareMode? CareMode, ClientStatus? Status, DateOnly StatusOn);

public sealed record ClientPage(IReadOnlyList<ClientRow> Rows, int Total);

/// <summary>A list row; the resident ID is masked in the query's projection, so lists never hold the full number.</summary>
public sealed record ClientRow(Guid Id, string Name, string ResidentIdMasked, string Place, string Region, CareMode CareMode, int Grade, string Phone, ClientStatus? Status)
{
    public ClientStatus EffectiveStatus => Status ?? ClientStatus.Ended;
}
