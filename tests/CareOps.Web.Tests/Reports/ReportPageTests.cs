using System.Globalization;
using System.Net;
using CareOps.Web.Features.Reports;
using CareOps.Web.Resources;
using CareOps.Web.Tests.Features;
using CareOps.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using MiniExcelLibs;

namespace CareOps.Web.Tests.Reports;

/// <summary>The reports page and its Excel downloads through the real app (demo archipelago, fake clock), by role.</summary>
[Collection(AppCollection.Name)]
public sealed class ReportPageTests(CareOpsApp app)
{
    private const string Range = "from=2026-10&to=2026-11";

    [Fact]
    public async Task Page_Finance_ShowsEveryReportWithItsDownload_AndAnEmptyStateWithoutData()
    {
        var finance = await app.SignedInAsync("r1.finance@demo.careops.cn");

        var response = await finance.GetAsync($"/reports?{Range}");
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        foreach (var name in ReportViews.Names)
        {
            Assert.Contains($"data-testid=\"report-{name}\"", html);
            Assert.Matches($"href=\"/reports/export/{name}\\?{Range}\"[^>]*data-testid=\"report-export-{name}\"|data-testid=\"report-export-{name}\"[^>]*href=\"/reports/export/{name}\\?{Range}\"", html);
        }

        // The demo without its history has no claim batch: the report says so in a sentence.
        Assert.Contains("data-testid=\"report-fund-income-empty\"", html);
        Assert.Contains("所选月份内没有数据。", html);

        // Caregivers are available whatever the history: R1's own, drawn as a chart (SVG on the server, ADR 0013).
        Assert.Contains("data-testid=\"report-caregiver-hours-table\"", html);
        Assert.Contains("<svg", html);
        Assert.Contains("机构：R1", html);
        Assert.DoesNotContain(">R2<", html);
    }

    [Fact]
    public async Task Page_Operator_SeesAllEightAgenciesSideBySide()
    {
        var op = await app.SignedInAsync("operator@demo.careops.cn");

        var html = WebUtility.HtmlDecode(await op.GetStringAsync($"/reports?{Range}"));

        Assert.Contains("全部 8 家机构并列显示", html);
        foreach (var code in new[] { "R1", "R2", "R5", "R8" })
        {
            Assert.Contains($">{code}<", html);
        }
    }

    [Fact]
    public async Task Page_BackwardsRange_SaysSoAndShowsNoReport()
    {
        var finance = await app.SignedInAsync("r1.finance@demo.careops.cn");

        var html = WebUtility.HtmlDecode(await finance.GetStringAsync("/reports?from=2026-11&to=2026-10"));

        Assert.Contains("data-key=\"Error.ReportRangeBackwards\"", html);
        Assert.DoesNotContain("data-testid=\"report-fund-income\"", html);
    }

    [Theory]
    [InlineData("r1.cg01@demo.careops.cn")]
    [InlineData("r1.dispatcher@demo.careops.cn")]
    public async Task PageAndDownload_CaregiverOrDispatcher_AreDenied(string email)
    {
        var user = await app.SignedInAsync(email);

        var page = await user.GetAsync($"/reports?{Range}");
        var download = await user.GetAsync($"/reports/export/caregiver-hours?{Range}");

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/denied", page.Headers.Location!.PathAndQuery);
        Assert.Equal(HttpStatusCode.Redirect, download.StatusCode);
        Assert.StartsWith("/denied", download.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task Download_Anonymous_GoesToSignIn()
    {
        var response = await app.Browser().GetAsync($"/reports/export/fund-income?{Range}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/login", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task Download_Finance_IsAnUncachedWorkbookWithThePagesRows()
    {
        var finance = await app.SignedInAsync("r1.finance@demo.careops.cn");
        var r1 = await app.AgencyIdAsync("R1");

        var response = await finance.GetAsync($"/reports/export/caregiver-hours?{Range}");
        var rows = await ReadAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ReportEndpoints.ContentType, response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("no-store", response.Headers.CacheControl!.ToString());
        var expected = await ViewAsync(new ReportQuery(app.FactoryFor(r1), app.Finance(r1), app.Clock), ReportViews.CaregiverHours);
        AssertSameRows(expected, rows);
        Assert.All(rows, r => Assert.Equal("R1", r["机构"]));
    }

    [Fact]
    public async Task Download_Operator_HoldsEveryAgency()
    {
        var op = await app.SignedInAsync("operator@demo.careops.cn");

        var response = await op.GetAsync($"/reports/export/caregiver-hours?{Range}");
        var rows = await ReadAsync(response);

        // The operator has no agency; her reads leave the tenancy filter out, whatever the context's agency.
        var expected = await ViewAsync(new ReportQuery(app.FactoryFor(Guid.Empty), app.Operator(), app.Clock), ReportViews.CaregiverHours);
        AssertSameRows(expected, rows);
        Assert.Equal(8, rows.Select(r => r["机构"]).Distinct().Count());
    }

    [Fact]
    public async Task Download_EmptyReport_IsAWorkbookWithItsHeaderOnly()
    {
        var finance = await app.SignedInAsync("r1.finance@demo.careops.cn");

        var response = await finance.GetAsync($"/reports/export/fund-income?{Range}");
        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        var rows = stream.Query(useHeaderRow: false).Cast<IDictionary<string, object?>>().ToList();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var header = Assert.Single(rows);
        Assert.Equal(["机构", "月份", "护理方式", "金额（元）"], header.Values);
    }

    [Fact]
    public async Task Download_UnknownReportOrUnreadableRange_IsRefused()
    {
        var finance = await app.SignedInAsync("r1.finance@demo.careops.cn");

        var unknown = await finance.GetAsync($"/reports/export/salaries?{Range}");
        var unreadable = await finance.GetAsync("/reports/export/deductions?from=2026-13&to=2026-11");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unreadable.StatusCode);
        Assert.Contains("yyyy-MM", await unreadable.Content.ReadAsStringAsync());
    }

    private static async Task<List<IDictionary<string, object?>>> ReadAsync(HttpResponseMessage response)
    {
        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        return [.. stream.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>()];
    }

    private async Task<ReportView> ViewAsync(ReportQuery query, string name)
    {
        CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
        var text = app.Services.GetRequiredService<IStringLocalizer<SharedResource>>();
        var range = new ReportRange(new DateOnly(2026, 10, 1), new DateOnly(2026, 11, 1));
        return (await ReportViews.LoadAsync(query, name, range, text))!.Value!;
    }

    /// <summary>Same rows in the same order, cell by cell: numbers as numbers, text as text, nothing as an empty cell.</summary>
    private static void AssertSameRows(ReportView expected, List<IDictionary<string, object?>> actual)
    {
        Assert.NotEmpty(expected.Table.Rows);
        Assert.Equal(expected.Table.Rows.Count, actual.Count);
        for (var i = 0; i < actual.Count; i++)
        {
            for (var c = 0; c < expected.Table.Columns.Count; c++)
            {
                var want = expected.Table.Rows[i][c];
                var got = actual[i][expected.Table.Columns[c].Header];
                if (want is null)
                {
                    Assert.True(got is null || got as string == "", $"row {i}, column {c}: {got}");
                }
                else if (want is string text)
                {
                    Assert.Equal(text, got);
                }
                else
                {
                    Assert.Equal(Convert.ToDecimal(want, CultureInfo.InvariantCulture), Convert.ToDecimal(got, CultureInfo.InvariantCulture));
                }
            }
        }
    }
}
