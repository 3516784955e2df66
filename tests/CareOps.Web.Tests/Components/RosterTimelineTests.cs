using System.Globalization;
using Bunit;
using CareOps.Data.Domain;
using CareOps.Scheduling.Roster;
using CareOps.Scheduling.Travel;
using CareOps.Web.Features.Roster;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace CareOps.Web.Tests.Components;

/// <summary>The board's timeline: each kind of block drawn distinctly where its times say, pins marked, paging for long lists.</summary>
public sealed class RosterTimelineTests : BunitContext
{
    private static readonly DateOnly Monday = new(2026, 11, 30);

    public RosterTimelineTests()
    {
        CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
        Services.AddLocalization();
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    [Fact]
    public void Timeline_ADayWithFerry_DrawsVisitsRoadFerryAndLunchDistinctly()
    {
        var day = new CaregiverDay("g1", Monday.AddDays(1), 8 * 60, 16 * 60, 12 * 60,
            [new PlannedVisit("c1", 9 * 60, 10 * 60), new PlannedVisit("c2", 13 * 60 + 30, 14 * 60 + 30)],
            [
                new TravelLeg(LegKind.Land, "home", "pier", 8 * 60, 8 * 60 + 20),
                new TravelLeg(LegKind.Ferry, "pier", "island", 8 * 60 + 25, 8 * 60 + 55, "L03"),
                new TravelLeg(LegKind.Land, "island", "c2", 13 * 60, 13 * 60 + 20),
            ]);
        var rows = TimelineRow.Of(new Scheduling.Roster.Roster(Monday, [day], []), Caregivers(1));

        var timeline = Render<RosterTimeline>(ps => ps
            .Add(p => p.Rows, rows)
            .Add(p => p.WeekStart, Monday)
            .Add(p => p.Clients, Clients())
            .Add(p => p.Pins, new HashSet<(string, DateOnly)> { ("c2", Monday.AddDays(1)) }));

        var visits = timeline.FindAll("[data-testid=roster-visit]");
        Assert.Equal(2, visits.Count);
        Assert.Contains("王阿婆", visits[0].TextContent);
        Assert.Contains("left:16.67%", visits[0].GetAttribute("style")); // 09:00 is 2 h into the 07:00–19:00 scale
        Assert.Contains("tl-pinned", visits[1].ClassName);
        var ferry = Assert.Single(timeline.FindAll(".tl-cell .tl-ferry"));
        Assert.Equal("L03", ferry.TextContent);
        Assert.Equal(2, timeline.FindAll(".tl-cell .tl-land").Count);
        Assert.Single(timeline.FindAll(".tl-cell .tl-lunch"));
        Assert.Contains("周二", timeline.Markup);
    }

    [Fact]
    public void Timeline_ManyCaregivers_ShowsOnePageAtATime()
    {
        var rows = TimelineRow.Of(new Scheduling.Roster.Roster(Monday, [], []), Caregivers(40));

        var timeline = Render<RosterTimeline>(ps => ps
            .Add(p => p.Rows, rows)
            .Add(p => p.WeekStart, Monday)
            .Add(p => p.Clients, Clients()));

        Assert.Equal(RosterTimeline.PageSize, timeline.FindAll("[data-testid=roster-row]").Count);
        Assert.NotNull(timeline.Find("[data-testid=roster-pages]"));
    }

    private static Dictionary<string, BoardCaregiver> Caregivers(int count) => Enumerable.Range(1, count)
        .ToDictionary(i => $"g{i}", i => new BoardCaregiver($"g{i}", $"cg{i:D2}", $"护理员{i}", "定海", Skill.Basic, new TimeOnly(8, 0), new TimeOnly(17, 0)));

    private static Dictionary<string, BoardClient> Clients() => new()
    {
        ["c1"] = new BoardClient("c1", "王阿婆", "定海"),
        ["c2"] = new BoardClient("c2", "李阿公", "岱山"),
    };
}
