using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using CareOps.Web.Features.Roster;
using CareOps.Web.Infrastructure;

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

        var gc = Arg("--gc", "server");
        var database = Path.Combine(Path.GetTempPath(), $"careops-live-push-{Guid.NewGuid():N}.db");
        var total = Stopwatch.StartNew();
        await using var node = Node.Start(["live-push", "--node", "--db", database, "--agency", agency, "--caregivers", $"{count}", "--hash-iterations", $"{iterations}"], gc);
        try
        {
            return await MeasureAsync(node, agency, count, iterations, int.Parse(Arg("--hold", "0"), CultureInfo.InvariantCulture), total);
        }
        finally
        {
            await node.QuitAsync();
            foreach (var file in new[] { database, database + "-wal", database + "-shm", Jobs.JobsFileBeside($"Data Source={database}") })
            {
                File.Delete(file);
            }
        }
    }

    private static async Task<int> MeasureAsync(Node node, string agency, int count, int iterations, int hold, Stopwatch total)
    {
        var ready = await node.ReplyAsync("ready", TimeSpan.FromMinutes(3));
        var url = new Uri(ready["url"]);
        Console.WriteLine($"live push (issue 10): {count} caregivers on one node, one publish touching all of them");
        Console.WriteLine($"  node: the real app (CareOps.Web's Program on Kestrel {url}, Production settings, {ready["gc"]} GC) in a child process (pid {node.Pid}); " +
            $"it migrated and seeded the demo into a temp SQLite file itself in {ready["start"]} s");
        Console.WriteLine($"  caregivers: {count} added to {agency} ({LivePushNode.EmailOf(agency, 1)} …) with users in role Caregiver, through CareOpsDb as the demo " +
            $"seeder does, one hash by the app's hasher (PBKDF2 at {iterations} iterations for this run, Identity's default is 100 000); " +
            $"a draft of {ready["week"]}, made by the bench (not the optimizer), gives each of them one visit ({ready["visits"]} visits): {ready["bench"]} s");

        await using var phones = new Phones(url, agency, count) { Week = ready["week"] };
        var watch = Stopwatch.StartNew();
        await phones.SignInAllAsync(parallel: 4);
        Console.WriteLine($"  sign-in: {count} through the login form (GET /login, POST /account/login, cookie kept) in {watch.Elapsed.TotalSeconds:0.0} s");

        watch.Restart();
        await phones.ConnectAsync(0, WarmUp, parallel: 4);
        var before = await node.MemoryAsync();
        await phones.ConnectAsync(WarmUp, count, parallel: 16);
        var connectSeconds = watch.Elapsed.TotalSeconds;
        var after = await node.MemoryAsync();
        Console.WriteLine($"  connect: {count} SignalR .NET clients over WebSockets to {RosterHub.Path} (negotiation skipped: one TCP connection each), " +
            $"each pinged the hub after joining her group, in {connectSeconds:0.0} s");

        var published = await node.PublishAsync();
        await phones.WaitAllAsync(TimeSpan.FromSeconds(30));
        var push = long.Parse(published["push"], CultureInfo.InvariantCulture);
        var click = long.Parse(published["click"], CultureInfo.InvariantCulture);
        var fromPush = Percentiles(phones.Arrivals.Select(a => Ms(a - push)));
        var fromClick = Percentiles(phones.Arrivals.Select(a => Ms(a - click)));
        Console.WriteLine($"  publish: the app's PublishWeek of {ready["week"]} as {agency.ToLowerInvariant()}.dispatcher: +{published["added"]} visits, {published["notified"]} caregivers notified; " +
            $"stale check and one transaction writing the visit rows before the push {Ms(push - click):0} ms, push loop (HubRosterEvents.PublishedAsync) {Ms(long.Parse(published["pushed"], CultureInfo.InvariantCulture) - push):0} ms");
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

    private static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    private static (double Min, double P50, double P95, double P99, double Max) Percentiles(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return (double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        }

        // Nearest rank: the smallest value with at least q of the values at or below it.
        double At(double q) => sorted[Math.Max(0, (int)Math.Ceiling(q * sorted.Length) - 1)];
        return (sorted[0], At(0.50), At(0.95), At(0.99), sorted[^1]);
    }

    /// <summary>The node process: commands on its standard input, answers read from its standard output.</summary>
    private sealed class Node : IAsyncDisposable
    {
        private readonly Process process;
        private readonly Channel<string> replies = Channel.CreateUnbounded<string>();
        private readonly Task reading;

        private Node(Process process)
        {
            this.process = process;
            reading = Task.Run(ReadAsync);
        }

        public int Pid => process.Id;

        public static Node Start(string[] args, string gc)
        {
            var start = new ProcessStartInfo(Environment.ProcessPath!)
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
                WorkingDirectory = AppContext.BaseDirectory,
            };
            if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
            {
                start.ArgumentList.Add(typeof(LivePushCommand).Assembly.Location);
            }

            foreach (var arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            // Note: the web SDK gives the app server GC; the bench's own setting (workstation) must not leak into the node.
            start.Environment["DOTNET_gcServer"] = gc == "workstation" ? "0" : "1";
            return new Node(Process.Start(start) ?? throw new InvalidOperationException("the node did not start"));
        }

        public async Task<Dictionary<string, string>> ReplyAsync(string kind, TimeSpan patience)
        {
            using var timeout = new CancellationTokenSource(patience);
            var line = await replies.Reader.WaitToReadAsync(timeout.Token) && replies.Reader.TryRead(out var next)
                ? next
                : throw new InvalidOperationException($"the node stopped before its {kind} answer");
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var fields = parts.Skip(1).Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "", StringComparer.Ordinal);
            return parts[0] == kind ? fields : throw new InvalidOperationException($"the node answered {line} (expected {kind})");
        }

        public async Task<(long Managed, long Committed, long Rss)> MemoryAsync()
        {
            await process.StandardInput.WriteLineAsync("measure");
            var reply = await ReplyAsync("memory", TimeSpan.FromMinutes(1));
            return (long.Parse(reply["managed"], CultureInfo.InvariantCulture), long.Parse(reply["committed"], CultureInfo.InvariantCulture), Rss());
        }

        public async Task<Dictionary<string, string>> PublishAsync()
        {
            await process.StandardInput.WriteLineAsync("publish");
            return await ReplyAsync("published", TimeSpan.FromMinutes(1));
        }

        /// <summary>Asks the node to stop (it deletes its database), and ends it if it does not within 30 s.</summary>
        public async Task QuitAsync()
        {
            if (process.HasExited)
            {
                return;
            }

            try
            {
                using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await process.StandardInput.WriteLineAsync("quit");
                await process.WaitForExitAsync(patience.Token);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException)
            {
                process.Kill();
            }
        }

        public async ValueTask DisposeAsync()
        {
            await QuitAsync();
            await reading;
            process.Dispose();
        }

        /// <summary>The node's resident set, as the kernel counts it.</summary>
        private long Rss()
        {
            var line = File.ReadLines($"/proc/{process.Id}/status").Single(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }

        private async Task ReadAsync()
        {
            while (await process.StandardOutput.ReadLineAsync() is { } line)
            {
                if (line.StartsWith(LivePushNode.Prefix, StringComparison.Ordinal))
                {
                    var reply = line[LivePushNode.Prefix.Length..];
                    if (reply.StartsWith("error", StringComparison.Ordinal))
                    {
                        Console.Error.WriteLine("node: " + reply);
                    }

                    replies.Writer.TryWrite(reply);
                }
                else if (line.Length > 0)
                {
                    Console.Error.WriteLine("node| " + line);
                }
            }

            replies.Writer.TryComplete();
        }
    }
}
