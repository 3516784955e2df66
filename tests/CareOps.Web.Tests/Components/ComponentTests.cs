using System.Globalization;
using Bunit;
using CareOps.Data.Domain;
using CareOps.Web.Features.Geography;
using CareOps.Web.Infrastructure;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace CareOps.Web.Tests.Components;

public sealed class ComponentTests : BunitContext
{
    public ComponentTests()
    {
        CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
        Services.AddLocalization();
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    private static List<Place> Places() =>
    [
        new() { Id = 1, Code = "dinghai", Name = "定海", Latitude = 30.017, Longitude = 122.107, Link = PlaceLink.MainIsland },
        new() { Id = 2, Code = "daishan", Name = "岱山", Latitude = 30.245, Longitude = 122.200, Link = PlaceLink.Ferry },
        new() { Id = 3, Code = "sanjiang", Name = "三江", Latitude = 30.103, Longitude = 122.115, Link = PlaceLink.MainIsland },
    ];

    [Fact]
    public void ArchipelagoMap_DrawsEachPlaceAndMarksSuspendedLinesRed()
    {
        var places = Places();
        var line = new FerryLine { Id = 7, Code = "F1", Name = "三江—岱山", PlaceA = places[2], PlaceB = places[1] };

        var map = Render<ArchipelagoMap>(ps => ps
            .Add(p => p.Places, places)
            .Add(p => p.Lines, [line])
            .Add(p => p.SuspendedLineIds, new HashSet<int> { 7 }));

        Assert.Equal(3, map.FindAll("circle").Count);
        Assert.Equal("#c62828", map.Find("line").GetAttribute("stroke"));
        Assert.Contains("岱山", map.Markup);
        Assert.Contains("F1", map.Markup);
    }

    [Fact]
    public void ArchipelagoMap_NorthIsUp()
    {
        var map = Render<ArchipelagoMap>(ps => ps.Add(p => p.Places, Places()));
        var circles = map.FindAll("circle");

        // Daishan (30.245 N) lies north of Dinghai (30.017 N): a smaller y on screen.
        var dinghaiY = double.Parse(circles[0].GetAttribute("cy")!, CultureInfo.InvariantCulture);
        var daishanY = double.Parse(circles[1].GetAttribute("cy")!, CultureInfo.InvariantCulture);
        Assert.True(daishanY < dinghaiY);
    }

    [Fact]
    public void DepartureStrip_DrawsOneBarPerSailing()
    {
        var strip = Render<DepartureStrip>(ps => ps
            .Add(p => p.Departures, [new TimeOnly(7, 30), new TimeOnly(12, 30), new TimeOnly(16, 0)])
            .Add(p => p.CrossingMinutes, 70));

        var bars = strip.FindAll("rect").Skip(1).ToList();
        Assert.Equal(3, bars.Count);
        Assert.Contains("16:00", bars[2].TextContent);
    }

    [Fact]
    public void ServerErrors_ShowsALocalizedSentenceBesideTheField()
    {
        var model = new CareOps.Web.Features.Clients.ClientForm();
        var editContext = new EditContext(model);
        var errors = Render<ServerErrors>(ps => ps.AddCascadingValue(editContext));

        errors.InvokeAsync(() => errors.Instance.Show([Problem.ForField(nameof(model.ResidentId), "Error.ResidentId.CheckCharacter")]));

        var messages = editContext.GetValidationMessages(editContext.Field(nameof(model.ResidentId))).ToList();
        Assert.Single(messages);
        Assert.Contains("校验位", messages[0]);
    }

    [Fact]
    public void ProblemList_ShowsABillingCodeInChineseWithItsStateWorded()
    {
        var problems = new Problems { Problem.From(new CareOps.Billing.BillingProblem(CareOps.Billing.BillingCode.BatchCannotSubmit, CareOps.Billing.Batches.BatchState.Draft)) };

        var list = Render<ProblemList>(ps => ps.Add(p => p.Problems, problems));

        var alert = list.Find("[data-testid=problem]");
        Assert.Contains("草稿", alert.TextContent);
        Assert.DoesNotContain("Draft", alert.TextContent);
        Assert.Equal("Billing.BatchCannotSubmit", alert.GetAttribute("data-key"));
    }

    [Fact]
    public void ServerErrors_ShowsARefusalOfNoFieldAsAnAlert()
    {
        var editContext = new EditContext(new CareOps.Web.Features.Clients.ClientForm());
        var errors = Render<ServerErrors>(ps => ps.AddCascadingValue(editContext));

        errors.InvokeAsync(() => errors.Instance.Show(Problems.Of("Error.NotAllowed")));

        Assert.Contains("无权", errors.Find("[data-testid=problem]").TextContent);
    }
}
