using CareOps.Billing.Policies;
using CareOps.Data;
using CareOps.Data.Billing;
using CareOps.Data.Domain;
using CareOps.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CareOps.Web.Features.Clients;

/// <summary>A device rental as the clerk enters it: the policy's device, from a day, until a day (empty while it lasts).</summary>
public sealed class RentalForm
{
    public string Device { get; set; } = "";

    public DateTime? From { get; set; }

    public DateTime? Until { get; set; }
}

/// <summary>
/// Records, ends and lists a client's assistive-device rentals (Jining's pilot: the fund pays its share of the rent, a
/// claim line of its own). Only devices the agency's city policy lists can be rented, and one device of a code is rented
/// once on a day (the engine refuses overlaps: they would be billed twice).
/// </summary>
public sealed class RecordRental(IDbContextFactory<CareOpsDb> dbFactory, Caller caller, TimeProvider clock)
{
    /// <summary>The devices the agency's policy rents out today (empty: the city has no such scheme).</summary>
    public async Task<IReadOnlyList<RentableDevice>> DevicesAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await DevicesAsync(db, ct);
    }

    private async Task<IReadOnlyList<RentableDevice>> DevicesAsync(CareOpsDb db, CancellationToken ct)
    {
        var city = await db.Agencies.Where(a => a.Id == db.CurrentAgencyId).Select(a => a.CityPolicy).SingleOrDefaultAsync(ct);
        if (city is null)
        {
            return [];
        }

        var book = await PolicyStore.LoadAsync(db, ct);
        return book.Resolve(city, AgencyClock.Today(clock))?.Devices ?? [];
    }

    public async Task<Problems> AddAsync(Guid clientId, RentalForm form, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var errors = await caller.RequireAsync(Policies.Dispatching, db.CurrentAgencyId);
        if (!errors.IsEmpty)
        {
            return errors;
        }

        var devices = await DevicesAsync(db, ct);
        if (devices.All(d => d.Code != form.Device))
        {
            errors.Add(nameof(form.Device), devices.Count == 0 ? "Rental.NoScheme" : "Error.Required");
        }

        if (form.From is null)
        {
            errors.Add(nameof(form.From), "Error.Required");
        }
        else if (form.Until is not null && form.Until < form.From)
        {
            errors.Add(nameof(form.Until), "Error.EndBeforeStart");
        }

        if (!errors.IsEmpty)
        {
            return errors;
        }

        var client = await db.Clients.Include(c => c.Rentals).SingleOrDefaultAsync(c => c.Id == clientId, ct);
        if (client is null)
        {
            return Problems.Of("Error.ClientGone");
        }

        var from = DateOnly.FromDateTime(form.From!.Value);
        DateOnly? until = form.Until is { } u ? DateOnly.FromDateTime(u) : null;
        var overlapping = client.Rentals.FirstOrDefault(r => r.Device == form.Device && r.From <= (until ?? DateOnly.MaxValue) && from <= (r.Until ?? DateOnly.MaxValue));
        if (overlapping is not null)
        {
            return Problems.Of("Rental.Overlap", overlapping.From.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), overlapping.Until?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "…");
        }

        client.Rentals.Add(new DeviceRentalRecord { Device = form.Device, From = from, Until = until });
        await db.SaveChangesAsync(ct);
        return [];
    }

    /// <summary>Ends an open rental on a day (the device went back); a rental ends once, not before it began.</summary>
    public async Task<Problems> EndAsync(Guid clientId, int rentalId, DateTime? on, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var errors = await caller.RequireAsync(Policies.Dispatching, db.CurrentAgencyId);
        if (!errors.IsEmpty)
        {
            return errors;
        }

        var client = await db.Clients.Include(c => c.Rentals).SingleOrDefaultAsync(c => c.Id == clientId, ct);
        var rental = client?.Rentals.SingleOrDefault(r => r.Id == rentalId);
        if (rental is null || rental.Until is not null)
        {
            return Problems.Of("Rental.NotOpen");
        }

        if (on is null || DateOnly.FromDateTime(on.Value) < rental.From)
        {
            return Problems.Of("Error.EndBeforeStart");
        }

        rental.Until = DateOnly.FromDateTime(on.Value);
        await db.SaveChangesAsync(ct);
        return [];
    }
}
