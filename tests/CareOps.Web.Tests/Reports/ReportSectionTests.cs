using System.Globalization;
using Bunit;
using CareOps.Web.Features.Reports;
using CareOps.Web.Resources;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using MudBlazor.Services;

namespace CareOps.Web.Tests.Reports;

/// <summary>The report's section renders what it is given: chart, table, download, or the empty state.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "xunit calls IAsyncLifetime.DisposeAsync, which disposes the bUnit context.")]
public sealed class ReportSectionTests : IAsyncLifetime
{
    private static readonly ReportRange Range = new(new DateOnly(2027, 1, 1), new DateOnly(2027, 2, 1));

    // Note: a member, not the base class: MudBlazor's services dispose only asynchronously (see PageParameterTests).
    private readonly BunitContext bunit = new();

    public ReportSectionTests()
    {
        CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
        bunit.JSInterop.Mode = JSRuntimeMode.Loose;
        bunit.Services.AddLocalization();
        bunit.Services.AddMudServices();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => bunit.DisposeAsync().AsTask();

    private IStringLocalizer L => bunit.Services.GetRequiredService<IStringLocalizer<SharedResource>>();

    [Fact]
    public void Agency_ChartByCareModeTableAndDownload()
    {
        var view = ReportViews.Of(new Report<FundIncomeRow>(
            [new("TA", Range.From, Data.Domain.CareMode.Home, 860m), new("TA", Range.To, Data.Domain.CareMode.Home, 1280m), new("TA", Range.To, null, 5m)],
            ["TA"], AllAgencies: false), Range, L);

        var section = bunit.Render<ReportSection>(ps => ps.Add(p => p.View, view).Add(p => p.Range, Range));

        Assert.NotNull(section.Find("[data-testid=report-fund-income] .mud-chart svg"));
        Assert.Equal("/reports/export/fund-income?from=2027-01&to=2027-02", section.Find("[data-testid=report-export-fund-income]").GetAttribute("href"));
        Assert.Equal(["居家上门", "未知"], view.Chart.Series.Select(s => s.Name));
        Assert.Equal([860d, 1280d], view.Chart.Series[0].Values);
        var cells = section.FindAll("[data-testid=report-fund-income-table] tbody tr")[0].QuerySelectorAll("td").Select(td => td.TextContent).ToList();
        Assert.Equal(["TA", "2027-01", "居家上门", 860m.ToString("#,0.00", CultureInfo.CurrentCulture)], cells);
        Assert.Empty(section.FindAll("[data-testid=report-fund-income-empty]"));
    }

    [Fact]
    public void Operator_OneSeriesPerAgency_EvenWithoutRows()
    {
        var view = ReportViews.Of(new Report<VerificationRow>(
            [new("TA", Range.From, 5, 2, 3, 1, 1, 1, new Dictionary<Data.Domain.FlagReason, int>())],
            ["TA", "TB"], AllAgencies: true), Range, L);

        Assert.Equal(MudBlazor.ChartType.Line, view.Chart.Type);
        Assert.Equal(["2027-01", "2027-02"], view.Chart.Labels);
        Assert.Equal(["TA", "TB"], view.Chart.Series.Select(s => s.Name));
        Assert.Equal([40d, 0d], view.Chart.Series[0].Values);
        Assert.Equal(40.0m, view.Table.Rows[0][4]);
    }

    [Fact]
    public void NoRows_SaysSoInASentence()
    {
        var view = ReportViews.Of(new Report<DeductionRow>([], ["TA"], AllAgencies: false), Range, L);

        var section = bunit.Render<ReportSection>(ps => ps.Add(p => p.View, view).Add(p => p.Range, Range));

        Assert.Equal("所选月份内没有数据。", section.Find("[data-testid=report-deductions-empty]").TextContent);
        Assert.Empty(section.FindAll(".mud-chart"));
        Assert.NotNull(section.Find("[data-testid=report-export-deductions]"));
    }
}
