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
}
