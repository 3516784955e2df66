using CareOps.Data.Domain;
using CareOps.Data.Tenancy;
using CareOps.Data.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CareOps.Data.Tests.Tenancy;

public sealed class TenancyTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Query_AsAgency_SeesOnlyItsOwnClients(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var (a, b, placeA, placeB) = await TestData.TwoAgenciesAsync(database);
        await TestData.AddClientAsync(database, a, placeA, "王甲", "33090219400101001");
        await TestData.AddClientAsync(database, a, placeA, "李甲", "33090219410101002");
        await TestData.AddClientAsync(database, b, placeB, "张乙", "33090319420101003");

        await using var dbA = database.Context(a.Id);
        await using var dbB = database.Context(b.Id);

        Assert.Equal(["李甲", "王甲"], await dbA.Clients.OrderBy(c => c.Name).Select(c => c.Name).ToListAsync());
        Assert.Equal(["张乙"], await dbB.Clients.Select(c => c.Name).ToListAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Query_WithoutTenant_FailsClosed(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var (a, _, placeA, _) = await TestData.TwoAgenciesAsync(database);
        await TestData.AddClientAsync(database, a, placeA, "王甲", "33090219400101001");

        await using var nobody = database.Context();

        Assert.Equal(0, await nobody.Clients.CountAsync());
        Assert.Equal(1, await nobody.Clients.IgnoreQueryFilters([CareOpsDb.TenantFilter]).CountAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Insert_WithoutAgencyId_IsStampedWithCurrentAgency(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var (a, _, placeA, _) = await TestData.TwoAgenciesAsync(database);

        var client = await TestData.AddClientAsync(database, a, placeA, "王甲", "33090219400101001");

        Assert.Equal(a.Id, client.AgencyId);
        await using var nobody = database.Context();
        Assert.Equal(a.Id, await nobody.Clients.IgnoreQueryFilters([CareOpsDb.TenantFilter]).Select(c => c.AgencyId).SingleAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Insert_ForAnotherAgency_IsRefusedAndNothingSaved(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var (a, b, placeA, _) = await TestData.TwoAgenciesAsync(database);
        await using var dbA = database.Context(a.Id);
        var own = TestData.NewClient(placeA, "王甲", "33090219400101001");
        var foreign = TestData.NewClient(placeA, "张乙", "33090319420101003");
        foreign.AgencyId = b.Id;
        dbA.Clients.AddRange(own, foreign);

        await Assert.ThrowsAsync<TenantViolationException>(() => dbA.SaveChangesAsync());

        await using var nobody = database.Context();
        Assert.Equal(0, await nobody.Clients.IgnoreQueryFilters([CareOpsDb.TenantFilter]).CountAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Insert_WithoutTenant_IsRefused(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var (_, _, placeA, _) = await TestData.TwoAgenciesAsync(database);
        await using var nobody = database.Context();
        nobody.Clients.Add(TestData.NewClient(placeA, "王甲", "33090219400101001"));

        await Assert.ThrowsAsync<TenantViolationException>(() => nobody.SaveChangesAsync());
    }

    /// <summary>EF Core #24122: query filters do not guard writes; an attached entity with another agency's key would be updated.</summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Update_AttachedClientOfAnotherAgency_IsRefusedAndRowUnchanged(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var (a, b, _, placeB) = await TestData.TwoAgenciesAsync(database);
        var victim = await TestData.AddClientAsync(database, b, placeB, "张乙", "33090319420101003");

        // Attacker in agency A attaches a row with B's key, claiming it is A's.
        await using (var dbA = database.Context(a.Id))
        {
            var forged = TestData.NewClient(placeB, "篡改", "33090319420101003");
            forged.Id = victim.Id;
            forged.AgencyId = a.Id;
            dbA.Clients.Update(forged);
            await Assert.ThrowsAnyAsync<DbUpdateException>(() => dbA.SaveChangesAsync());
        }

        // …or with B's agency id as it really is.
        await using (var dbA = database.Context(a.Id))
        {
            var forged = TestData.NewClient(placeB, "篡改", "33090319420101003");
            forged.Id = victim.Id;
            forged.AgencyId = b.Id;
            dbA.Clients.Update(forged);
            await Assert.ThrowsAsync<TenantViolationException>(() => dbA.SaveChangesAsync());
        }

        await using var dbB = database.Context(b.Id);
        Assert.Equal("张乙", (await dbB.Clients.SingleAsync(c => c.Id == victim.Id)).Name);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Delete_ClientOfAnotherAgency_IsRefused(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var (a, b, _, placeB) = await TestData.TwoAgenciesAsync(database);
        var victim = await TestData.AddClientAsync(database, b, placeB, "张乙", "33090319420101003");

        await using (var dbA = database.Context(a.Id))
        {
            dbA.Clients.Remove(new Client { Id = victim.Id, AgencyId = b.Id, Name = "x", ResidentId = "x" });
            await Assert.ThrowsAsync<TenantViolationException>(() => dbA.SaveChangesAsync());
        }

        await using var dbB = database.Context(b.Id);
        Assert.True(await dbB.Clients.AnyAsync(c => c.Id == victim.Id));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Update_OwnClient_Succeeds(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var (a, _, placeA, _) = await TestData.TwoAgenciesAsync(database);
        var client = await TestData.AddClientAsync(database, a, placeA, "王甲", "33090219400101001");

        await using (var dbA = database.Context(a.Id))
        {
            var loaded = await dbA.Clients.Include(c => c.Coverages).SingleAsync(c => c.Id == client.Id);
            loaded.Name = "王甲改";
            loaded.Coverages.Add(new Coverage { Kind = CoverageKind.SelfPay, From = new DateOnly(2026, 11, 1) });
            await dbA.SaveChangesAsync();
        }

        await using var check = database.Context(a.Id);
        var saved = await check.Clients.Include(c => c.Coverages).SingleAsync(c => c.Id == client.Id);
        Assert.Equal("王甲改", saved.Name);
        Assert.Equal(2, saved.Coverages.Count);
    }
}
