using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;

namespace CareOps.Bench;

/// <summary>
/// The driver's side of a bench whose server is the real app in a child process (<see cref="BenchNode"/>), so that the
/// node's memory and GC are its own and the simulated phones run beside it, not inside it: commands on the node's
/// standard input, answers read from its standard output (lines starting with <see cref="BenchNode.Prefix"/>; any other
/// line is the app's log, passed on to standard error).
/// </summary>
internal sealed class NodeProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly Channel<string> replies = Channel.CreateUnbounded<string>();
    private readonly Task reading;

    private NodeProcess(Process process)
    {
        this.process = process;
        reading = Task.Run(ReadAsync);
    }

    public int Pid => process.Id;

    /// <summary>
    /// Runs <c>&lt;bench&gt; --node --db FILE …</c> in a child process on a new temp SQLite file, lets
    /// <paramref name="measure"/> drive it, then stops the node and deletes the database and its companions.
    /// </summary>
    public static async Task<int> RunAsync(string bench, IEnumerable<string> nodeArgs, string gc, Func<NodeProcess, Task<int>> measure)
    {
        var database = Path.Combine(Path.GetTempPath(), $"careops-{bench}-{Guid.NewGuid():N}.db");
        await using var node = Start([bench, "--node", "--db", database, .. nodeArgs], gc);
        try
        {
            return await measure(node);
        }
        finally
        {
            await node.QuitAsync();
            BenchNode.DeleteFiles(database);
        }
    }

    /// <summary>The next answer of the node, which must be of the given kind: its key=value fields.</summary>
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

    /// <summary>Sends a command and waits for its answer.</summary>
    public async Task<Dictionary<string, string>> AskAsync(string command, string kind, TimeSpan patience)
    {
        await process.StandardInput.WriteLineAsync(command);
        return await ReplyAsync(kind, patience);
    }

    /// <summary>The node's resident set, as the kernel counts it (VmRSS).</summary>
    public long Rss()
    {
        var line = File.ReadLines($"/proc/{process.Id}/status").Single(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
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

    private static NodeProcess Start(string[] args, string gc)
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
            start.ArgumentList.Add(typeof(NodeProcess).Assembly.Location);
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // Note: the web SDK gives the app server GC; the bench's own setting (workstation) must not leak into the node.
        start.Environment["DOTNET_gcServer"] = gc == "workstation" ? "0" : "1";
        return new NodeProcess(Process.Start(start) ?? throw new InvalidOperationException("the node did not start"));
    }

    private async Task ReadAsync()
    {
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith(BenchNode.Prefix, StringComparison.Ordinal))
            {
                var reply = line[BenchNode.Prefix.Length..];
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
