using CareOps.Data.Domain;
using CareOps.Web.Features.Clients;
using CareOps.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CareOps.Web.Tests.Features;

[Collection(EditingCollection.Name)]
public sealed class RecordStatusTests(CareOpsApp app)
{
    private async Task<(RecordStatus Record, Guid Agency, Guid Client)> ArrangeAsync(int skip)
    {
        var agency = await app.AgencyIdAsync("R7");
        await using var db = app.Database(agency);
        var client = await db.Clients.OrderBy(c => c.Name).Skip(skip).Select(c => c.Id).FirstAsync();
        return (new RecordStatus(app.FactoryFor(agency), app.Dispatcher(agency)), agency, client);
    }

    private async Task<List<StatusPeriod>> PeriodsAsync(Guid agency, Guid client)
    {
        await using var db = app.Database(agency);
        return (await db.Clients.Include(c => c.StatusPeriods).SingleAsync(c => c.Id == client)).StatusPeriods.OrderBy(p => p.From).ToList();
    }

    [Fact]
    public async Task Execute_HospitalStayWithEnd_CutsActiveAndResumesItTheNextDay()
    {
        var (record, agency, client) = await ArrangeAsync(1);
        var openedOn = (await PeriodsAsync(agency, client)).Last().From;

        var errors = await record.ExecuteAsync(client, new StatusChangeForm { Status = ClientStatus.InHospital, From = new DateTime(2026, 12, 3), To = new DateTime(2026, 12, 12), Note = "骨折" });

        Assert.Empty(errors);
        var periods = await PeriodsAsync(agency, client);
        var tail = periods.TakeLast(3).Select(p => (p.Status, p.From, p.To)).ToList();
        Assert.Equal(
            [
                (ClientStatus.Active, openedOn, (DateOnly?)new DateOnly(2026, 12, 2)),
                (ClientStatus.InHospital, new DateOnly(2026, 12, 3), new DateOnly(2026, 12, 12)),
                (ClientStatus.Active, new DateOnly(2026, 12, 13), null),
            ],
            tail);
    }

    [Fact]
    public async Task Execute_Death_EndsTheTimelineAndRefusesLaterChanges()
    {
        var (record, agency, client) = await ArrangeAsync(2);

        Assert.Empty(await record.ExecuteAsync(client, new StatusChangeForm { Status = ClientStatus.Deceased, From = new DateTime(2026, 12, 20) }));
        var later = await record.ExecuteAsync(client, new StatusChangeForm { Status = ClientStatus.InHospital, From = new DateTime(2026, 12, 25) });

        Assert.Contains(later, e => e.Key == "Error.AfterDeath");
        var last = (await PeriodsAsync(agency, client)).Last();
        Assert.Equal((ClientStatus.Deceased, new DateOnly(2026, 12, 20), (DateOnly?)null), (last.Status, last.From, last.To));
    }

    [Theory]
    [InlineData(ClientStatus.InHospital, "2026-12-10", "2026-12-01", "To", "Error.EndBeforeStart")]
    [InlineData(ClientStatus.Deceased, "2026-12-10", "2026-12-11", "To", "Error.NoEndForStatus")]
    [InlineData(ClientStatus.Suspended, null, null, "From", "Error.Required")]
    [InlineData(ClientStatus.Suspended, "1990-01-01", null, "From", "Error.BeforeFirstPeriod")]
    public async Task Execute_BadDates_NameTheFieldAndChangeNothing(ClientStatus status, string? from, string? to, string field, string key)
    {
        var (record, agency, client) = await ArrangeAsync(3);
        var before = (await PeriodsAsync(agency, client)).Select(p => (p.Status, p.From, p.To)).ToList();
        static DateTime? Parse(string? s) => s is null ? null : DateTime.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

        var errors = await record.ExecuteAsync(client, new StatusChangeForm { Status = status, From = Parse(from), To = Parse(to) });

        Assert.Contains(errors, e => e.Field == field && e.Key == key);
        Assert.Equal(before, (await PeriodsAsync(agency, client)).Select(p => (p.Status, p.From, p.To)).ToList());
    }

    [Fact]
    public async Task Execute_HospitalStayEnteredAfterTheDeath_KeepsTheDeath()
    {
        var (record, agency, client) = await ArrangeAsync(4);
        Assert.Empty(await record.ExecuteAsync(client, new StatusChangeForm { Status = ClientStatus.Deceased, From = new DateTime(2026, 12, 20) }));

        Assert.Empty(await record.ExecuteAsync(client, new StatusChangeForm { Status = ClientStatus.InHospital, From = new DateTime(2026, 12, 3), To = new DateTime(2026, 12, 12) }));

        var tail = (await PeriodsAsync(agency, client)).TakeLast(4).Select(p => (p.Status, p.From, p.To)).ToList();
        Assert.Equal(
            [
                (ClientStatus.Active, tail[0].From, (DateOnly?)new DateOnly(2026, 12, 2)),
                (ClientStatus.InHospital, new DateOnly(2026, 12, 3), new DateOnly(2026, 12, 12)),
                (ClientStatus.Active, new DateOnly(2026, 12, 13), new DateOnly(2026, 12, 19)),
                (ClientStatus.Deceased, new DateOnly(2026, 12, 20), null),
            ],
            tail);
    }

    [Fact]
    public async Task Execute_OpenStatusOrStayRunningIntoADeath_IsRefused()
    {
        var (record, agency, client) = await ArrangeAsync(5);
        Assert.Empty(await record.ExecuteAsync(client, new StatusChangeForm { Status = ClientStatus.Deceased, From = new DateTime(2026, 12, 20) }));
        var before = (await PeriodsAsync(agency, client)).Select(p => (p.Status, p.From, p.To)).ToList();

        var open = await record.ExecuteAsync(client, new StatusChangeForm { Status = ClientStatus.Suspended, From = new DateTime(2026, 12, 10) });
        var across = await record.ExecuteAsync(client, new StatusChangeForm { Status = ClientStatus.InHospital, From = new DateTime(2026, 12, 15), To = new DateTime(2026, 12, 25) });

        Assert.Contains(open, e => e.Key == "Error.OverlapsEnd");
        Assert.Contains(across, e => e.Field == "To" && e.Key == "Error.OverlapsEnd");
        Assert.Equal(before, (await PeriodsAsync(agency, client)).Select(p => (p.Status, p.From, p.To)).ToList());
    }
}
