using System.Globalization;
using CareOps.Data.Domain;
using CareOps.Web.Features.MySchedule;
using CareOps.Web.Resources;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static CareOps.Web.Tests.MySchedule.DemoDay;

namespace CareOps.Web.Tests.MySchedule;

/// <summary>The notices a caregiver reads when a publish changes her open week, visit by visit, in Chinese first.</summary>
public sealed class ScheduleNoticesTests
{
    private static IStringLocalizer Chinese()
    {
        CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
        return new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance).Create(typeof(SharedResource));
    }

    private static List<string> Texts(MyWeek before, MyWeek after)
    {
        var chinese = Chinese();
        return [.. ScheduleNotices.Between(before, after).Select(n => ScheduleNotices.Text(n, chinese))];
    }

    [Fact]
    public void Between_AVisitNewlyHers_SaysSheNowGoes()
    {
        var before = Week([Visits()[1]], null);

        var texts = Texts(before, Week(Visits(), null));

        Assert.Equal(["周三 09:00 王阿婆 改由你上门"], texts);
    }

    [Fact]
    public void Between_AVisitRetimedTheSameDay_SaysTheNewTime()
    {
        var texts = Texts(Week(Visits(), null), Week(Visits(liStart: new TimeOnly(14, 0)), null));

        Assert.Equal(["周三 10:30 李阿公 改到 14:00"], texts);
    }

    [Fact]
    public void Between_AVisitMovedToAnotherDay_SaysTheDayAndTime()
    {
        var moved = Visits();
        moved[0] = (moved[0].Visit with { Date = Wednesday.AddDays(1), PlannedStart = new TimeOnly(14, 0) }, moved[0].ClientId);

        var texts = Texts(Week(Visits(), null), Week(moved, null));

        Assert.Equal(["周三 09:00 王阿婆 改到 周四 14:00"], texts);
    }

    [Fact]
    public void Between_AVisitCancelledOrGivenToAnother_SaysWhich()
    {
        var before = Week(Visits(), null);

        Assert.Equal(["周三 09:00 王阿婆 已取消"], Texts(before, Week([Visits()[1]], null, WangVisit)));
        Assert.Equal(["周三 09:00 王阿婆 改由其他护理员上门"], Texts(before, Week([Visits()[1]], null)));
    }

    [Fact]
    public void Between_OnlyTheStatusChanged_SaysNothing()
    {
        var notices = ScheduleNotices.Between(Week(Visits(), null), Week(Visits(liPhase: VisitPhase.InProgress), null));

        Assert.Empty(notices);
    }

    [Fact]
    public void Changed_HighlightsTheVisitsSheHasThatMovedOrCame()
    {
        var before = Week([Visits()[1]], null);
        var after = Week([Visits()[0], Visits(liStart: new TimeOnly(15, 0))[1]], null);

        var changed = ScheduleNotices.Changed(ScheduleNotices.Between(before, after));

        Assert.Equal(new HashSet<Guid> { WangVisit, LiVisit }, changed);
    }
}
