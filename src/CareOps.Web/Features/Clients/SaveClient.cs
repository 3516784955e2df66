using CareOps.Data;
using CareOps.Data.Domain;
using CareOps.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CareOps.Web.Features.Clients;

/// <summary>Creates or updates a client of the current agency: validates everything first, then saves in one transaction.</summary>
public sealed class SaveClient(IDbContextFactory<CareOpsDb> dbFactory, TimeProvider clock, Caller caller)
{
    public async Task<Outcome<Guid>> ExecuteAsync(Guid? id, ClientForm form, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var refused = await caller.RequireAsync(Policies.Dispatching, db.CurrentAgencyId);
        if (!refused.IsEmpty)
        {
            return Outcome.Refused<Guid>(refused);
        }

        var places = await AgencyPlaces.ForCurrentAgencyAsync(db, ct);
        var errors = form.Validate(places, db.Model);

        Client? client = null;
        if (id is Guid existing)
        {
            client = await db.Clients.Include(c => c.Coverages).SingleOrDefaultAsync(c => c.Id == existing, ct);
            if (client is null)
            {
                errors.Add(nameof(ClientForm.Name), "Error.ClientGone");
                return Outcome.Refused<Guid>(errors);
            }
        }

        if (errors.IsEmpty)
        {
            var residentId = ResidentId.Normalize(form.ResidentId);
            var duplicate = await db.Clients.AnyAsync(c => c.ResidentId == residentId && c.Id != (id ?? Guid.Empty), ct);
            if (duplicate)
            {
                errors.Add(nameof(ClientForm.ResidentId), "Error.ResidentIdTaken");
            }
        }

        if (!errors.IsEmpty)
        {
            return Outcome.Refused<Guid>(errors);
        }

        var today = AgencyClock.Today(clock);
        if (client is null)
        {
            client = new Client { Name = form.Name, ResidentId = form.ResidentId };
            client.StatusPeriods.Add(new StatusPeriod { Status = ClientStatus.Active, From = today });
            db.Clients.Add(client);
        }

        form.ApplyTo(client, places.Single(p => p.Id == form.PlaceId), today);
        await db.SaveChangesAsync(ct);
        return Outcome.Done<Guid>(client.Id);
    }
}

/// <summary>The places in the regions the current agency serves.</summary>
public static class AgencyPlaces
{
    public static async Task<List<Place>> ForCurrentAgencyAsync(CareOpsDb db, CancellationToken ct = default)
    {
        var agencyId = db.CurrentAgencyId;
        return await db.Places.AsNoTracking()
            .Where(p => db.AgencyRegions.Any(r => r.AgencyId == agencyId && r.RegionId == p.RegionId))
            .OrderBy(p => p.RegionId).ThenBy(p => p.Id)
            .ToListAsync(ct);
    }
}
