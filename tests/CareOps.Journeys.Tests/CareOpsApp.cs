using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace CareOps.Journeys.Tests;

/// <summary>All journeys share one running app and one browser: starting them is most of the run time.</summary>
[CollectionDefinition(Name)]
public sealed class JourneyCollection : ICollectionFixture<CareOpsApp>
{
    public const string Name = "Journeys";
}

/// <summary>
/// The real CareOps web app, started as its own process (as a user would run it) on a fresh SQLite database
/// with the demo archipelago, plus a headless Chromium driven by Playwright.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "xunit disposes a collection fixture through IAsyncLifetime.DisposeAsync, which stops the app process and the browser.")]
public partial class CareOpsApp : IAsyncLifetime
{
    /// <summary>CareOps.Data.Seeding.DemoArchipelago.DemoPassword; copied, because this project does not reference the app.</summary>
    public const string DemoPassword = "CareOps#2026";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    private readonly StringBuilder output = new();
    private Process? process;
    private DirectoryInfo? dataDir;
    private IPlaywright? playwright;
    private IBrowser? browser;

    public string RepoRoot { get; } = CareOps.Testing.Repo.Root;

    public string BaseUrl { get; private set; } = "";

    /// <summary>The zh column of tools/strings.tsv: the UI is Chinese unless the user chooses English.</summary>
    public UiText Zh { get; private set; } = null!;

    public UiText En { get; private set; } = null!;

    public string ScreenshotDir => Path.Combine(RepoRoot, "TestResults", "journeys");

    public IBrowser Browser => browser ?? throw new InvalidOperationException("The browser is not started.");

    /// <summary>What the app printed so far; put into failure messages so a broken start explains itself.</summary>
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

