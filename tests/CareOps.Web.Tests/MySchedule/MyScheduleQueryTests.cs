using System.Text.RegularExpressions;
using CareOps.Data.Rostering;
using CareOps.Scheduling.Roster;
using CareOps.Scheduling.Travel;
using CareOps.Web.Features.MySchedule;
using CareOps.Web.Features.Roster;
using CareOps.Web.Tests.Features;
using CareOps.Web.Tests.Infrastructure;
using CareOps.Web.Tests.Roster;
using Microsoft.EntityFrameworkCore;
using static CareOps.Web.Tests.Roster.RosterTestKit;

namespace CareOps.Web.Tests.MySchedule;

/// <summary>Her week as the page reads it after a dispatcher publishes: visit rows in order, journeys and boats from the published version.</summary>
[Collection(RosterCollection.Name)]
public sealed partial class MyScheduleQueryTests(CareOpsApp app)
{
    [Fact]
    public async Task Week_AfterAPublish_GivesHerDayInOrderWithTheJourneysAndBoatsOfThePublishedVersion()
    {
        var week = NextWeek.AddDays(126);
        var agency = await app.AgencyIdAsync("R4"); // Liuheng and Xiazhi: some days cross on line F3
        await app.OptimizeAsync(agency, week);
        var publisher = app.Publisher(agency, app.Dispatcher(agency));
        var published = await publisher.ExecuteAsync(week, (await publisher.PreviewAsync(week)).Value!.Version);
        Assert.True(published.Succeeded, string.Join(", ", published.Problems.Select(p => p.Key)));
        await using var db = app.Database(agency);
        var roster = RosterJson.ReadRoster((await db.RosterVersions.SingleAsync(v => v.WeekStart == week)).RosterJson);
        var boatDay = roster.Days.OrderBy(d => d.Date).ThenBy(d => d.CaregiverId, StringComparer.Ordinal).First(d => d.Visits.Count >= 2 && d.Legs.Any(l => l.Kind == LegKind.Ferry));
        var lines = await db.FerryLines.ToDictionaryAsync(l => l.Code, l => l.Name);

        var mine = await new MyScheduleQuery(app.FactoryFor(agency)).WeekAsync(RosterProblemBuilder.GuidOf(boatDay.CaregiverId), week);

        var day = mine.On(boatDay.Date)!;
        Assert.Equal(boatDay.Visits.Select(v => RosterSlot.TimeOf(v.Start)), day.Stops.Select(s => s.Visit.PlannedStart));
        Assert.Equal(boatDay.Visits.Select(v => v.End - v.Start), day.Stops.Select(s => s.Visit.PlannedMinutes));
        Assert.True(day.Stops[0].FromHome);
        var route = DayRoute.Of(boatDay);
        Assert.Equal(route.ToVisit.Select(legs => legs.Count), day.Stops.Select(s => s.Travel?.Legs.Count ?? 0));
        Assert.Equal(route.Home.Count, day.WayHome?.Legs.Count ?? 0);
        var boats = day.Stops.Select(s => s.Travel).Append(day.WayHome).OfType<MyTravel>().SelectMany(t => t.Sailings).ToList();
        Assert.Equal(boatDay.Legs.Where(l => l.Kind == LegKind.Ferry).Select(l => (RosterSlot.TimeOf(l.Depart), lines[l.Line!])), boats.Select(b => (b.Depart, b.Line!)));
        Assert.All(boats, b => Assert.Matches(Chinese(), b.From));

        // Leaving the island, the last boat back that day: never earlier than the one the roster takes.
        var (i, stop) = day.Stops.Index().First(s => s.Item.LastSailingBack is not null);
        var end = boatDay.Visits[i].End;
        Assert.True(stop.LastSailingBack!.Depart >= RosterSlot.TimeOf(boatDay.Legs.First(l => l.Kind == LegKind.Ferry && l.Depart >= end).Depart));

        // Every visit of hers: its client, address, the plan's items by their Chinese names, and a status.
        Assert.All(mine.Days.SelectMany(d => d.Stops), s =>
        {
            Assert.NotEmpty(s.Visit.ClientName);
            Assert.NotEmpty(s.Visit.ClientAddress);
            Assert.NotEmpty(s.Visit.Items);
            Assert.All(s.Visit.Items, i => Assert.Matches(Chinese(), i.NameZh));
            Assert.Equal(CareOps.Data.Domain.VisitPhase.Planned, s.Visit.Phase);
        });
        Assert.Equal(roster.Days.Where(d => d.CaregiverId == boatDay.CaregiverId).Sum(d => d.Visits.Count), mine.Visits.Count());
    }

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex Chinese();
}
