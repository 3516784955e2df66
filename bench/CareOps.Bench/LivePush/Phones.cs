using System.Diagnostics;
using CareOps.Web.Features.Roster;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace CareOps.Bench;

/// <summary>
/// The simulated caregivers' phones: each signs in through the app's login form (<see cref="SignIn"/>), then holds one
/// SignalR .NET client connection over WebSockets to the roster hub and notes the moment
/// (<see cref="Stopwatch.GetTimestamp"/>, the machine's monotonic clock, the same in every process) its first
/// <c>scheduleChanged</c> arrives.
/// </summary>
internal sealed class Phones(Uri app, string agencyCode, int count) : IAsyncDisposable
{
    private string?[] cookies = new string?[count];
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

    public async Task SignInAllAsync(int parallel) =>
        cookies = await SignIn.AllAsync(app, [.. Enumerable.Range(1, count).Select(i => BenchNode.EmailOf(agencyCode, LivePushNode.CodePrefix, i))], parallel);

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
}
