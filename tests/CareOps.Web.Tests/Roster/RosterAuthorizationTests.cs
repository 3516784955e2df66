using CareOps.Data.Domain;
using CareOps.Web.Features.Roster;
using CareOps.Web.Infrastructure;
using CareOps.Web.Tests.Features;
using CareOps.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static CareOps.Web.Tests.Roster.RosterTestKit;

namespace CareOps.Web.Tests.Roster;

/// <summary>Every roster use case checks role and agency itself: each wrong caller is refused and nothing is written.</summary>
[Collection(RosterCollection.Name)]
public sealed class RosterAuthorizationTests(CareOpsApp app)
{
    public static TheoryData<string> NotDispatching => ["Caregiver", "Finance", "Operator", "OtherAgencyDispatcher", "Anonymous"];

    [Theory]
    [MemberData(nameof(NotDispatching))]
    public async Task StartRun_WrongCaller_IsRefusedAndNoRunIsRecorded(string who)
    {
        var agency = await app.AgencyIdAsync("R1");

        var outcome = await app.Start(agency, await CallerAsync(who)).ExecuteAsync(NextWeek, new RunSettings());

        AssertRefused(who, outcome.Problems);
        await using var db = app.Database(agency);
        Assert.False(await db.RosterRuns.AnyAsync(r => r.WeekStart == NextWeek));
    }

    [Theory]
    [MemberData(nameof(NotDispatching))]
    public async Task CancelRun_WrongCaller_IsRefused(string who)
    {
        var agency = await app.AgencyIdAsync("R1");

        AssertRefused(who, await app.Cancel(agency, await CallerAsync(who)).ExecuteAsync(Guid.NewGuid()));
    }

    [Theory]
    [MemberData(nameof(NotDispatching))]
    public async Task Publish_WrongCaller_IsRefused(string who)
    {
        var agency = await app.AgencyIdAsync("R1");
        var publisher = app.Publisher(agency, await CallerAsync(who));

        AssertRefused(who, (await publisher.PreviewAsync(NextWeek)).Problems);
        AssertRefused(who, (await publisher.ExecuteAsync(NextWeek, 1)).Problems);
    }

    [Fact]
    public async Task StartRun_AgencyAdmin_IsAllowed()
    {
        var agency = await app.AgencyIdAsync("R2");

        var outcome = await app.Start(agency, app.As(Roles.AgencyAdmin, agency)).ExecuteAsync(NextWeek.AddDays(63), new RunSettings());

        Assert.True(outcome.Succeeded);
    }

    private async Task<Caller> CallerAsync(string who)
    {
        var home = await app.AgencyIdAsync("R1");
        var other = await app.AgencyIdAsync("R2");
        return who switch
        {
            "Caregiver" => app.As(Roles.Caregiver, home),
            "Finance" => app.Finance(home),
            "Operator" => app.Operator(),
            "OtherAgencyDispatcher" => app.Dispatcher(other),
            "Anonymous" => app.Anonymous(),
            _ => throw new ArgumentOutOfRangeException(nameof(who), who, null),
        };
    }

    private static void AssertRefused(string who, IEnumerable<Problem> problems)
    {
        var expected = who switch
        {
            "Anonymous" => "Error.SignedOut",
            "OtherAgencyDispatcher" => "Error.OtherAgency",
            _ => "Error.NotAllowed",
        };
        Assert.Equal(expected, Assert.Single(problems).Key);
    }
}

/// <summary>The board and the job dashboard over HTTP: dispatching roles see the board, the operator alone sees jobs.</summary>
[Collection(RosterCollection.Name)]
public sealed class RosterAccessTests(CareOpsApp app)
{
    [Theory]
    [InlineData("r1.dispatcher@demo.careops.cn")]
    [InlineData("r1.admin@demo.careops.cn")]
    public async Task Board_Dispatching_Shows(string email)
    {
        var browser = await app.SignedInAsync(email);

        var response = await browser.GetAsync("/roster");

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("data-testid=\"roster-optimize\"", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("r1.finance@demo.careops.cn")]
    [InlineData("r1.cg01@demo.careops.cn")]
    [InlineData("operator@demo.careops.cn")]
    public async Task Board_OtherRoles_AreDenied(string email)
    {
        var browser = await app.SignedInAsync(email);

        var response = await browser.GetAsync("/roster/2026-11-30");

        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/denied", response.Headers.Location!.AbsolutePath);
    }

    [Theory]
    [InlineData("r1.dispatcher@demo.careops.cn")]
    [InlineData("r1.admin@demo.careops.cn")]
    public async Task JobDashboard_AgencyUsers_AreDenied(string email)
    {
        var browser = await app.SignedInAsync(email);

        var response = await browser.GetAsync("/hangfire");

        Assert.NotEqual(System.Net.HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task JobDashboard_Operator_Opens()
    {
        var browser = await app.SignedInAsync("operator@demo.careops.cn");

        var response = await browser.GetAsync("/hangfire");

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Hangfire", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
