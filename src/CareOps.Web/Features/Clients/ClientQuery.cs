using CareOps.Data;
using CareOps.Data.Domain;
using Microsoft.EntityFrameworkCore;

namespace CareOps.Web.Features.Clients;

/// <summary>The reads of the client pages: the list (search, filter, page), its region filter, one client, and an edit form.</summary>
public sealed class ClientQuery(IDbContextFactory<CareOpsDb> dbFactory)
{
    /// <summary>A page of the clients list: search by name or the last four characters of the resident ID, filter, page.</summary>
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

        // The status column and filter are Client.StatusRule, evaluated by the database.
        var statusOn = Client.StatusOnExpression(filter.StatusOn);
        if (filter.Status is ClientStatus wanted)
        {
            query = query.Where(RuleExpression.Into(statusOn, (c, status) => status == wanted));
        }

        var total = await query.CountAsync(ct);
        var rows = await query
            .OrderBy(c => c.Name).ThenBy(c => c.Id)
            .Skip(Math.Max(0, page) * pageSize).Take(pageSize)
            .Select(RuleExpression.Into(statusOn, (c, status) => new ClientRow(
                c.Id,
                c.Name,
                ResidentId.Mask(c.ResidentId),
                c.Place!.Name,
                c.Region!.Code,
                c.CareMode,
                c.Assessment.Grade,
                c.Phone,
                status)))
            .ToListAsync(ct);
        return new ClientPage(rows, total);
    }

    /// <summary>The regions the current agency serves, for the list's filter.</summary>
    public async Task<IReadOnlyList<ServiceRegion>> RegionsAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var agencyId = db.CurrentAgencyId;
        return await db.Regions.AsNoTracking()
            .Where(r => db.AgencyRegions.Any(a => a.AgencyId == agencyId && a.RegionId == r.Id))
            .OrderBy(r => r.Code).ToListAsync(ct);
    }

    /// <summary>One client with places, coverages and status history; null when missing or another agency's (plans: <see cref="CarePlanQuery"/>).</summary>
    public async Task<ClientDetails?> DetailsAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var client = await db.Clients.AsNoTracking()
            .Include(c => c.Place).Include(c => c.Region)
            .Include(c => c.Coverages).Include(c => c.StatusPeriods)
            .AsSplitQuery()
            .SingleOrDefaultAsync(c => c.Id == id, ct);
        return client is null ? null : new ClientDetails(client);
    }

    /// <summary>
    /// The edit form of a client (a blank one at the agency's first place when <paramref name="id"/> is null) and the
    /// places to choose from; null when the client is missing or another agency's.
    /// </summary>
    public async Task<ClientEditing?> EditingAsync(Guid? id, DateOnly today, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var places = await AgencyPlaces.ForCurrentAgencyAsync(db, ct);
        if (id is null)
        {
            var first = places.FirstOrDefault();
            return new ClientEditing(places, new ClientForm { PlaceId = first?.Id, Latitude = first?.Latitude, Longitude = first?.Longitude });
        }

        var client = await db.Clients.AsNoTracking().Include(c => c.Coverages).SingleOrDefaultAsync(c => c.Id == id, ct);
        return client is null ? null : new ClientEditing(places, ClientForm.From(client, today));
    }
}

public sealed record ClientFilter(string? Search, int? RegionId, CareMode? CareMode, ClientStatus? Status, DateOnly StatusOn);

public sealed record ClientPage(IReadOnlyList<ClientRow> Rows, int Total);

/// <summary>A list row; the resident ID is masked in the query's projection, so lists never hold the full number.</summary>
public sealed record ClientRow(Guid Id, string Name, string ResidentIdMasked, string Place, string Region, CareMode CareMode, int Grade, string Phone, ClientStatus Status);

/// <summary>A client as the detail page shows it (entities read without tracking).</summary>
public sealed record ClientDetails(Client Client);

/// <summary>What the edit page starts from: the form and the agency's places.</summary>
public sealed record ClientEditing(IReadOnlyList<Place> Places, ClientForm Form);
