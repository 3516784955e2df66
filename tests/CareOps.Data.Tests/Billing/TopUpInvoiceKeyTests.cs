using CareOps.Data.Domain;
using CareOps.Data.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CareOps.Data.Tests.Billing;

/// <summary>One top-up invoice per agency, month and payer (payer, name, client), held by the database itself.</summary>
public sealed class TopUpInvoiceKeyTests
{
    private static readonly DateOnly Feb = new(2027, 2, 1);
    private static readonly DateOnly Mar = new(2027, 3, 1);

    private static TopUpInvoiceRecord Invoice(DateOnly month, string payer, string name, Guid? clientId = null) =>
        new() { Id = Guid.NewGuid(), Month = month, Payer = payer, PayerName = name, ClientId = clientId, TotalFen = 100, LineCount = 1 };

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task UniqueIndex_SamePayerTwiceInAMonth_IsRejected_ButOtherMonthAgencyOrClientIsAllowed(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var (a, b, _, _) = await TestData.TwoAgenciesAsync(database);
        var (client1, client2) = (Guid.NewGuid(), Guid.NewGuid());
        await using (var db = database.Context(a.Id))
        {
            db.TopUpInvoices.AddRange(
                Invoice(Feb, "ZhuhuibaoInsurer", "舟惠保"),
                Invoice(Mar, "ZhuhuibaoInsurer", "舟惠保"),
                Invoice(Feb, "Family", "王芳", client1),
                Invoice(Feb, "Family", "王芳", client2)); // two clients, one name: two families
            await db.SaveChangesAsync();
        }

        await using (var db = database.Context(b.Id))
        {
            db.TopUpInvoices.AddRange(Invoice(Feb, "ZhuhuibaoInsurer", "舟惠保"), Invoice(Feb, "Family", "王芳", client1));
            await db.SaveChangesAsync();
        }

        foreach (var duplicate in new[] { Invoice(Feb, "ZhuhuibaoInsurer", "舟惠保"), Invoice(Feb, "Family", "王芳", client2) })
        {
            await using var db = database.Context(a.Id);
            db.TopUpInvoices.Add(duplicate);
            await Assert.ThrowsAnyAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }

        await using var read = database.Context(a.Id);
        Assert.Equal(4, await read.TopUpInvoices.CountAsync());
        Assert.Contains(TopUpInvoiceRecord.KeyOf("Family", "王芳", client1), await read.TopUpInvoices.Select(i => i.PayerKey).ToListAsync());
        Assert.Equal("ZhuhuibaoInsurer|舟惠保|-", TopUpInvoiceRecord.KeyOf("ZhuhuibaoInsurer", "舟惠保", null));
    }

    /// <summary>Rows billed twice by racing clerks before the index existed: the migration keys them and keeps one of each.</summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Migration_ExistingDuplicates_AreKeyedAndReducedSoTheIndexHolds(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, "20261124081932_CertificateHistory");
        var (a, _, _, _) = await TestData.TwoAgenciesAsync(database);
        var (client1, client2, client3) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var (sent, sentTwice1, sentTwice2) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await using (var db = database.Context())
        {
            // Guids as text literals in EF's SQLite format (upper case); PostgreSQL casts them to uuid.
            async Task InsertAsync(Guid id, DateOnly month, string payer, string name, Guid? client, Guid? card)
            {
                static string Literal(Guid? g) => g is { } v ? $"'{v.ToString().ToUpperInvariant()}'" : "NULL";
                var sql = "INSERT INTO \"TopUpInvoices\" (\"Id\", \"AgencyId\", \"Month\", \"Payer\", \"PayerName\", \"ClientId\", \"TotalFen\", \"LineCount\", \"LinesJson\", \"CardInvoiceId\") "
                    + $"VALUES ({Literal(id)}, {Literal(a.Id)}, '{month:yyyy-MM-dd}', '{payer}', '{name}', {Literal(client)}, 100, 1, '[]', {Literal(card)})";
                await db.Database.ExecuteSqlRawAsync(sql);
            }

            await InsertAsync(Guid.NewGuid(), Feb, "ZhuhuibaoInsurer", "舟惠保", null, null);
            await InsertAsync(Guid.NewGuid(), Feb, "ZhuhuibaoInsurer", "舟惠保", null, null);
            await InsertAsync(Guid.NewGuid(), Feb, "Family", "王芳", client1, null);
            await InsertAsync(sent, Feb, "Family", "王芳", client1, Guid.NewGuid());
            await InsertAsync(sentTwice1, Feb, "Family", "李强", client2, Guid.NewGuid());
            await InsertAsync(sentTwice2, Feb, "Family", "李强", client2, Guid.NewGuid());
            await InsertAsync(Guid.NewGuid(), Mar, "Family", "赵敏", client3, null);
        }

        await using (var db = database.Context())
        {
            await db.Database.MigrateAsync();
        }

        await using var read = database.Context(a.Id);
        var rows = await read.TopUpInvoices.OrderBy(i => i.PayerKey).ToListAsync();
        Assert.Equal(5, rows.Count);
        Assert.Single(rows, r => r.PayerKey == "ZhuhuibaoInsurer|舟惠保|-");
        Assert.Equal(sent, Assert.Single(rows, r => r.ClientId == client1).Id); // the copy sent for card payment wins
        Assert.Equal(new[] { sentTwice1, sentTwice2 }.Order(), rows.Where(r => r.ClientId == client2).Select(r => r.Id).Order());
        var key2 = TopUpInvoiceRecord.KeyOf("Family", "李强", client2);
        Assert.Single(rows, r => r.PayerKey == key2);
        Assert.Single(rows, r => r.PayerKey.StartsWith(key2 + "#", StringComparison.Ordinal));
        Assert.Equal(TopUpInvoiceRecord.KeyOf("Family", "赵敏", client3), Assert.Single(rows, r => r.Month == Mar).PayerKey);

        read.TopUpInvoices.Add(Invoice(Feb, "Family", "王芳", client1));
        await Assert.ThrowsAnyAsync<DbUpdateException>(() => read.SaveChangesAsync());
    }
}