    public async Task InitializeAsync()
    {
        // Fail, never skip: a journey suite that silently skips on a machine without a browser proves nothing.
        var chromium = Environment.GetEnvironmentVariable("CAREOPS_CHROMIUM") is { Length: > 0 } configured ? configured : "/usr/bin/chromium";
        if (!File.Exists(chromium))
        {
            throw new InvalidOperationException(
                $"Chromium not found at '{chromium}'. Install it (apt-get install -y chromium fonts-noto-cjk) or set CAREOPS_CHROMIUM to its path.");
        }

        (Zh, En) = UiText.Load(Path.Combine(RepoRoot, "tools", "strings.tsv"));
        Directory.CreateDirectory(ScreenshotDir);

        try
        {
            await StartAppAsync();
            await CheckStaticAssetsAsync();

            // Playwright's 5 s default is tight for the first circuits of a cold app on two cores.
            Assertions.SetDefaultExpectTimeout(15_000);
            playwright = await Microsoft.Playwright.Playwright.CreateAsync();
            browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                // Debian's Chromium: Playwright must never download its own browser here (no network for it).
                ExecutablePath = chromium,
                Headless = true,

                // The flags known to work on these machines; without the background-networking ones Chromium
                // keeps dialling Google and the closed network refuses it.
                Args =
                [
                    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync",
                ],
            });
        }
        catch
        {
            // Never leave the app running behind a failed start.
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>A fresh browser context (own cookies, so own user) on the app, 1366 wide so the nav drawer is open.</summary>
    public async Task<Journey> StartJourneyAsync(string screenshotName, bool mobile = false)
    {
        // A desktop for office work; a 390 × 844 touch phone for caregivers.
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            ViewportSize = mobile ? new ViewportSize { Width = 390, Height = 844 } : new ViewportSize { Width = 1366, Height = 900 },
            IsMobile = mobile,
            HasTouch = mobile,
        });

        // The first pages of a cold app (JIT, first circuit) can be slow on two cores; generous but bounded.
        context.SetDefaultTimeout(30_000);
        context.SetDefaultNavigationTimeout(60_000);
        var page = await context.NewPageAsync();
        return new Journey(this, context, page, screenshotName);
    }

    public async Task DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.CloseAsync();
            browser = null;
        }

        playwright?.Dispose();
        playwright = null;

        if (process is not null)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await process.WaitForExitAsync(exit.Token);
            }

            process.Dispose();
            process = null;
        }

        // SQLite may still hold the file for a moment after the kill; a leftover temp dir is not worth failing the run.
        try
        {
            dataDir?.Delete(recursive: true);
            dataDir = null;
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Settings of this app's process beyond the common ones (a fixture of its own may add some).</summary>
    protected virtual void Configure(IDictionary<string, string?> environment)
    {
    }

    /// <summary>The app's clock at its start: the next Monday after the machine's date, 07:30 China time.</summary>
    public static DateTimeOffset ClockStart { get; } = NextMondayMorning(DateTimeOffset.UtcNow);

    public static DateTimeOffset NextMondayMorning(DateTimeOffset now)
    {
        var china = now.ToOffset(TimeSpan.FromHours(8));
        var days = ((int)DayOfWeek.Monday - (int)china.DayOfWeek + 7) % 7;
        var monday = china.Date.AddDays(days == 0 ? 7 : days);
        return new DateTimeOffset(monday.Year, monday.Month, monday.Day, 7, 30, 0, TimeSpan.FromHours(8));
    }

    /// <summary>The app's clock now (it runs on <see cref="ClockStart"/> plus the time since, plus what journeys advanced).</summary>
    public async Task<DateTimeOffset> AppNowAsync()
    {
        using var http = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        return DateTimeOffset.Parse(await http.GetStringAsync("/testing/clock"), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Moves the app's clock forward (an hour of care in a moment); returns the new time.</summary>
    public async Task<DateTimeOffset> AdvanceClockAsync(int minutes)
    {
        using var http = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        using var response = await http.PostAsync($"/testing/clock/advance?minutes={minutes}", null);
        response.EnsureSuccessStatusCode();
        return DateTimeOffset.Parse(await response.Content.ReadAsStringAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task StartAppAsync()
    {
        var contentRoot = Path.Combine(RepoRoot, "src", "CareOps.Web");
        var dll = Path.Combine(contentRoot, "bin", "Release", "net10.0", "CareOps.Web.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} does not exist: build the app first (dotnet build CareOps.sln -c Release).");
        }

        dataDir = Directory.CreateTempSubdirectory("careops-journeys-");
        BaseUrl = $"http://127.0.0.1:{FreePort()}";

        var start = new ProcessStartInfo(DotnetHost())
        {
            // Content root = the project folder; in Development the app resolves static web assets (MudBlazor,
            // _framework) through the build's staticwebassets.runtime.json, as `dotnet run` would.
            WorkingDirectory = contentRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--contentRoot");
        start.ArgumentList.Add(contentRoot);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_URLS"] = BaseUrl;
        start.Environment["ConnectionStrings__CareOps"] = $"Data Source={Path.Combine(dataDir.FullName, "journeys.db")}";
        start.Environment["Database__Provider"] = "Sqlite";
        start.Environment["Evidence__Root"] = Path.Combine(dataDir.FullName, "evidence");
        start.Environment["Demo__Enabled"] = "true";
        start.Environment["Demo__History"] = "false";

        // The app lives on a fixed agency day whatever the machine's date: the coming Monday, 07:30 in Zhoushan (always
        // after today, so cookies the app dates are never already expired for the browser). Journeys move it forward.
        start.Environment["Testing__ClockControl"] = "true";
        start.Environment["Testing__ClockStart"] = ClockStart.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["DOTNET_NOLOGO"] = "1";
        Configure(start.Environment);

        process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(5) };
        var watch = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"CareOps.Web exited with code {process.ExitCode} before /health answered.\n{Output}");
            }

            try
            {
                using var response = await http.GetAsync("/health");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet (migrating and seeding the demo archipelago comes first).
            }
            catch (TaskCanceledException)
            {
                // One slow answer; the overall timeout below decides.
            }

            if (watch.Elapsed > StartTimeout)
            {
                throw new TimeoutException($"CareOps.Web did not answer GET /health with 200 within {StartTimeout.TotalSeconds:0} s.\n{Output}");
            }

            // Polling a separate process: there is no event to wait for.
            await Task.Delay(250);
        }
    }

    /// <summary>
    /// MudBlazor's css/js and blazor.web.js must load, or every page stays static and the journeys fail
    /// far from the cause (a wrong content root, a missing staticwebassets manifest).
    /// </summary>
    private async Task CheckStaticAssetsAsync()
    {
        using var http = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        var html = await http.GetStringAsync("/login");
        string[] wanted = ["_content/MudBlazor/MudBlazor.min", "_framework/blazor.web"];
        var assets = AssetReference().Matches(html).Select(m => m.Groups["url"].Value)
            .Where(url => wanted.Any(url.StartsWith))
            .ToList();
        Assert.True(assets.Count >= 3, $"The login page should reference MudBlazor css and js and blazor.web.js, found: {string.Join(", ", assets)}\n{html}");
        foreach (var asset in assets)
        {
            using var response = await http.GetAsync(asset);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET /{asset} answered {(int)response.StatusCode}: static web assets are not served.\n{Output}");
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    /// <summary>The dotnet that runs the tests (the SDK passes it down as DOTNET_HOST_PATH), so the app runs on the same install.</summary>
    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    private static int FreePort()
    {
        // Ask the OS for a free port, then hand it to the app; the window between is tiny on a test machine.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex("""(?:href|src)="(?<url>[^"]+\.(?:css|js))""")]
    private static partial Regex AssetReference();
}
