using System.Globalization;
using Bunit;
using CareOps.Data;
using CareOps.Web.Features.Caregivers;
using CareOps.Web.Features.Clients;
using CareOps.Web.Features.Geography;
using CareOps.Web.Infrastructure;
using CareOps.Web.Resources;
using CareOps.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using MudBlazor;
using MudBlazor.Services;

namespace CareOps.Web.Tests.Components;

/// <summary>
/// The router reuses a page when only its parameter changes (/clients/A → /clients/B inside a circuit): the pages
/// must show B, never A under B's URL. Rendered with bUnit over the demo database through the real query classes.
/// </summary>
[Collection(AppCollection.Name)]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "xunit calls IAsyncLifetime.DisposeAsync, which disposes the bUnit context; xunit 2 would dispose it synchronously otherwise.")]
public sealed class PageParameterTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private readonly CareOpsApp app;

    // Note: a member, not the base class: MudBlazor registers services that only dispose asynchronously, and xUnit 2
    // disposes a test class synchronously.
    private readonly BunitContext bunit = new();

    public PageParameterTests(CareOpsApp app)
    {
        this.app = app;
        CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddLocalization();
        Services.AddMudServices();
        Services.AddSingleton<TimeProvider>(app.Clock);
        Services.AddCareOpsQueries();
        Services.AddHttpContextAccessor();
        Services.AddScoped<Caller>();
        Services.AddScoped<RecordStatus>();
        Services.AddScoped<RecordRental>();
        Services.AddScoped<SaveClient>();
        Services.AddScoped<SaveCaregiver>();
        Services.AddScoped<SaveCarePlan>();
        Services.AddScoped<RecordAbsence>();
        Services.AddScoped<RemoveAbsence>();
        Services.AddScoped<FerryEditing>();
        var auth = bunit.AddAuthorization();
        auth.SetAuthorized("调度员");
        auth.SetPolicies(Policies.AgencyStaff, Policies.Dispatching, Policies.Office);
    }

    private BunitServiceProvider Services => bunit.Services;

    private BunitJSInterop JSInterop => bunit.JSInterop;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => bunit.DisposeAsync().AsTask();

    /// <summary>Reads as a user of the agency with this code would (the DbContext factory the queries get).</summary>
    private async Task<Guid> ActAsAgencyAsync(string code)
    {
        var agencyId = await app.AgencyIdAsync(code);
        Services.AddSingleton<IDbContextFactory<CareOpsDb>>(app.FactoryFor(agencyId));
        return agencyId;
    }

    /// <summary>Two records whose names do not contain each other, so "A's name is not shown" means something.</summary>
    private static (T A, T B) TwoDistinct<T>(IReadOnlyList<T> items, Func<T, string> name) =>
        items.SelectMany(a => items.Select(b => (a, b)))
            .First(p => !name(p.a).Contains(name(p.b)) && !name(p.b).Contains(name(p.a)));

    [Fact]
    public async Task ClientDetail_IdChanges_ShowsTheNewClientAndHandsItsIdToTheStatusRecorder()
    {
        var agencyId = await ActAsAgencyAsync("R1");
        await using var db = app.Database(agencyId);
        var (a, b) = TwoDistinct(await db.Clients.OrderBy(c => c.Name).Take(10).Select(c => new { c.Id, c.Name }).ToListAsync(), c => c.Name);

        var page = bunit.Render<ClientDetail>(ps => ps.Add(p => p.Id, a.Id));
        page.WaitForAssertion(() => Assert.Equal(a.Name, page.Find("[data-testid=client-name]").TextContent), Wait);

        page.Render(ps => ps.Add(p => p.Id, b.Id));

        page.WaitForAssertion(() => Assert.Equal(b.Name, page.Find("[data-testid=client-name]").TextContent), Wait);
        Assert.DoesNotContain(a.Name, page.Markup);
        Assert.Equal(b.Id, page.FindComponent<StatusRecorder>().Instance.ClientId);
    }

    [Fact]
    public async Task ClientEdit_IdChanges_EditsTheNewClient()
    {
        var agencyId = await ActAsAgencyAsync("R1");
        await using var db = app.Database(agencyId);
        var (a, b) = TwoDistinct(await db.Clients.OrderBy(c => c.Name).Skip(20).Take(10).Select(c => new { c.Id, c.Name }).ToListAsync(), c => c.Name);

        var page = bunit.Render<ClientEdit>(ps => ps.Add(p => p.Id, a.Id));
        page.WaitForAssertion(() => Assert.Contains($"value=\"{a.Name}\"", page.Markup), Wait);

        page.Render(ps => ps.Add(p => p.Id, b.Id));

        page.WaitForAssertion(() => Assert.Contains($"value=\"{b.Name}\"", page.Markup), Wait);
        Assert.DoesNotContain(a.Name, page.Markup);
    }

    [Fact]
    public async Task CaregiverDetail_IdChanges_ShowsTheNewCaregiver()
    {
        var agencyId = await ActAsAgencyAsync("R1");
        await using var db = app.Database(agencyId);
        var (a, b) = TwoDistinct(await db.Caregivers.OrderBy(c => c.Code).Select(c => new { c.Id, c.Name, c.Code }).ToListAsync(), c => c.Name);

        var page = bunit.Render<CaregiverDetail>(ps => ps.Add(p => p.Id, a.Id));
        page.WaitForAssertion(() => Assert.Equal(a.Name, page.Find("h4").TextContent), Wait);

        page.Render(ps => ps.Add(p => p.Id, b.Id));

        page.WaitForAssertion(() => Assert.Equal(b.Name, page.Find("h4").TextContent), Wait);
        Assert.DoesNotContain(a.Name, page.Markup);
    }

    [Fact]
    public async Task CaregiverEdit_IdChanges_EditsTheNewCaregiver()
    {
        var agencyId = await ActAsAgencyAsync("R1");
        await using var db = app.Database(agencyId);
        var (a, b) = TwoDistinct(await db.Caregivers.OrderBy(c => c.Code).Select(c => new { c.Id, c.Name }).ToListAsync(), c => c.Name);

        var page = bunit.Render<CaregiverEdit>(ps => ps.Add(p => p.Id, a.Id));
        page.WaitForAssertion(() => Assert.Contains($"value=\"{a.Name}\"", page.Markup), Wait);

        page.Render(ps => ps.Add(p => p.Id, b.Id));

        page.WaitForAssertion(() => Assert.Contains($"value=\"{b.Name}\"", page.Markup), Wait);
        Assert.DoesNotContain(a.Name, page.Markup);
    }

    [Fact]
    public async Task FerryDetail_IdChanges_ShowsTheNewLine()
    {
        var agencyId = await ActAsAgencyAsync("R1");
        await using var db = app.Database(agencyId);
        var (a, b) = TwoDistinct(await db.FerryLines.OrderBy(l => l.Id).Select(l => new { l.Id, l.Code }).ToListAsync(), l => l.Code);

        var page = bunit.Render<FerryDetail>(ps => ps.Add(p => p.Id, a.Id));
        page.WaitForAssertion(() => Assert.StartsWith(a.Code + " ", page.Find("h4").TextContent), Wait);

        page.Render(ps => ps.Add(p => p.Id, b.Id));

        page.WaitForAssertion(() => Assert.StartsWith(b.Code + " ", page.Find("h4").TextContent), Wait);
    }

    [Fact]
    public async Task StatusRecorder_ClientChanges_DropsWhatWasTypedForThePreviousClient()
    {
        await ActAsAgencyAsync("R1");
        bunit.Render<MudPopoverProvider>();
        var recorder = bunit.Render<StatusRecorder>(ps => ps.Add(p => p.ClientId, Guid.NewGuid()));
        var label = Services.GetRequiredService<IStringLocalizer<SharedResource>>()["Client.StatusNote"].Value;
        var note = recorder.FindComponents<MudTextField<string>>().Single(f => f.Instance.Label == label);
        await recorder.InvokeAsync(() => note.Instance.ValueChanged.InvokeAsync("住院-甲"));
        recorder.WaitForAssertion(() => Assert.Contains("住院-甲", recorder.Markup));

        recorder.Render(ps => ps.Add(p => p.ClientId, Guid.NewGuid()));

        Assert.DoesNotContain("住院-甲", recorder.Markup);
    }
}
