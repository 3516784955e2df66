using System.Diagnostics;
using System.Globalization;
using CareOps.Web.Features.Roster;

namespace CareOps.Bench;

/// <summary>
/// Issue 10's live push: N simulated caregivers connected to one node, one publish that touches all of them, the
/// delivery latency from the moment the push began to each phone's arrival (p50/p95/p99/max against p95 ≤ 1 s), and
/// the node's memory per connection. The node (<see cref="LivePushNode"/>) runs in a child process so that its memory
/// is the server's alone; this process is the phones (<see cref="Phones"/>). Both stamp times with the machine's
/// monotonic clock, so the two processes' stamps compare directly.
/// </summary>
public static class LivePushCommand
{
    private const int WarmUp = 10;

    public static async Task<int> RunAsync(string[] args)
    {
        string Arg(string name, string fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;
        var agency = Arg("--agency", "R1");
        var count = int.Parse(Arg("--caregivers", "1000"), CultureInfo.InvariantCulture);
        var iterations = int.Parse(Arg("--hash-iterations", "1000"), CultureInfo.InvariantCulture);
        if (args.Contains("--node"))
        {
            return await LivePushNode.RunAsync(Arg("--db", ""), agency, count, iterations);
        }

        if (count <= WarmUp)
        {
            Console.Error.WriteLine($"--caregivers must be more than {WarmUp}");
            return 2;
        }

        var total = Stopwatch.StartNew();
        return await NodeProcess.RunAsync("live-push", ["--agency", agency, "--caregivers", $"{count}", "--hash-iterations", $"{iterations}"], Arg("--gc", "server"),
            node => MeasureAsync(node, agency, count, iterations, int.Parse(Arg("--hold", "0"), CultureInfo.InvariantCulture), total));
    }

    private static async Task<int> MeasureAsync(NodeProcess node, string agency, int count, int iterations, int hold, Stopwatch total)
    {
        var ready = await node.ReplyAsync("ready", TimeSpan.FromMinutes(3));
        var url = new Uri(ready["url"]);
        Console.WriteLine($"live push (issue 10): {count} caregivers on one node, one publish touching all of them");
        Console.WriteLine($"  node: the real app (CareOps.Web's Program on Kestrel {url}, Production settings, {ready["gc"]} GC) in a child process (pid {node.Pid}); " +
            $"it migrated and seeded the demo into a temp SQLite file itself in {ready["start"]} s");
        Console.WriteLine($"  caregivers: {count} added to {agency} ({BenchNode.EmailOf(agency, LivePushNode.CodePrefix, 1)} …) with users in role Caregiver, through CareOpsDb as the demo " +
            $"seeder does, one hash by the app's hasher (PBKDF2 at {iterations} iterations for this run, Identity's default is 100 000); " +
            $"a draft of {ready["week"]}, made by the bench (not the optimizer), gives each of them one visit ({ready["visits"]} visits): {ready["bench"]} s");

        await using var phones = new Phones(url, agency, count) { Week = ready["week"] };
        var watch = Stopwatch.StartNew();
        await phones.SignInAllAsync(parallel: 4);
        Console.WriteLine($"  sign-in: {count} through the login form (GET /login, POST /account/login, cookie kept) in {watch.Elapsed.TotalSeconds:0.0} s");

        watch.Restart();
        await phones.ConnectAsync(0, WarmUp, parallel: 4);
        var before = await MemoryAsync(node);
        await phones.ConnectAsync(WarmUp, count, parallel: 16);
        var connectSeconds = watch.Elapsed.TotalSeconds;
        var after = await MemoryAsync(node);
        Console.WriteLine($"  connect: {count} SignalR .NET clients over WebSockets to {RosterHub.Path} (negotiation skipped: one TCP connection each), " +
            $"each pinged the hub after joining her group, in {connectSeconds:0.0} s");

        var published = await node.AskAsync("publish", "published", TimeSpan.FromMinutes(1));
        await phones.WaitAllAsync(TimeSpan.FromSeconds(30));
        var push = long.Parse(published["push"], CultureInfo.InvariantCulture);
        var click = long.Parse(published["click"], CultureInfo.InvariantCulture);
        var fromPush = Latency.Percentiles(phones.Arrivals.Select(a => Latency.Ms(a - push)));
        var fromClick = Latency.Percentiles(phones.Arrivals.Select(a => Latency.Ms(a - click)));
        Console.WriteLine($"  publish: the app's PublishWeek of {ready["week"]} as {agency.ToLowerInvariant()}.dispatcher: +{published["added"]} visits, {published["notified"]} caregivers notified; " +
            $"stale check and one transaction writing the visit rows before the push {Latency.Ms(push - click):0} ms, push loop (HubRosterEvents.PublishedAsync) {Latency.Ms(long.Parse(published["pushed"], CultureInfo.InvariantCulture) - push):0} ms");
        Console.WriteLine($"  delivery from the push's start: first {fromPush.Min:0} ms, p50 {fromPush.P50:0} ms, p95 {fromPush.P95:0} ms, p99 {fromPush.P99:0} ms, max {fromPush.Max:0} ms");
        Console.WriteLine($"  delivery from the dispatcher's publish (transaction included): p50 {fromClick.P50:0} ms, p95 {fromClick.P95:0} ms, p99 {fromClick.P99:0} ms, max {fromClick.Max:0} ms");
        Console.WriteLine($"  received: {phones.Received} of {count} (messages {phones.Messages}, wrong week {phones.WrongWeek})");

        var connections = count - WarmUp;
        Console.WriteLine($"  memory per connection (node process only; {WarmUp} warm-up connections open before, {count} after, full compacting GC in the node first): " +
            $"managed heap {(after.Managed - before.Managed) / 1024.0 / connections:0.0} KB, GC committed {(after.Committed - before.Committed) / 1024.0 / connections:0.0} KB, " +
            $"RSS {(after.Rss - before.Rss) / 1024.0 / connections:0.0} KB (VmRSS of /proc/{node.Pid}/status: {before.Rss / 1048576.0:0} → {after.Rss / 1048576.0:0} MB; " +
            $"managed {before.Managed / 1048576.0:0} → {after.Managed / 1048576.0:0} MB)");

        if (hold > 0)
        {
            // For a look at the node with its connections open (dotnet-gcdump, dotnet-counters on its pid).
            Console.WriteLine($"  holding the {count} connections {hold} s (node pid {node.Pid})");
            await Task.Delay(TimeSpan.FromSeconds(hold));
        }

        var pass = phones.Received == count && phones.Messages == count && phones.WrongWeek == 0 && fromPush.P95 <= 1000;
        Console.WriteLine($"  target p95 ≤ 1 s with all {count} received: {(pass ? "PASS" : "FAIL")} (whole run {total.Elapsed.TotalSeconds:0} s)");
        return pass ? 0 : 1;
    }

    /// <summary>The node's managed heap and GC commitment after a full collection, and its resident set at that moment.</summary>
    private static async Task<(long Managed, long Committed, long Rss)> MemoryAsync(NodeProcess node)
    {
        var reply = await node.AskAsync("measure", "memory", TimeSpan.FromMinutes(1));
        return (long.Parse(reply["managed"], CultureInfo.InvariantCulture), long.Parse(reply["committed"], CultureInfo.InvariantCulture), node.Rss());
    }
}
