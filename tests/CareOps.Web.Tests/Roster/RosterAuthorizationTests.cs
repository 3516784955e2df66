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
        Assert.False(await db.RosterRuns.AnyAsync());
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
