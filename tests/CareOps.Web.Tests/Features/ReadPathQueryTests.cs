using CareOps.Web.Features.Billing;
using CareOps.Web.Features.Caregivers;
using CareOps.Web.Features.Catalogue;
using CareOps.Web.Features.Clients;
using CareOps.Web.Features.Geography;
using CareOps.Web.Features.Home;
using CareOps.Web.Features.MySchedule;
using CareOps.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CareOps.Web.Tests.Features;

/// <summary>The per-feature query classes the pages read through, on the demo data.</summary>
[Collection(AppCollection.Name)]
public sealed class ReadPathQueryTests(CareOpsApp app)
{
    private static readonly DateOnly Today = CareOpsApp.Today;

    [Fact]
    public async Task ClientDetails_OwnClient_ComesWithPlaceAndStatusHistory()
    {
        var r1 = await app.AgencyIdAsync("R1");
        var id = await app.AnyClientOfAsync("R1");

        var details = await new ClientQuery(app.FactoryFor(r1)).DetailsAsync(id);

        Assert.Equal(id, details!.Client.Id);
        Assert.NotNull(details.Client.Place);
        Assert.NotEmpty(details.Client.StatusPeriods);
    }

    [Fact]
    public async Task CarePlans_OwnClient_ComeWithTheirItemsTheCatalogueAndTheAgencysCaregivers()
    {
        var r1 = await app.AgencyIdAsync("R1");
        var id = await app.AnyClientOfAsync("R1");

        var overview = await new CarePlanQuery(app.FactoryFor(r1)).ForClientAsync(id, Today);

        Assert.NotEmpty(overview.Plans);
        Assert.All(overview.Plans.SelectMany(p => p.Items), i => Assert.True(overview.Items.ContainsKey(i.ItemCode)));
        Assert.Equal(41, overview.CatalogueItems.Count);
        Assert.NotEmpty(overview.Caregivers);
        if (overview.InForce is { } inForce)
        {
            Assert.True(inForce.CoversDate(Today));
        }
    }

    [Fact]
    public async Task CarePlans_AnotherAgencysClient_AreNoneAndOnlyOwnCaregiversAreOffered()
    {
        var r1 = await app.AgencyIdAsync("R1");
        var foreign = await app.AnyClientOfAsync("R2");
        await using var db = app.Database(r1);
        var own = await db.Caregivers.Select(c => c.Id).ToListAsync();

        var overview = await new CarePlanQuery(app.FactoryFor(r1)).ForClientAsync(foreign, Today);

        Assert.Empty(overview.Plans);
        Assert.Null(overview.InForce);
        Assert.Equal(own.Order(), overview.Caregivers.Select(c => c.Id).Order());
    }

    [Fact]
    public async Task ClientDetailsAndEditing_AnotherAgencysClient_AreNull()
    {
        var query = new ClientQuery(app.FactoryFor(await app.AgencyIdAsync("R1")));
        var foreign = await app.AnyClientOfAsync("R2");

        Assert.Null(await query.DetailsAsync(foreign));
        Assert.Null(await query.EditingAsync(foreign, Today));
    }

    [Fact]
    public async Task ClientEditing_NewClient_StartsAtTheAgencysFirstPlace()
    {
        var editing = await new ClientQuery(app.FactoryFor(await app.AgencyIdAsync("R1"))).EditingAsync(null, Today);

        Assert.NotEmpty(editing!.Places);
        Assert.Equal(editing.Places[0].Id, editing.Form.PlaceId);
        Assert.Equal(editing.Places[0].Latitude, editing.Form.Latitude);
        Assert.Equal("", editing.Form.Name);
    }

    [Fact]
    public async Task ClientRegions_AreThoseTheAgencyServes()
    {
        var r1 = await app.AgencyIdAsync("R1");
        await using var db = app.Database(r1);
        var served = await db.AgencyRegions.Where(a => a.AgencyId == r1).Select(a => a.RegionId).OrderBy(x => x).ToListAsync();

        var regions = await new ClientQuery(app.FactoryFor(r1)).RegionsAsync();

        Assert.NotEmpty(served);
        Assert.Equal(served, regions.Select(r => r.Id).Order());
    }

