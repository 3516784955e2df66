using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CareOps.Bench;

/// <summary>
/// Issue 10's phone pages: the first load of a caregiver's "today" (<c>/my/schedule</c>) on a phone with a cold cache
/// on DevTools' slow-3G profile, against 3 s to her first visit row on screen, with the page weight by type; the same
/// for a visit page (<c>/my/visits/{id}</c>), and its second load from the service worker's copy with no network.
/// The app runs as its own process (<see cref="AppProcess"/>); R3's dispatcher publishes this week through the roster
/// board in Chromium, as the visit journey does; R3's first caregiver then opens her pages on a 390 × 844 phone.
/// </summary>
public static class PhonePagesCommand
{
    private const string Caregiver = "r3.cg01@demo.careops.cn";
    private const string Dispatcher = "r3.dispatcher@demo.careops.cn";
    private const string Password = "CareOps#2026";
    private const double TargetMs = 3000;

    private static readonly Mark[] TodayMarks =
    [
        new("row", "[data-testid=schedule-today] [data-testid=schedule-visit]", "shown"),
        new("interactive", "[data-testid=schedule-next-week]", "interactive"),
    ];

    private static readonly Mark[] VisitMarks = [new("ready", "#visit[data-ready=true]", "present")];

    public static async Task<int> RunAsync(string[] args)
    {
        string Arg(string name, string fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;
        var repo = RepoRoot();
        var appDirectory = Path.GetFullPath(Arg("--app", Path.Combine(repo, "src", "CareOps.Web", "bin", "Release", "net10.0")));
        var runs = int.Parse(Arg("--runs", "3"), CultureInfo.InvariantCulture);
        var chromium = Environment.GetEnvironmentVariable("CAREOPS_CHROMIUM") is { Length: > 0 } configured ? configured : "/usr/bin/chromium";
        var texts = File.ReadLines(Path.Combine(repo, "tools", "strings.tsv")).Select(l => l.Split('\t')).Where(c => c.Length >= 2).ToDictionary(c => c[0], c => c[1]);

        var total = Stopwatch.StartNew();
        await using var app = await AppProcess.StartAsync(repo, appDirectory, NextMondayMorning(DateTimeOffset.UtcNow));
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        Console.WriteLine("phone pages (issue 10): a caregiver's first load of today on slow 3G, against 3 s to her first visit row on screen");
        Console.WriteLine($"  app: CareOps.Web as its own process at {app.Url} (Development for the testing clock, pinned at {await app.NowAsync():yyyy-MM-dd HH:mm zzz}; " +
            $"static assets as served outside Development: {app.Assets}); Chromium {browser.Version} headless, Playwright {typeof(IPage).Assembly.GetName().Version}");

        try
        {
            var watch = Stopwatch.StartNew();
            await PublishThisWeekAsync(browser, app, texts);
            Console.WriteLine($"  week: {Dispatcher} optimized this week (8 s budget) and published it through the roster board in Chromium (the UI, not the app's classes): {watch.Elapsed.TotalSeconds:0} s");

            var (state, visitPath, rows) = await SignInAsync(browser, app, texts["Login.Submit"]);
            Console.WriteLine($"  caregiver: {Caregiver} signed in through the login form in a throw-away tab (unthrottled; its cookies, not its cache, go to the measured tabs); " +
                $"today she has {rows} visits; her today and {visitPath} were opened once unthrottled to warm the server");
            var throttles = new[] { Throttle.Slow3G(1), Throttle.Slow3G(4) };
            Console.WriteLine($"  throttle: Network.emulateNetworkConditions latency {throttles[0].LatencyMs:0} ms, down {throttles[0].DownloadBytesPerSecond:0} B/s ({throttles[0].DownloadBytesPerSecond * 8 / 1000:0} kbit/s), " +
                $"up {throttles[0].UploadBytesPerSecond:0} B/s (DevTools' Slow3GConditions); CPU: Emulation.setCPUThrottlingRate 1 and 4 (DevTools' mid-tier phone)");
            Console.WriteLine($"  each load: a new browser context (cold HTTP cache, no service worker), 390 × 844, mobile, touch; {runs} runs, median shown; ms from the navigation's start");

            var pass = true;
            foreach (var throttle in throttles)
            {
                var today = new List<LoadFigures>();
                for (var i = 0; i < runs; i++)
                {
                    await using var context = await PhoneAsync(browser, app, state);
                    today.Add((await PageLoad.OpenAsync(context, app.Url + "my/schedule", throttle, TodayMarks)).Figures);
                }

                var visits = new List<(LoadFigures First, LoadFigures Offline)>();
                for (var i = 0; i < runs; i++)
                {
                    await using var context = await PhoneAsync(browser, app, state);
                    visits.Add(await VisitTwiceAsync(context, app.Url + visitPath.TrimStart('/'), throttle));
                }

                var row = Median(today.Select(f => f["row"]));
                pass &= throttle.CpuRate > 1 || row <= TargetMs;
                Report(throttle, today, visits, row);
            }

            Console.WriteLine($"  target (slow 3G, no CPU slowdown) first visit row on screen ≤ {TargetMs / 1000:0} s: {(pass ? "PASS" : "FAIL")} (whole run {total.Elapsed.TotalSeconds:0} s)");
            return pass ? 0 : 1;
        }
        catch (PlaywrightException e)
        {
            Console.Error.WriteLine(e.Message + "\n--- app output (end) ---\n" + (app.Output.Length <= 4000 ? app.Output : app.Output[^4000..]));
            return 2;
        }
    }

    /// <summary>First load (cold), then the service worker keeps it (a second, online load through it), then a load with no network.</summary>
    private static async Task<(LoadFigures First, LoadFigures Offline)> VisitTwiceAsync(IBrowserContext context, string url, Throttle throttle)
    {
        var (page, first) = await PageLoad.OpenAsync(context, url, throttle, VisitMarks);
        await page.WaitForFunctionAsync("() => !!navigator.serviceWorker.controller", null, new() { Timeout = 60_000 });
        await PageLoad.ReloadAsync(page, VisitMarks);
        await context.SetOfflineAsync(true);
        var offline = await PageLoad.ReloadAsync(page, VisitMarks);
        return (first, offline);
    }

    private static void Report(Throttle throttle, List<LoadFigures> today, List<(LoadFigures First, LoadFigures Offline)> visits, double row)
    {
        string Runs(IEnumerable<double> values) => string.Join(" / ", values.Select(PageLoad.Ms));
        Console.WriteLine($"  {throttle.Name}:");
        Console.WriteLine($"    today /my/schedule, first load: first visit row on screen {PageLoad.Ms(row)} ms ({Runs(today.Select(f => f["row"]))}), " +
            $"first contentful paint {PageLoad.Ms(Median(today.Select(f => f["first-contentful-paint"])))}, DOMContentLoaded {PageLoad.Ms(Median(today.Select(f => f.DomContentLoaded)))}, " +
            $"load {PageLoad.Ms(Median(today.Select(f => f.Load)))}, interactive (circuit) {PageLoad.Ms(Median(today.Select(f => f["interactive"])))} ({Runs(today.Select(f => f["interactive"]))})");
        Weight("today", today);
        var first = visits.Select(v => v.First).ToList();
        var offline = visits.Select(v => v.Offline).ToList();
        Console.WriteLine($"    visit page, first load: ready {PageLoad.Ms(Median(first.Select(f => f["ready"])))} ms ({Runs(first.Select(f => f["ready"]))}), " +
            $"first contentful paint {PageLoad.Ms(Median(first.Select(f => f["first-contentful-paint"])))}, DOMContentLoaded {PageLoad.Ms(Median(first.Select(f => f.DomContentLoaded)))}, load {PageLoad.Ms(Median(first.Select(f => f.Load)))}");
        Weight("visit", first);
        Console.WriteLine($"    visit page, second load offline from the service worker: ready {PageLoad.Ms(Median(offline.Select(f => f["ready"])))} ms ({Runs(offline.Select(f => f["ready"]))}), " +
            $"DOMContentLoaded {PageLoad.Ms(Median(offline.Select(f => f.DomContentLoaded)))}, load {PageLoad.Ms(Median(offline.Select(f => f.Load)))}; " +
            $"{offline[0].Resources.Count(r => r.FromServiceWorker)} of {offline[0].Resources.Count} responses from the service worker, {offline[0].Resources.Count(r => r.Failed is not null)} failed");
    }

    /// <summary>The weight of the first run by type, the total's spread over the runs, and the largest responses with their encoding.</summary>
    private static void Weight(string name, List<LoadFigures> loads)
    {
        var run = loads[0];
        var groups = run.Resources.GroupBy(r => r.Group).OrderByDescending(g => g.Sum(r => r.Transfer))
            .Select(g => $"{g.Key} {Kb(g.Sum(r => r.Transfer))} ({g.Count()}; decoded {Kb(g.Sum(r => r.Decoded))})");
        Console.WriteLine($"      weight ({name}, transferred incl. headers; WebSocket apart): {Kb(run.Transfer())} in {run.Resources.Count} responses, decoded {Kb(run.Decoded())} — {string.Join(", ", groups)}; " +
            $"runs {string.Join(" / ", loads.Select(l => Kb(l.Transfer())))}; meanwhile the service worker's own fetches (keeping pages for offline use, unthrottled): " +
            $"{run.Worker.Count} ({Kb(run.Worker.Bytes)})");
        foreach (var r in run.Resources.OrderByDescending(r => r.Transfer).Take(12))
        {
            var path = new Uri(r.Url).PathAndQuery;
            Console.WriteLine($"        {Kb(r.Transfer),9} {Kb(r.Decoded),9}  {(r.Encoding.Length > 0 ? r.Encoding : "identity"),-8} {r.Type,-10} {r.Status} {(path.Length > 70 ? path[..70] + "…" : path)}" +
                $"{(r.FromServiceWorker ? " (service worker)" : "")}{(r.Failed is { } f ? " failed: " + f : "")}");
        }

        // When each response went out and came back, and what the sockets carried: where the time goes.
        var origin = run.Resources.FirstOrDefault(r => r.Type == "Document")?.Sent ?? 0;
        string At(double t) => ((t - origin) * 1000).ToString("0", CultureInfo.InvariantCulture);
        Console.WriteLine("      timeline (run 1, ms from the document request): " + string.Join(", ", run.Resources.OrderBy(r => r.Sent)
            .Select(r => $"{Short(r.Url)} {At(r.Sent)}–{At(r.Finished)}")));
        foreach (var socket in run.Sockets)
        {
            Console.WriteLine($"      socket {Short(socket.Url)}: open {At(socket.Opened)}, {socket.FramesIn} frames in ({Kb(socket.BytesIn)}) " +
                $"{(socket.FramesIn > 0 ? $"{At(socket.FirstFrame)}–{At(socket.LastFrame)}" : "")} (not in the weight)");
        }
    }

    private static string Short(string url)
    {
        var path = new Uri(url).AbsolutePath;
        return path.Length > 40 ? path[..40] + "…" : path;
    }

    private static async Task PublishThisWeekAsync(IBrowser browser, AppProcess app, Dictionary<string, string> texts)
    {
        var today = DateOnly.FromDateTime((await app.NowAsync()).ToOffset(TimeSpan.FromHours(8)).DateTime);
        var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        await using var office = await browser.NewContextAsync(new() { BaseURL = app.Url.ToString(), ViewportSize = new() { Width = 1366, Height = 900 } });
        office.SetDefaultTimeout(60_000);
        var page = await office.NewPageAsync();
        await SignInAtAsync(page, app, $"/roster/{monday:yyyy-MM-dd}", Dispatcher, texts["Login.Submit"]);
        await WaitForInteractiveAsync(page, "[data-testid=roster-optimize]");
        await page.GetByTestId("roster-time-limit").FillAsync("8");
        await page.GetByTestId("roster-time-limit").PressAsync("Tab");
        for (var attempt = 1; ; attempt++)
        {
            // Note: a click while the field's change is still on its way to the circuit was seen to be lost (1 run in 4).
            await page.GetByTestId("roster-optimize").ClickAsync();
            try
            {
                await Expect(page.GetByTestId("roster-progress")).ToBeVisibleAsync(new() { Timeout = 15_000 });
                break;
            }
            catch (PlaywrightException) when (attempt < 3)
            {
            }
        }

        await Expect(page.GetByTestId("roster-progress")).ToHaveAttributeAsync("data-state", "Completed", new() { Timeout = 120_000 });
        await page.GetByTestId("roster-publish").ClickAsync();
        await page.GetByTestId("confirm").ClickAsync();
        await Expect(page.GetByTestId("roster-kpis")).ToContainTextAsync(string.Format(CultureInfo.InvariantCulture, texts["Roster.PublishedV"], 1), new() { Timeout = 60_000 });
    }

    /// <summary>Signs the caregiver in (unthrottled) and opens her today and her first visit of today once: the server's first renders are not the phone's.</summary>
    private static async Task<(string State, string VisitPath, int Rows)> SignInAsync(IBrowser browser, AppProcess app, string submit)
    {
        await using var context = await PhoneAsync(browser, app, state: null);
        var page = await context.NewPageAsync();
        await SignInAtAsync(page, app, "/my/schedule", Caregiver, submit);
        var visits = page.Locator(TodayMarks[0].Selector);
        await Expect(visits.First).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await WaitForInteractiveAsync(page, TodayMarks[1].Selector);
        var rows = await visits.CountAsync();
        var path = await visits.First.GetAttributeAsync("href") ?? throw new InvalidOperationException("a visit row without a link");
        await page.GotoAsync(path);
        await Expect(page.Locator(VisitMarks[0].Selector)).ToBeAttachedAsync(new() { Timeout = 60_000 });
        return (await context.StorageStateAsync(), path, rows);
    }

    private static async Task SignInAtAsync(IPage page, AppProcess app, string path, string email, string submit)
    {
        await page.GotoAsync(path);
        await Expect(page).ToHaveURLAsync(new Regex("/login\\?"));
        await page.Locator("#email").FillAsync(email);
        await page.Locator("#password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = submit, Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"^{Regex.Escape(app.Url.ToString().TrimEnd('/') + path)}$"), new() { Timeout = 60_000 });
    }

    /// <summary>As Journey.WaitForInteractiveAsync: Blazor's event delegator has marked the element.</summary>
    private static async Task WaitForInteractiveAsync(IPage page, string selector) =>
        await page.WaitForFunctionAsync(
            "selector => { const e = document.querySelector(selector); return !!e && Object.keys(e).some(k => k.startsWith('_blazorEvents_')); }",
            selector,
            new() { Timeout = 60_000 });

    private static async Task<IBrowserContext> PhoneAsync(IBrowser browser, AppProcess app, string? state)
    {
        var context = await browser.NewContextAsync(new()
        {
            BaseURL = app.Url.ToString(),
            ViewportSize = new() { Width = 390, Height = 844 },
            IsMobile = true,
            HasTouch = true,
            StorageState = state,
        });
        context.SetDefaultTimeout(60_000);
        return context;
    }

    /// <summary>The coming Monday (never today), 07:30 in Zhoushan, as the browser journeys pin the app's clock.</summary>
    private static DateTimeOffset NextMondayMorning(DateTimeOffset now)
    {
        var china = now.ToOffset(TimeSpan.FromHours(8));
        var days = ((int)DayOfWeek.Monday - (int)china.DayOfWeek + 7) % 7;
        var monday = china.Date.AddDays(days == 0 ? 7 : days);
        return new DateTimeOffset(monday.Year, monday.Month, monday.Day, 7, 30, 0, TimeSpan.FromHours(8));
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CareOps.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("CareOps.sln not found above " + AppContext.BaseDirectory);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string Kb(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1000.0:0.0} KB");
}
