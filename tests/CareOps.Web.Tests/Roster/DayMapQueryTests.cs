using CareOps.Scheduling.Roster;
using CareOps.Web.Features.Roster;
using CareOps.Web.Tests.Infrastructure;
using static CareOps.Web.Tests.Roster.RosterTestKit;

namespace CareOps.Web.Tests.Roster;

/// <summary>The day map's read: her home, her visits in order with their coordinates, every place and ferry line.</summary>
[Collection(RosterCollection.Name)]
public sealed class DayMapQueryTests(CareOpsApp app)
{
    [Fact]
    public async Task DayAsync_ADraftDay_GivesHomeStopsInOrderPlacesAndFerries()
    {
        var week = NextWeek.AddDays(119);
        var agency = await app.AgencyIdAsync("R5");
        await app.OptimizeAsync(agency, week);
        var day = RosterJson.ReadRoster((await app.WeekAsync(agency, week)).DraftJson!).Days.First(d => d.Visits.Count >= 2);

        var map = await new DayMapQuery(app.FactoryFor(agency)).DayAsync(day);

        Assert.NotNull(map);
        Assert.Equal(day.Visits.Select(v => $"{v.Start / 60:D2}:{v.Start % 60:D2}"), map.Stops.Select(s => s.Time));
        Assert.All(map.Stops, s => Assert.InRange(s.Lat, 29.0, 31.5));
        Assert.Equal(17, map.Places.Count);
        Assert.NotEmpty(map.Ferries);
    }
}
