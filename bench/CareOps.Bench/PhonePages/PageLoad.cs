using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;

namespace CareOps.Bench;

/// <summary>A phone's connection and processor: Chrome DevTools' network preset through CDP, and a CPU slowdown.</summary>
internal sealed record Throttle(string Name, double LatencyMs, double DownloadBytesPerSecond, double UploadBytesPerSecond, double CpuRate)
{
    /// <summary>
    /// DevTools' "Slow 3G" (renamed "3G" in 2024), Slow3GConditions in ChromeDevTools/devtools-frontend
    /// front_end/core/sdk/NetworkManager.ts: 500 kbit/s × 0.8 both ways, 400 ms RTT × 5 as request latency.
    /// Playwright has no preset of its own; this is the profile its users apply through a CDP session.
    /// </summary>
    public static Throttle Slow3G(double cpuRate) => new(cpuRate > 1 ? $"slow 3G + CPU ×{cpuRate:0}" : "slow 3G", 400 * 5, 500 * 1000 / 8 * 0.8, 500 * 1000 / 8 * 0.8, cpuRate);

    public async Task ApplyAsync(ICDPSession cdp)
    {
        await cdp.SendAsync("Network.emulateNetworkConditions", new()
        {
            ["offline"] = false,
            ["latency"] = LatencyMs,
            ["downloadThroughput"] = DownloadBytesPerSecond,
            ["uploadThroughput"] = UploadBytesPerSecond,
        });
        await cdp.SendAsync("Emulation.setCPUThrottlingRate", new() { ["rate"] = CpuRate });
    }
}

/// <summary>What to wait for on a page: an element present, shown (a box on screen), or taken over by Blazor's circuit.</summary>
internal sealed record Mark(string Name, string Selector, string Kind);

/// <summary>One page load's figures, in ms from the start of the navigation (the browser's own clock).</summary>
internal sealed record LoadFigures(IReadOnlyDictionary<string, double> Marks, double DomContentLoaded, double Load, IReadOnlyList<Resource> Resources, IReadOnlyList<Socket> Sockets)
{
    /// <summary>Requests the service worker made on its own meanwhile (count, bytes): its target is not throttled by the page's session.</summary>
    public (int Count, long Bytes) Worker { get; init; }

    public double this[string mark] => Marks.TryGetValue(mark, out var value) ? value : double.NaN;

    public long Transfer(string? group = null) => Resources.Where(r => group is null || r.Group == group).Sum(r => r.Transfer);

    public long Decoded(string? group = null) => Resources.Where(r => group is null || r.Group == group).Sum(r => r.Decoded);
}

/// <summary>
/// Measures a page load in a phone's tab. The marks are taken inside the page, by a script installed before any of
/// the page's own (CDP, so the page's Content-Security-Policy does not apply to it), on every animation frame: a
/// frame runs only once the browser may render (no render-blocking stylesheet pending), so "shown" is the first frame
/// that paints the element. "interactive" is the sign Journey.WaitForInteractiveAsync waits for: Blazor's event
/// delegator has marked the element (the circuit is connected and has rendered).
/// </summary>
internal static class PageLoad
{
    private const string MarksScript = """
        (watch => {
            const marks = {};
            window.__careopsMarks = marks;
            const reached = w => {
                const element = document.querySelector(w.selector);
                if (!element) return false;
                if (w.kind === 'interactive') return Object.keys(element).some(key => key.startsWith('_blazorEvents_'));
                if (w.kind === 'shown') {
                    const box = element.getBoundingClientRect();
                    return box.width > 0 && box.height > 0 && getComputedStyle(element).visibility !== 'hidden';
                }
                return true;
            };
            const frame = () => {
                const now = performance.now();
                let left = 0;
                for (const w of watch) {
                    if (marks[w.name] !== undefined) continue;
                    if (reached(w)) marks[w.name] = now; else left++;
                }
                if (left > 0) requestAnimationFrame(frame);
            };
            requestAnimationFrame(frame);
            new PerformanceObserver(list => {
                for (const entry of list.getEntries()) marks[entry.name] = entry.startTime;
            }).observe({ type: 'paint', buffered: true });
        })(WATCH)
        """;

