using System.Globalization;
using Bunit;
using CareOps.Data.Domain;
using CareOps.Web.Features.MySchedule;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using static CareOps.Web.Tests.MySchedule.DemoDay;

namespace CareOps.Web.Tests.Components;

/// <summary>A caregiver's day on her phone: rows linking to each visit, status chips the offline queue can find, items, map links and boats.</summary>
public sealed class MyDayViewTests : BunitContext
{
    public MyDayViewTests()
    {
        CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
        Services.AddLocalization();
        Services.AddMudServices();
    }

    private IRenderedComponent<MyDayView> RenderDay(IReadOnlySet<Guid>? changed = null) =>
        Render<MyDayView>(ps => ps
            .Add(p => p.Day, Week(Visits(liPhase: VisitPhase.Flagged), Published()).Days[0])
            .Add(p => p.Changed, changed ?? new HashSet<Guid>()));

    [Fact]
    public void Day_EachVisitRow_LinksToTheVisitAndCarriesItsStatusChip()
    {
        var rows = RenderDay().FindAll("[data-testid=schedule-visit]");

        Assert.Equal(2, rows.Count);
        Assert.Equal($"/my/visits/{WangVisit:D}", rows[0].GetAttribute("href"));
        var chip = rows[0].QuerySelector("span.visit-status-chip")!;
        Assert.Equal(WangVisit.ToString("D"), chip.GetAttribute("data-visit-id"));
        Assert.Equal("Verified", chip.GetAttribute("data-status"));
        Assert.Equal("已核验", chip.TextContent);
        var flagged = rows[1].QuerySelector("span.visit-status-chip")!;
        Assert.Equal(("Flagged", "待复核"), (flagged.GetAttribute("data-status"), flagged.TextContent));
        Assert.Empty(RenderDay().FindAll("[data-testid=visit-status]"));
        Assert.Contains("09:00", rows[0].TextContent);
        Assert.Contains("60 分钟", rows[0].TextContent);
        Assert.Contains("王阿婆", rows[0].TextContent);
    }

    [Fact]
    public void Day_ShowsThePlansItemsAndAMapLinkToTheClientsHome()
    {
        var day = RenderDay();

        Assert.Equal("协助进食、洗澡", day.Find("[data-testid=schedule-items]").TextContent);
        var map = day.FindAll("[data-testid=schedule-map]")[0];
        Assert.Equal("https://uri.amap.com/marker?position=122.28,29.81&name=%E7%8E%8B%E9%98%BF%E5%A9%86&coordinate=wgs84&src=careops&callnative=1", map.GetAttribute("href"));
        Assert.Equal("_blank", map.GetAttribute("target"));
        Assert.Contains("noopener", map.GetAttribute("rel"));
        Assert.Null(map.Closest("[data-testid=schedule-visit]")); // never a link inside the row's link
        Assert.Contains("桃花镇茅草屋村 12 号", day.Markup);
    }

    [Fact]
    public void Day_ShowsTheBoatsToCatchAndTheLastBoatBack()
    {
        var day = RenderDay();

        var boats = day.FindAll("[data-testid=schedule-ferry]").Select(b => b.TextContent).ToList();
        Assert.Equal(["搭乘 08:30 沈家门→桃花岛 客船（沈家门—桃花），09:00 到", "搭乘 12:30 桃花岛→沈家门 客船（沈家门—桃花），13:00 到"], boats);
        Assert.Contains("08:25 从家出发 · 路程 35 分钟", day.FindAll("[data-testid=schedule-travel]")[0].TextContent);
        Assert.Equal("末班返程船 17:30 桃花岛→沈家门（沈家门—桃花）", day.Find("[data-testid=schedule-last-sailing]").TextContent);
    }

    [Fact]
    public void Day_ChangedVisit_IsHighlightedAndMarked()
    {
        var rows = RenderDay(changed: new HashSet<Guid> { LiVisit }).FindAll("[data-testid=schedule-visit]");

        Assert.Null(rows[0].GetAttribute("data-changed"));
        Assert.Equal("true", rows[1].GetAttribute("data-changed"));
        Assert.Contains("my-changed", rows[1].ClassList);
    }
}
