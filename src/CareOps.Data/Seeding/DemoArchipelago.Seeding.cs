using CareOps.Data.Domain;
using CareOps.Data.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace CareOps.Data.Seeding;

public static partial class DemoArchipelago
{
    /// <summary>
    /// Seeds reference data, then the demo archipelago unless any agency exists already (then it
    /// only counts). Tenant rows go through one context per agency so the tenancy guard stamps them.
    /// </summary>
    public static async Task<DemoSummary> SeedAsync(DbContextOptions<CareOpsDb> options, int seed, DateOnly anchor, CancellationToken ct)
    {
        await ReferenceDataSeeder.SeedAsync(options, ct);
        await using (var probe = new CareOpsDb(options, FixedTenant.None))
        {
            if (await probe.Agencies.AnyAsync(ct))
            {
                return await CountAsync(probe, ct);
            }
        }

        var data = Generate(seed, anchor);

        // One transaction over every context: a failed seed leaves nothing behind, so the next start retries cleanly.
        await using var db = NewContext(options, FixedTenant.None, null);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var catalogueId = await InsertReferenceRowsAsync(db, data, ct);
        foreach (var agency in data.Agencies)
        {
            await using var agencyDb = NewContext(options, new FixedTenant(agency.Id), db);
            await InsertAgencyRowsAsync(agencyDb, data, agency.Id, catalogueId, ct);
        }

        await InsertUsersAsync(db, data.Users, ct);
        await transaction.CommitAsync(ct);
        return await CountAsync(db, ct);
    }

    private static CareOpsDb NewContext(DbContextOptions<CareOpsDb> options, ITenantContext tenant, CareOpsDb? joining)
    {
        var db = new CareOpsDb(options, tenant);
        if (joining is not null)
        {
            db.Database.SetDbConnection(joining.Database.GetDbConnection());
            db.Database.UseTransaction(joining.Database.CurrentTransaction!.GetDbTransaction());
        }

        // Nothing is edited after AddRange, so change detection would only cost time.
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        return db;
    }

    /// <summary>Regions, places, agencies and ferries; returns the Zhoushan catalogue id for the plans.</summary>
    private static async Task<int> InsertReferenceRowsAsync(CareOpsDb db, DemoData data, CancellationToken ct)
    {
        db.AddRange(data.Regions);
        db.AddRange(data.Agencies);
        db.AddRange(data.FerryLines);
        await db.SaveChangesAsync(ct);

        return await db.Catalogues
            .Where(c => c.Code == ReferenceDataSeeder.ZhoushanCatalogueCode && c.Version == ReferenceDataSeeder.ZhoushanCatalogueVersion)
            .Select(c => c.Id)
            .SingleAsync(ct);
    }

    private static async Task InsertAgencyRowsAsync(CareOpsDb db, DemoData data, Guid agencyId, int catalogueId, CancellationToken ct)
    {

        // The saved regions (and their places) are attached unchanged so that clients and
        // caregivers pointing at them insert foreign keys rather than new copies.
        db.AttachRange(data.Regions);
        var clients = data.Clients.Where(c => c.AgencyId == agencyId).ToList();
        var plans = data.CarePlans.Where(p => p.AgencyId == agencyId).ToList();
        plans.ForEach(p => p.CareCatalogueId = catalogueId);
        db.AddRange(data.Caregivers.Where(c => c.AgencyId == agencyId));
        db.AddRange(clients);
        db.AddRange(plans);
        await db.SaveChangesAsync(ct);
    }

    private static async Task InsertUsersAsync(CareOpsDb db, IReadOnlyList<DemoUser> users, CancellationToken ct)
    {
        // One hash for all: hashing is deliberately slow (PBKDF2), and every demo user shares the password.
        var hash = new PasswordHasher<ApplicationUser>().HashPassword(users[0].User, DemoPassword);
        var roleIds = await db.Roles.ToDictionaryAsync(r => r.Name!, r => r.Id, StringComparer.Ordinal, ct);
        foreach (var (user, role) in users)
        {
            user.PasswordHash = hash;
            db.Users.Add(user);
            db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = roleIds[role] });
        }

        await db.SaveChangesAsync(ct);
    }

    private static async Task<DemoSummary> CountAsync(CareOpsDb db, CancellationToken ct)
    {
        // Counting across agencies is the platform's view, hence the deliberate filter bypass.
        string[] tenantFilter = [CareOpsDb.TenantFilter];
        return new DemoSummary(
            await db.Agencies.CountAsync(ct),
            await db.Clients.IgnoreQueryFilters(tenantFilter).CountAsync(ct),
            await db.Caregivers.IgnoreQueryFilters(tenantFilter).CountAsync(ct),
            await db.Users.CountAsync(ct));
    }
}
