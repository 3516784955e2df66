using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CareOps.Bench;

/// <summary>
/// The real CareOps web app as its own process (<c>dotnet CareOps.Web.dll</c>), as the browser journeys start it:
/// Development (the testing clock exists only there) on a fresh SQLite file with the demo archipelago, the clock
/// pinned to a Monday morning in Zhoushan. Unlike the journeys, static assets are served as MapStaticAssets serves them
/// outside Development (the precompressed files, fingerprinted URLs cached as immutable): in Development the framework
/// re-serves any asset it thinks changed on disk, gzip at level "no compression", which would make the page weight a
/// figure of the developer's machine, not of a phone.
/// </summary>
internal sealed class AppProcess : IAsyncDisposable
{
    private readonly StringBuilder output = new();
    private readonly Process process;
    private readonly DirectoryInfo data;

    private AppProcess(Process process, DirectoryInfo data, Uri url)
    {
        this.process = process;
        this.data = data;
        Url = url;
    }

    public Uri Url { get; }

    /// <summary>Where the app's static files came from (the build's gzip, or a publish folder's Brotli and gzip).</summary>
    public required string Assets { get; init; }

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    /// <summary>
    /// Starts the app from <paramref name="appDirectory"/>: the Release build output (content root = the project folder,
    /// as <c>dotnet run</c> has it) or a <c>dotnet publish</c> folder (content root = that folder).
    /// </summary>
    public static async Task<AppProcess> StartAsync(string repoRoot, string appDirectory, DateTimeOffset clockStart)
    {
        var dll = Path.Combine(appDirectory, "CareOps.Web.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} does not exist: build the app first (dotnet build bench/CareOps.Bench -c Release builds it).");
        }

        var published = Directory.Exists(Path.Combine(appDirectory, "wwwroot"));
        var contentRoot = published ? appDirectory : Path.Combine(repoRoot, "src", "CareOps.Web");
        var data = Directory.CreateTempSubdirectory("careops-phone-pages-");
        var url = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet")
        {
            WorkingDirectory = contentRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--contentRoot");
        start.ArgumentList.Add(contentRoot);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_URLS"] = url.ToString().TrimEnd('/');
        start.Environment["ConnectionStrings__CareOps"] = $"Data Source={Path.Combine(data.FullName, "phone-pages.db")}";
        start.Environment["Database__Provider"] = "Sqlite";
        start.Environment["Evidence__Root"] = Path.Combine(data.FullName, "evidence");
        start.Environment["Demo__Enabled"] = "true";
        start.Environment["Demo__History"] = "false";
        start.Environment["Testing__ClockControl"] = "true";
        start.Environment["Testing__ClockStart"] = clockStart.ToString("O", CultureInfo.InvariantCulture);

        // Note: MapStaticAssets' development handler (on by default with a build manifest) re-gzips "changed" files at
        // CompressionLevel.NoCompression and sends Cache-Control: no-cache; off, the build's own files are served.
        start.Environment["ReloadStaticAssetsAtRuntime"] = "false";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["DOTNET_NOLOGO"] = "1";

        var process = new Process { StartInfo = start };
        var app = new AppProcess(process, data, url) { Assets = published ? $"publish folder {appDirectory}" : "Release build output (gzip made by the build)" };
        process.OutputDataReceived += (_, e) => app.Append(e.Data);
        process.ErrorDataReceived += (_, e) => app.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await app.WaitForHealthAsync(TimeSpan.FromMinutes(3));
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>The app's clock now (the pinned start, plus the time since).</summary>
    public async Task<DateTimeOffset> NowAsync()
    {
        using var http = new HttpClient { BaseAddress = Url };
        return DateTimeOffset.Parse(await http.GetStringAsync(new Uri("/testing/clock", UriKind.Relative)), CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await process.WaitForExitAsync(patience.Token);
        }

        process.Dispose();
        try
        {
            data.Delete(recursive: true);
        }
        catch (IOException)
        {
            // SQLite may hold the file a moment after the kill; a temp folder left behind is not worth a failed run.
        }
    }

    private async Task WaitForHealthAsync(TimeSpan patience)
    {
        using var http = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(5) };
        var watch = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"CareOps.Web exited with code {process.ExitCode} before /health answered.\n{Output}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("/health", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet: migrating and seeding the demo come first.
            }

            if (watch.Elapsed > patience)
            {
                throw new TimeoutException($"CareOps.Web did not answer /health within {patience.TotalSeconds:0} s.\n{Output}");
            }

            await Task.Delay(250);
        }
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
