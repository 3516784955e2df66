using System.Globalization;
using System.Text.Json;
using Bunit;
using CareOps.Data.Domain;
using CareOps.Web.Features.Visits;
using Microsoft.Extensions.DependencyInjection;

namespace CareOps.Web.Tests.Components;

/// <summary>The visit on the phone, rendered from a record in memory: the contract's test ids and the data the script starts from.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "xunit calls IAsyncLifetime.DisposeAsync, which disposes the bUnit context.")]
public sealed class VisitSheetTests : IAsyncLifetime
{
    private readonly BunitContext bunit = new();

    private static readonly DateTimeOffset CheckIn = new(2026, 11, 24, 10, 2, 0, TimeSpan.FromHours(8));

    public VisitSheetTests()
    {
        CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
        bunit.Services.AddLocalization();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => bunit.DisposeAsync().AsTask();

    private static VisitView View(VisitPhase phase = VisitPhase.Planned, IReadOnlyList<FlagReason>? flags = null, string? notes = null) => new(
        Guid.Parse("6f1c2a9e-0000-4000-8000-000000000001"),
        new DateOnly(2026, 11, 24),
        new TimeOnly(10, 0),
        60,
        "王阿婆",
        "定海区东海西路 12 号",
        30.0123,
        122.1062,
        200,
        phase,
        phase == VisitPhase.Planned ? null : CheckIn,
        null,
        phase == VisitPhase.Planned ? null : 35.5,
        null,
        phase == VisitPhase.Planned ? [] : ["ZS04"],
        notes,
        flags ?? [],
        null,
        null,
        [
            new("ZS04", "温水擦浴", "Warm sponge bath", "清洁照料", Planned: true),
            new("ZS10", "失禁护理", "Incontinence care", "排泄照料", Planned: true),
            new("ZS30", "关节活动练习", "Joint exercise", "康复", Planned: false),
        ],
        [],
        phase == VisitPhase.Planned ? [] : [new VisitAuditRow(CheckIn, "王芳", "CheckIn", null, null, "")]);

    [Fact]
    public void PlannedVisit_HasEveryContractTestId_PlannedItemsFirst_StatusPlanned()
    {
        var sheet = bunit.Render<VisitSheet>(p => p.Add(s => s.Visit, View()).Add(s => s.RenderedAt, CheckIn));

        foreach (var id in new[] { "visit-checkin", "visit-checkout", "visit-reason", "visit-save", "visit-notes", "visit-evidence", "visit-map" })
        {
            Assert.Single(sheet.FindAll($"[data-testid={id}]"));
        }

        var status = sheet.Find("[data-testid=visit-status]");
        Assert.Equal("Planned", status.GetAttribute("data-status"));
        Assert.Equal("待上门", status.TextContent);
        Assert.Equal(["ZS04", "ZS10", "ZS30"], sheet.FindAll("[data-testid=visit-item]").Select(i => i.GetAttribute("data-code")));
        Assert.Contains("温水擦浴", sheet.Find("ul.phone-items").TextContent, StringComparison.Ordinal);
        Assert.Null(sheet.Find("details").GetAttribute("open"));
        Assert.Contains("position=122.1062,30.0123", sheet.Find("[data-testid=visit-map]").GetAttribute("href"), StringComparison.Ordinal);
        Assert.Empty(sheet.FindAll("[data-testid=visit-history]"));
    }

    [Fact]
    public void FlaggedVisit_DataForTheScript_CarriesStateHomeAndChineseFlagNames()
    {
        var sheet = bunit.Render<VisitSheet>(p => p.Add(s => s.Visit, View(VisitPhase.Flagged, [FlagReason.OutsideGeofence])).Add(s => s.RenderedAt, CheckIn));

        var data = JsonDocument.Parse(sheet.Find("#visit-data").TextContent).RootElement;
        Assert.Equal("Flagged", data.GetProperty("visit").GetProperty("status").GetString());
        Assert.Equal("OutsideGeofence", data.GetProperty("visit").GetProperty("flags")[0].GetString());
        Assert.Equal(30.0123, data.GetProperty("home").GetProperty("lat").GetDouble());
        Assert.Equal(200, data.GetProperty("geofence").GetInt32());
        Assert.Equal(CheckIn.ToUnixTimeMilliseconds(), data.GetProperty("renderedAt").GetInt64());
        Assert.Equal("签到不在参保人家附近", data.GetProperty("strings").GetProperty("Flag.OutsideGeofence").GetString());
        Assert.Equal("待同步", data.GetProperty("strings").GetProperty("Phase.PendingSync").GetString());
        Assert.Equal("CheckIn", sheet.Find("[data-testid=visit-history] li").GetAttribute("data-action"));
    }

    [Fact]
    public void NotesWithMarkup_CannotCloseTheDataScript()
    {
        var sheet = bunit.Render<VisitSheet>(p => p.Add(s => s.Visit, View(VisitPhase.InProgress, notes: "</script><script>alert(1)</script>")).Add(s => s.RenderedAt, CheckIn));

        var json = sheet.Find("#visit-data").InnerHtml;
        Assert.DoesNotContain("</script", json, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("</script><script>alert(1)</script>", JsonDocument.Parse(sheet.Find("#visit-data").TextContent).RootElement.GetProperty("visit").GetProperty("notes").GetString());
        Assert.Single(sheet.FindAll("script[type='module']"));
    }

    [Fact]
    public void NotHers_SaysSo_NoControls()
    {
        var sheet = bunit.Render<VisitSheet>(p => p.Add(s => s.Visit, null).Add(s => s.RenderedAt, CheckIn));

        Assert.Single(sheet.FindAll("[data-testid=visit-missing]"));
        Assert.Empty(sheet.FindAll("[data-testid=visit-checkin]"));
    }
}