    [Fact]
    public async Task CaregiverQueries_OwnCaregiver_ReadAndAnotherAgencys_AreNull()
    {
        var r1 = await app.AgencyIdAsync("R1");
        var query = new CaregiverQuery(app.FactoryFor(r1));
        var list = await query.ListAsync(Today);
        var foreign = new CaregiverQuery(app.FactoryFor(await app.AgencyIdAsync("R2")));

        Assert.NotEmpty(list);
        Assert.Equal(list.Select(c => c.Code).Order(StringComparer.Ordinal), list.Select(c => c.Code));
        var details = await query.DetailsAsync(list[0].Id);
        Assert.Equal(list[0].Name, details!.Name);
        Assert.Equal(list[0].HomePlace, details.HomePlace!.Name);
        Assert.Equal(list[0].Name, (await query.EditingAsync(list[0].Id))!.Form.Name);
        Assert.Null(await foreign.DetailsAsync(list[0].Id));
        Assert.Null(await foreign.EditingAsync(list[0].Id));
    }

    [Fact]
    public async Task HomeFigures_CountTheAgencysClientsAndActiveCaregivers()
    {
        var r1 = await app.AgencyIdAsync("R1");
        await using var db = app.Database(r1);

        var figures = await new HomeQuery(app.FactoryFor(r1)).FiguresAsync(r1, Today);

        Assert.Equal("R1", figures!.Agency.Code);
        Assert.Equal(600, figures.Clients);
        Assert.Equal(await db.Caregivers.CountAsync(c => c.IsActive), figures.ActiveCaregivers);
        Assert.Null(await new HomeQuery(app.FactoryFor(r1)).FiguresAsync(Guid.NewGuid(), Today));
    }

    [Fact]
    public async Task MyScheduleWeek_UnknownCaregiver_IsEmpty()
    {
        var week = await new MyScheduleQuery(app.FactoryFor(await app.AgencyIdAsync("R1"))).WeekAsync(Guid.NewGuid(), Today.AddDays(-1));

        Assert.Empty(week.Days);
    }

    [Fact]
    public async Task BillingOverview_ResolvesTheAgencysCityPolicyForToday()
    {
        var r1 = await app.AgencyIdAsync("R1");
        await using var db = app.Database(r1);
        var city = await db.Agencies.Where(a => a.Id == r1).Select(a => a.CityPolicy).SingleAsync();
        var query = new BillingQuery(app.FactoryFor(r1));

        var overview = await query.OverviewAsync(Today);
        var book = await query.PolicyBookAsync();

        Assert.Equal(city, overview.City);
        Assert.Equal(book.Resolve(city, Today)?.Version, overview.Policy?.Version);
        Assert.Contains(book.Versions, v => v.City == city);
    }

    [Fact]
    public async Task Catalogues_ComeWithTheirItems()
    {
        var catalogues = await new CatalogueQuery(app.FactoryFor(await app.AgencyIdAsync("R1"))).AllAsync();

        Assert.NotEmpty(catalogues);
        Assert.All(catalogues, c => Assert.NotEmpty(c.Items));
    }

    [Fact]
    public async Task Geography_MapLinesAndOneLine_ReadTheSameArchipelago()
    {
        var query = new GeographyQuery(app.FactoryFor(await app.AgencyIdAsync("R1")));

        var map = await query.MapAsync(Today);
        var lines = await query.LinesAsync();
        var first = await query.LineAsync(lines.Lines[0].Id);

        Assert.Equal(map.Regions.Sum(r => r.Places.Count), map.Places.Count);
        Assert.Equal(map.Lines.Select(l => l.Id), lines.Lines.Select(l => l.Id));
        Assert.All(lines.Lines, l => Assert.NotEmpty(l.Schedules));
        Assert.Equal(lines.Lines[0].Schedules.Count, first!.Line.Schedules.Count);
        Assert.Equal(map.Places.Count, first.PlaceNames.Count);
        Assert.Null(await query.LineAsync(-1));
    }
}
