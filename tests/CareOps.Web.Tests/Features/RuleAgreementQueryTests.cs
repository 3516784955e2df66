using CareOps.Data.Domain;
using CareOps.Web.Features.Caregivers;
using CareOps.Web.Features.Clients;
using CareOps.Web.Features.Home;
using CareOps.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CareOps.Web.Tests.Features;

/// <summary>A rule written once as an expression gives the same answer in the database (query) and in memory (entity).</summary>
[Collection(AppCollection.Name)]
public sealed class RuleAgreementQueryTests(CareOpsApp app)
{
    private static readonly DateOnly Today = CareOpsApp.Today;

    private async Task<List<Guid>> AgencyIdsAsync()
    {
        await using var db = app.Database(null);
        return await db.Agencies.OrderBy(a => a.Code).Select(a => a.Id).ToListAsync();
    }

    [Fact]
    public async Task ClientStatus_QueryColumnAndFilters_AgreeWithStatusOnForEveryDemoClient()
    {
        var seen = new HashSet<ClientStatus>();
        var agencies = 0;
        foreach (var agencyId in await AgencyIdsAsync())
        {
            await using var db = app.Database(agencyId);
            var clients = await db.Clients.AsNoTracking().Include(c => c.StatusPeriods).ToListAsync();
            if (clients.Count == 0)
            {
                continue;
            }

            agencies++;
            var query = new ClientQuery(app.FactoryFor(agencyId));

            // Today, before anyone's plan began, and both edges of a few hospital stays.
            var stays = clients.SelectMany(c => c.StatusPeriods).Where(p => p.Status == ClientStatus.InHospital).Take(3).ToList();
            var dates = new SortedSet<DateOnly> { Today, clients.SelectMany(c => c.StatusPeriods).Min(p => p.From).AddDays(-1) };
            foreach (var stay in stays)
            {
                dates.UnionWith([stay.From.AddDays(-1), stay.From, stay.To!.Value, stay.To.Value.AddDays(1)]);
            }

            foreach (var date in dates)
            {
                var rows = (await query.ExecuteAsync(new ClientFilter(null, null, null, null, date), 0, 10_000)).Rows.ToDictionary(r => r.Id, r => r.Status);
                Assert.Equal(clients.Count, rows.Count);
                Assert.All(clients, c => Assert.Equal(c.StatusOn(date), rows[c.Id]));
                seen.UnionWith(rows.Values);

                foreach (var status in Enum.GetValues<ClientStatus>())
                {
                    var filtered = await query.ExecuteAsync(new ClientFilter(null, null, null, status, date), 0, 1);
                    Assert.Equal(clients.Count(c => c.StatusOn(date) == status), filtered.Total);
                }
            }
        }

        Assert.True(agencies >= 2);
        Assert.Superset(new HashSet<ClientStatus> { ClientStatus.Active, ClientStatus.InHospital, ClientStatus.Ended }, seen);
    }

    [Fact]
    public async Task CertificateExpiring_ListFlagAndHomeCount_AgreeWithTheEntityForEveryDemoCaregiver()
    {
        var seen = new HashSet<bool>();
        foreach (var agencyId in await AgencyIdsAsync())
        {
            await using var db = app.Database(agencyId);
            var caregivers = await db.Caregivers.AsNoTracking().ToListAsync();
            if (caregivers.Count == 0)
            {
                continue;
            }

            var list = new CaregiverQuery(app.FactoryFor(agencyId));
            var home = new HomeQuery(app.FactoryFor(agencyId));

            // Today and both sides of the warning edge for a few caregivers.
            var dates = new SortedSet<DateOnly> { Today };
            foreach (var c in caregivers.Take(3))
            {
                dates.UnionWith([c.CertificateValidUntil.AddDays(-Caregiver.ExpiryWarningDays - 1), c.CertificateValidUntil.AddDays(-Caregiver.ExpiryWarningDays)]);
            }

            foreach (var date in dates)
            {
                var rows = (await list.ListAsync(date)).ToDictionary(r => r.Id, r => r.CertificateExpiring);
                Assert.Equal(caregivers.Count, rows.Count);
                Assert.All(caregivers, c => Assert.Equal(c.CertificateExpiring(date), rows[c.Id]));
                seen.UnionWith(rows.Values);

                var figures = await home.FiguresAsync(agencyId, date);
                Assert.Equal(caregivers.Count(c => c.IsActive && c.CertificateExpiring(date)), figures!.ExpiringCertificates);
            }
        }

        Assert.Equal([false, true], seen.Order());
    }

    [Fact]
    public void CertificateExpiring_ExactlyThirtyDaysAhead_Counts()
    {
        var caregiver = new Caregiver { Code = "cg01", Name = "测试", CertificateValidUntil = Today.AddDays(30) };

        Assert.True(caregiver.CertificateExpiring(Today));
        Assert.False(caregiver.CertificateExpiring(Today.AddDays(-1)));
        Assert.True(caregiver.CertificateExpiring(Today.AddDays(31)));   // lapsed counts too
    }
}
