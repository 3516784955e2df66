using CareOps.Web.Features.MySchedule;
using static CareOps.Web.Tests.MySchedule.DemoDay;

namespace CareOps.Web.Tests.MySchedule;

/// <summary>Her day: visit rows in order, with the journeys, boats and last boat back of the published roster where it still holds them.</summary>
public sealed class ItineraryTests
{
    [Fact]
    public void Week_VisitsOfThePublishedDay_ComeInOrderWithJourneysBoatsAndTheLastBoatBack()
    {
        var visits = Visits();
        visits.Reverse();

        var day = Assert.Single(Week(visits, Published()).Days);

        Assert.Equal(Wednesday, day.Date);
        Assert.Equal(["王阿婆", "李阿公"], day.Stops.Select(s => s.Visit.ClientName));
        var first = day.Stops[0];
        Assert.True(first.FromHome);
        Assert.Equal((new TimeOnly(8, 25), 35), (first.Travel!.Depart, first.Travel.Minutes));
        var boat = Assert.Single(first.Travel.Sailings);
        Assert.Equal((new TimeOnly(8, 30), "沈家门", "桃花岛", "沈家门—桃花", new TimeOnly(9, 0)), (boat.Depart, boat.From, boat.To, boat.Line, boat.Arrive));
        Assert.Null(first.LastSailingBack); // her next visit is on the same island

        var second = day.Stops[1];
        Assert.False(second.FromHome);
        Assert.Equal((new TimeOnly(10, 0), 10), (second.Travel!.Depart, second.Travel.Minutes));
        Assert.Empty(second.Travel.Sailings);
        Assert.Equal(new MySailing(new TimeOnly(17, 30), "桃花岛", "沈家门", "沈家门—桃花"), second.LastSailingBack);

        Assert.Equal(new TimeOnly(12, 30), Assert.Single(day.WayHome!.Sailings).Depart);
    }

    [Fact]
    public void Week_AVisitMovedSinceThePublish_IsShownWithoutTravel()
    {
        var day = Assert.Single(Week(Visits(liStart: new TimeOnly(14, 0)), Published()).Days);

        Assert.NotNull(day.Stops[0].Travel);
        Assert.Null(day.Stops[1].Travel);
        Assert.Null(day.WayHome);
        Assert.Equal(new TimeOnly(14, 0), day.Stops[1].Visit.PlannedStart);
    }

    [Fact]
    public void Week_NeverPublished_ShowsTheVisitsWithoutTravel()
    {
        var day = Assert.Single(Week(Visits(), published: null).Days);

        Assert.Equal(2, day.Stops.Count);
        Assert.All(day.Stops, s => Assert.Null(s.Travel));
        Assert.All(day.Stops, s => Assert.Null(s.LastSailingBack));
        Assert.Null(day.WayHome);
    }

    [Fact]
    public void Week_LineSuspendedThatDay_GivesNoLastBoatBack()
    {
        var day = Assert.Single(Week(Visits(), Published(Wednesday)).Days);

        Assert.All(day.Stops, s => Assert.Null(s.LastSailingBack));
    }
}
