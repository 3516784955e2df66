using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using CareOps.Data.Seeding;
using CareOps.Web.Features.Roster;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace CareOps.Bench;

/// <summary>
/// The simulated caregivers' phones: each signs in through the app's login form (GET /login for the antiforgery token,
/// POST /account/login, the sign-in cookie kept), then holds one SignalR .NET client connection over WebSockets to the
/// roster hub and notes the moment (<see cref="Stopwatch.GetTimestamp"/>, the machine's monotonic clock, the same in
/// every process) its first <c>scheduleChanged</c> arrives.
/// </summary>
internal sealed partial class Phones(Uri app, string agencyCode, int count) : IAsyncDisposable
{
    private readonly string?[] cookies = new string?[count];
    private readonly HubConnection?[] connections = new HubConnection?[count];
    private readonly long[] arrivals = new long[count];
    private readonly TaskCompletionSource allArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int received;
    private int messages;
    private int wrongWeek;

    /// <summary>The expected payload of <c>scheduleChanged</c> (the week, yyyy-MM-dd).</summary>
    public string Week { get; set; } = "";

    public int Received => Volatile.Read(ref received);

    /// <summary>All <c>scheduleChanged</c> messages (more than <see cref="Received"/> means duplicates).</summary>
    public int Messages => Volatile.Read(ref messages);

    public int WrongWeek => Volatile.Read(ref wrongWeek);

    /// <summary>Arrival timestamps of the phones that heard the publish.</summary>
    public IEnumerable<long> Arrivals => arrivals.Where(a => a != 0);

    public async Task SignInAllAsync(int parallel)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = app };
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = parallel },
            async (i, ct) => cookies[i] = await SignInAsync(http, LivePushNode.EmailOf(agencyCode, i + 1), ct));
    }

    /// <summary>Connects phones [from, to) and pings the hub on each, so the hub has put each in her group.</summary>
    public Task ConnectAsync(int from, int to, int parallel) =>
        Parallel.ForEachAsync(Enumerable.Range(from, to - from), new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (i, ct) =>
        {
            var connection = new HubConnectionBuilder()
                .WithUrl(new Uri(app, RosterHub.Path), o =>
                {
                    // One TCP connection per phone: WebSockets straight away, no negotiate request left idle in a pool.
                    o.Transports = HttpTransportType.WebSockets;
                    o.SkipNegotiation = true;
                    o.Headers["Cookie"] = cookies[i] ?? throw new InvalidOperationException("not signed in");
                })
                .Build();
            connection.On<string>("scheduleChanged", week => Heard(i, week));
            connections[i] = connection;
            await connection.StartAsync(ct);
            if (!await connection.InvokeAsync<bool>("Ping", ct))
            {
                throw new InvalidOperationException($"the hub refused phone {i + 1}");
            }
        });

    /// <summary>Waits until every phone has heard the publish, or the patience runs out.</summary>
    public async Task WaitAllAsync(TimeSpan patience)
    {
        try
        {
            await allArrived.Task.WaitAsync(patience);
        }
        catch (TimeoutException)
        {
            // Reported as the count received.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(connections.OfType<HubConnection>().Select(c => c.DisposeAsync().AsTask()));
    }

    private void Heard(int i, string week)
    {
        var now = Stopwatch.GetTimestamp();
        Interlocked.Increment(ref messages);
        if (week != Week)
        {
            Interlocked.Increment(ref wrongWeek);
        }

        if (Interlocked.CompareExchange(ref arrivals[i], now, 0) == 0 && Interlocked.Increment(ref received) == count)
        {
            allArrived.TrySetResult();
        }
    }

    /// <summary>Fills and posts the login form as a phone's browser would; returns the sign-in cookie as a Cookie header.</summary>
    private static async Task<string> SignInAsync(HttpClient http, string email, CancellationToken ct)
    {
        using var login = await http.GetAsync("/login", ct);
        var antiforgery = string.Join("; ", login.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        var token = Token().Match(await login.Content.ReadAsStringAsync(ct)).Groups[1].Value;
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
        using var response = await http.SendAsync(post, ct);
        var auth = response.Headers.TryGetValues("Set-Cookie", out var set)
            ? set.Select(c => c.Split(';')[0]).SingleOrDefault(c => c.StartsWith("careops.auth=", StringComparison.Ordinal))
            : null;
        return auth ?? throw new InvalidOperationException($"sign-in of {email} failed: {(int)response.StatusCode} {response.Headers.Location}");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
