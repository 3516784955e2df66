using System.Globalization;
using Bunit;
using CareOps.Data;
using CareOps.Data.Domain;
using CareOps.Web.Features.Clients;
using CareOps.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Extensions;
using MudBlazor.Services;

namespace CareOps.Web.Tests.Components;

/// <summary>The client page's care-plan section, rendered from plans in memory (no database: nothing is saved here).</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "xunit calls IAsyncLifetime.DisposeAsync, which disposes the bUnit context; xunit 2 would dispose it synchronously otherwise.")]
public sealed class CarePlanSectionTests : IAsyncLifetime
{
    // Note: a member, not the base class: MudBlazor's popover services dispose only asynchronously (see PageParameterTests).
    private readonly BunitContext bunit = new();

    private static readonly CaregiverChoice Wang = new(Guid.NewGuid(), "cg01", "王芳", Skill.Basic, true);
    private static readonly CaregiverChoice Li = new(Guid.NewGuid(), "cg02", "李娟", Skill.Nursing, true);

    public CarePlanSectionTests()
    {
        CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
        Services.AddLocalization();
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddSingleton<IDbContextFactory<CareOpsDb>>(new NoDatabase());
        Services.AddSingleton(TimeProvider.System);
        Services.AddHttpContextAccessor();
        Services.AddScoped<Caller>();
        Services.AddScoped<SaveCarePlan>();
    }

    private BunitServiceProvider Services => bunit.Services;

    private BunitJSInterop JSInterop => bunit.JSInterop;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => bunit.DisposeAsync().AsTask();

    private static CarePlanOverview Overview()
    {
        var current = new CarePlan
        {
            VisitsPerWeek = 3,
            MinutesPerVisit = 60,
            EffectiveFrom = new DateOnly(2026, 9, 1),
            AllowedDays = WeekDays.MondayToFriday,
            WindowStart = new TimeOnly(8, 0),
            WindowEnd = new TimeOnly(12, 0),
            Items = [new PlanItem { ItemCode = "ZS01" }],
            Caregivers = [new PlanCaregiver { CaregiverId = Li.Id, Role = PlanCaregiverRole.Excluded }],
        };
        var earlier = new CarePlan { VisitsPerWeek = 2, MinutesPerVisit = 90, EffectiveFrom = new DateOnly(2026, 3, 1), EffectiveTo = new DateOnly(2026, 8, 31) };
        CatalogueItem[] items = [new() { Code = "ZS01", Category = "Cleaning", CategoryZh = "清洁", NameZh = "头面部清洁", NameEn = "Face and head care" }];
        return new CarePlanOverview([current, earlier], current.Id, items, items.ToDictionary(i => i.Code), [Wang, Li]);
    }

    private IRenderedComponent<CarePlanSection> RenderSection(params string[] policies)
    {
        var auth = bunit.AddAuthorization();
        auth.SetAuthorized("调度员");
        auth.SetPolicies(policies);
        bunit.Render<MudPopoverProvider>();
        return bunit.Render<CarePlanSection>(ps => ps
            .Add(p => p.ClientId, Guid.NewGuid())
            .Add(p => p.Overview, Overview())
            .Add(p => p.Today, new DateOnly(2026, 11, 24)));
    }

    [Fact]
    public void Section_ShowsThePlanInForceAndCountsTheEarlierOnes()
    {
        var section = RenderSection(Policies.AgencyStaff, Policies.Dispatching);

        var text = section.Find("[data-testid=careplan-section]").TextContent;
        Assert.Contains("当前执行的计划", text);
        Assert.Contains("每周 3 次，每次 60 分钟", text);
        Assert.Contains("周一 周二 周三 周四 周五", text);
        Assert.Contains("08:00–12:00", text);
        Assert.Contains("李娟", text);
        Assert.Contains("ZS01 头面部清洁", text);
        Assert.Contains("以往计划（1 份）", text);
    }

    [Fact]
    public void NewPlan_OpensTheFormFromTheCurrentPlanWithDaysMondayFirst()
    {
        var section = RenderSection(Policies.AgencyStaff, Policies.Dispatching);

        section.Find("[data-testid=careplan-new]").Click();

        var form = section.Find("[data-testid=careplan-form]");
        Assert.NotNull(section.Find("[data-testid=careplan-save]"));
        var days = section.FindComponents<MudCheckBox<bool>>().Select(c => (c.Instance.Label, c.Instance.GetState(x => x.Value))).ToList();
        Assert.Equal([("周一", true), ("周二", true), ("周三", true), ("周四", true), ("周五", true), ("周六", false), ("周日", false)], days);
        Assert.Equal(3, section.FindComponents<MudNumericField<int>>()[0].Instance.GetState(x => x.Value));
        Assert.Contains("新计划从生效日期起执行", form.TextContent);
    }

    [Fact]
    public void Section_ForFinance_ShowsPlansWithoutTheForm()
    {
        var section = RenderSection(Policies.AgencyStaff);

        Assert.Contains("当前执行的计划", section.Markup);
        Assert.Empty(section.FindAll("[data-testid=careplan-new]"));
        Assert.Empty(section.FindAll("[data-testid=careplan-edit]"));
    }

    private sealed class NoDatabase : IDbContextFactory<CareOpsDb>
    {
        public CareOpsDb CreateDbContext() => throw new InvalidOperationException("The section's rendering reads no database.");
    }
}
