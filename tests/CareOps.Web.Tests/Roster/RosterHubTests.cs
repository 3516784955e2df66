using System.Net;
using System.Text.RegularExpressions;
using CareOps.Data.Seeding;
using CareOps.Web.Features.Roster;
using CareOps.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CareOps.Web.Tests.Roster;

/// <summary>
/// The roster hub over real HTTP (long polling through the test server): it checks role and agency on connect, an
/// agency's dispatchers hear only their own runs, a caregiver only her own schedule's changes, and other roles or
/// anonymous callers get nothing.
/// </summary>
[Collection(RosterCollection.Name)]
public sealed partial class RosterHubTests(CareOpsApp app)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Dispatchers_HearTheirOwnAgencysRuns_NotAnothers()
    {
        await using var r5 = await ConnectAsync("r5.dispatcher@demo.careops.cn");
        await using var r6 = await ConnectAsync("r6.dispatcher@demo.careops.cn");
        var heardByR5 = Listen<RunProgressMessage>(r5, "runProgress");
        var heardByR6 = new List<RunProgressMessage>();
        var r6Marker = new TaskCompletionSource();
        r6.On<RunProgressMessage>("runProgress", m =>
        {
            heardByR6.Add(m);
            if (m.Phase == "marker")
            {
                r6Marker.TrySetResult();
            }
        });
        var events = app.Services.GetRequiredService<IRosterEvents>();

        await events.RunProgressAsync(await app.AgencyIdAsync("R5"), Message("secret of R5"));
        await events.RunProgressAsync(await app.AgencyIdAsync("R6"), Message("marker"));

        Assert.Equal("secret of R5", (await heardByR5.WaitAsync(Patience)).Phase);
        await r6Marker.Task.WaitAsync(Patience);
        Assert.DoesNotContain(heardByR6, m => m.Phase == "secret of R5");
    }

    [Fact]
    public async Task Caregiver_HearsAPublishThatChangesHerVisits_NotRunsNorOthersPublishes()
    {
        var agency = await app.AgencyIdAsync("R5");
        Guid her, colleague;
        await using (var db = app.Database(agency))
        {
            her = await db.Caregivers.Where(c => c.Code == "cg01").Select(c => c.Id).SingleAsync();
            colleague = await db.Caregivers.Where(c => c.Code == "cg02").Select(c => c.Id).SingleAsync();
        }

        await using var phone = await ConnectAsync("r5.cg01@demo.careops.cn");
        var changes = new List<string>();
        var heard = new TaskCompletionSource();
        phone.On<string>("scheduleChanged", week =>
        {
            changes.Add(week);
            if (changes.Count == 1)
            {
                heard.TrySetResult();
            }
        });
        var progress = 0;
        phone.On<RunProgressMessage>("runProgress", _ => progress++);
        var events = app.Services.GetRequiredService<IRosterEvents>();

        await events.RunProgressAsync(agency, Message("run"));
        await events.PublishedAsync(agency, RosterTestKit.NextWeek, [colleague]);
        await events.PublishedAsync(agency, RosterTestKit.NextWeek.AddDays(7), [her]);

        await heard.Task.WaitAsync(Patience);
        Assert.Equal(["2026-12-07"], changes);
        Assert.Equal(0, progress);
    }

    [Theory]
    [InlineData("r5.finance@demo.careops.cn")]
    [InlineData("operator@demo.careops.cn")]
    public async Task OtherRoles_AreDisconnectedOnConnect(string email)
    {
        var closed = new TaskCompletionSource();
        var connection = Build(await CookieAsync(email));
        connection.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };

        try
        {
            await connection.StartAsync();
            await closed.Task.WaitAsync(Patience);
        }
        catch (Exception e) when (e is HttpRequestException or InvalidOperationException)
        {
            // Refused before the handshake: as good.
        }

        Assert.Equal(HubConnectionState.Disconnected, connection.State);
        await connection.DisposeAsync();
    }

    [Fact]
    public async Task Anonymous_CannotConnect()
    {
        await using var connection = Build(cookie: null);

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => connection.StartAsync());
    }

    private static Task<T> Listen<T>(HubConnection connection, string name)
    {
        var heard = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.On<T>(name, m => heard.TrySetResult(m));
        return heard.Task;
    }

    private static RunProgressMessage Message(string phase) => new(Guid.NewGuid(), "2026-11-30", "Running", phase, 10, 5, 100, 1, 60);

    private async Task<HubConnection> ConnectAsync(string email)
    {
        var connection = Build(await CookieAsync(email));
        await connection.StartAsync();
        return connection;
    }

    private HubConnection Build(string? cookie) => new HubConnectionBuilder()
        .WithUrl(new Uri(app.Server.BaseAddress, RosterHub.Path), o =>
        {
            o.HttpMessageHandlerFactory = _ => app.Server.CreateHandler();
            o.Transports = HttpTransportType.LongPolling;
            if (cookie is not null)
            {
                o.Headers["Cookie"] = cookie;
            }
        })
        .Build();

    /// <summary>Signs in through the login form and returns the sign-in cookie as a Cookie header.</summary>
    private async Task<string> CookieAsync(string email)
    {
        using var client = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        using var login = await client.GetAsync("/login");
        var antiforgery = string.Join("; ", login.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        var token = Token().Match(await login.Content.ReadAsStringAsync()).Groups[1].Value;
        using var post = new HttpRequestMessage(HttpMethod.Post, "/account/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Email"] = email,
                ["Password"] = DemoArchipelago.DemoPassword,
                ["ReturnUrl"] = "/",
                ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
            }),
        };
        post.Headers.Add("Cookie", antiforgery);
        using var response = await client.SendAsync(post);
        var auth = response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith("careops.auth=", StringComparison.Ordinal));
        return auth;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
