using CareOps.Data.Domain;
using CareOps.Web.Features.Clients;
using CareOps.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CareOps.Web.Tests.Features;

/// <summary>Statuses the demo does not seed (a recorded end), on the app that tests may change.</summary>
[Collection(EditingCollection.Name)]
public sealed class ClientStatusQueryTests(CareOpsApp app)
{
    private static readonly DateOnly Today = CareOpsApp.Today;

    [Fact]
    public async Task Execute_ClientWithARecordedEnd_IsListedAsEndedAndFoundByTheEndedFilter()
    {
        // R5: no other test on this app changes its clients.
        var agencyId = await app.AgencyIdAsync("R5");
        Guid id;
        await using (var db = app.Database(agencyId))
        {
            var client = (await db.Clients.Include(c => c.StatusPeriods).OrderBy(c => c.Name).ToListAsync())
                .First(c => c.StatusPeriods.Count == 1 && c.StatusPeriods[0].To is null && c.StatusPeriods[0].From < Today.AddDays(-30));
            client.StatusPeriods[0].To = Today.AddDays(-11);
            client.StatusPeriods.Add(new StatusPeriod { Status = ClientStatus.Ended, From = Today.AddDays(-10), Note = "test" });
            await db.SaveChangesAsync();
            id = client.Id;
        }

        var query = new ClientQuery(app.FactoryFor(agencyId));
        var ended = await query.ExecuteAsync(new ClientFilter(null, null, null, ClientStatus.Ended, Today), 0, 10_000);
        var active = await query.ExecuteAsync(new ClientFilter(null, null, null, ClientStatus.Active, Today), 0, 10_000);
        var details = await query.DetailsAsync(id);

        Assert.Equal(ClientStatus.Ended, details!.Client.StatusOn(Today));
        Assert.Contains(ended.Rows, r => r.Id == id && r.Status == ClientStatus.Ended);
        Assert.DoesNotContain(active.Rows, r => r.Id == id);
        Assert.Equal(ClientStatus.Active, details.Client.StatusOn(Today.AddDays(-11)));
    }
}