    /// <summary>
    /// Opens <paramref name="url"/> in a new tab of <paramref name="context"/> under <paramref name="throttle"/> and waits
    /// for every mark, the load event, and the network to go quiet (no request in flight for 2.5 s, longer than the
    /// preset's 2 s request latency, so a request the page makes after its load is counted).
    /// </summary>
    public static async Task<(IPage Page, LoadFigures Figures)> OpenAsync(IBrowserContext context, string url, Throttle throttle, IReadOnlyList<Mark> marks)
    {
        var page = await context.NewPageAsync();
        var cdp = await context.NewCDPSessionAsync(page);
        var traffic = await PageTraffic.AttachAsync(cdp);
        await throttle.ApplyAsync(cdp);
        await page.AddInitScriptAsync(Script(marks));
        var worker = new List<IRequest>();
        void Finished(object? sender, IRequest request)
        {
            if (FromWorker(request))
            {
                lock (worker)
                {
                    worker.Add(request);
                }
            }
        }

        context.RequestFinished += Finished;
        await page.GotoAsync(url, new() { WaitUntil = WaitUntilState.Commit, Timeout = 180_000 });
        var figures = await FiguresAsync(page, traffic, marks);
        context.RequestFinished -= Finished;
        long bytes = 0;
        foreach (var request in worker.ToArray())
        {
            try
            {
                // Note: seen to never answer once in a while; the bytes of such a request are not counted.
                var sizes = await request.SizesAsync().WaitAsync(TimeSpan.FromSeconds(10));
                bytes += sizes.ResponseBodySize + sizes.ResponseHeadersSize;
            }
            catch (Exception e) when (e is TimeoutException or PlaywrightException)
            {
            }
        }

        return (page, figures with { Worker = (worker.Count, bytes) });
    }

    /// <summary>A service worker's own request has no frame (Playwright reports it at the context, Chromium only).</summary>
    private static bool FromWorker(IRequest request)
    {
        try
        {
            return request.Frame is null;
        }
        catch (PlaywrightException)
        {
            return true;
        }
    }

    /// <summary>Reloads a page already open (its tab's throttling and init script stay), for a second load.</summary>
    public static async Task<LoadFigures> ReloadAsync(IPage page, IReadOnlyList<Mark> marks)
    {
        var cdp = await page.Context.NewCDPSessionAsync(page);
        var traffic = await PageTraffic.AttachAsync(cdp);
        await page.ReloadAsync(new() { WaitUntil = WaitUntilState.Commit, Timeout = 180_000 });
        var figures = await FiguresAsync(page, traffic, marks);
        await cdp.DetachAsync();
        return figures;
    }

    private static async Task<LoadFigures> FiguresAsync(IPage page, PageTraffic traffic, IReadOnlyList<Mark> marks)
    {
        var names = marks.Select(m => m.Name).ToArray();
        await page.WaitForFunctionAsync(
            """
            names => {
                const marks = window.__careopsMarks;
                const navigation = performance.getEntriesByType('navigation')[0];
                return !!marks && names.every(n => marks[n] !== undefined) && !!navigation && navigation.loadEventEnd > 0;
            }
            """,
            names,
            new() { Timeout = 180_000, PollingInterval = 100 });
        await traffic.QuietAsync(TimeSpan.FromSeconds(2.5), TimeSpan.FromSeconds(90));
        var read = await page.EvaluateAsync<JsonElement>(
            """
            () => {
                const navigation = performance.getEntriesByType('navigation')[0];
                return { marks: window.__careopsMarks, dcl: navigation.domContentLoadedEventEnd, load: navigation.loadEventEnd };
            }
            """);
        var values = read.GetProperty("marks").EnumerateObject().ToDictionary(p => p.Name, p => Number(p.Value));
        return new LoadFigures(values, Number(read.GetProperty("dcl")), Number(read.GetProperty("load")), traffic.Resources, traffic.Sockets);
    }

    /// <summary>A number from the page; Playwright hands some over as text (-0, NaN).</summary>
    private static double Number(JsonElement value) =>
        value.ValueKind == JsonValueKind.Number ? value.GetDouble() : double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : double.NaN;

    private static string Script(IReadOnlyList<Mark> marks) =>
        MarksScript.Replace("WATCH", JsonSerializer.Serialize(marks.Select(m => new { name = m.Name, selector = m.Selector, kind = m.Kind })), StringComparison.Ordinal);

    public static string Ms(double value) => double.IsNaN(value) ? "—" : value.ToString("0", CultureInfo.InvariantCulture);
}
