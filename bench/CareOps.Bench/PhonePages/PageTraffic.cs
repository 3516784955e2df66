using System.Diagnostics;
using System.Text.Json;
using Microsoft.Playwright;

namespace CareOps.Bench;

/// <summary>One response as Chromium's network stack saw it (CDP Network events of the page's own session).</summary>
internal sealed record Resource(string Url, string Type)
{
    public int Status { get; set; }

    /// <summary>Bytes on the wire, headers included (loadingFinished.encodedDataLength).</summary>
    public long Transfer { get; set; }

    /// <summary>Body bytes after decompression (the sum of dataReceived.dataLength).</summary>
    public long Decoded { get; set; }

    public string Encoding { get; set; } = "";

    public bool FromServiceWorker { get; set; }

    public bool FromCache { get; set; }

    public bool Done { get; set; }

    public string? Failed { get; set; }

    /// <summary>Seconds on CDP's monotonic clock when the request was sent and when its last byte arrived.</summary>
    public double Sent { get; set; }

    public double Finished { get; set; }

    /// <summary>The groups the weight is reported in.</summary>
    public string Group => Type switch
    {
        "Document" => "document",
        "Script" => "scripts",
        "Stylesheet" => "css",
        "Font" => "fonts",
        "Image" => "images",
        "Fetch" or "XHR" => "fetch/xhr",
        _ => "other",
    };
}

/// <summary>A WebSocket of the page (Blazor's circuit, the roster hub), times on CDP's monotonic clock.</summary>
internal sealed record Socket(string Url)
{
    public double Opened { get; set; }

    public int FramesIn { get; set; }

    public long BytesIn { get; set; }

    public double FirstFrame { get; set; }

    public double LastFrame { get; set; }
}

/// <summary>
/// Every request a page makes, from the CDP Network domain of a session on that page: transferred and decoded bytes,
/// type, content encoding, whether the service worker or the HTTP cache answered. WebSockets are counted apart (frames
/// and bytes), never in the page weight. Requests a service worker makes on its own (its cache-filling fetches) belong
/// to the worker's target and are not seen here.
/// </summary>
internal sealed class PageTraffic
{
    private readonly Dictionary<string, Resource> requests = [];
    private readonly Dictionary<string, Socket> sockets = [];
    private readonly Lock gate = new();
    private long lastActivity = Stopwatch.GetTimestamp();

    private PageTraffic()
    {
    }

    public static async Task<PageTraffic> AttachAsync(ICDPSession cdp)
    {
        var traffic = new PageTraffic();
        cdp.Event("Network.requestWillBeSent").OnEvent += (_, e) => traffic.Started(e!.Value);
        cdp.Event("Network.responseReceived").OnEvent += (_, e) => traffic.Responded(e!.Value);
        cdp.Event("Network.dataReceived").OnEvent += (_, e) => traffic.Update(e!.Value, (r, v) => r.Decoded += v.GetProperty("dataLength").GetInt64());
        cdp.Event("Network.loadingFinished").OnEvent += (_, e) => traffic.Update(e!.Value, (r, v) =>
        {
            r.Transfer = (long)v.GetProperty("encodedDataLength").GetDouble();
            r.Finished = v.GetProperty("timestamp").GetDouble();
            r.Done = true;
        });
        cdp.Event("Network.loadingFailed").OnEvent += (_, e) => traffic.Update(e!.Value, (r, v) =>
        {
            r.Failed = v.GetProperty("errorText").GetString();
            r.Finished = v.GetProperty("timestamp").GetDouble();
            r.Done = true;
        });
        cdp.Event("Network.webSocketCreated").OnEvent += (_, e) => traffic.SocketCreated(e!.Value);
        cdp.Event("Network.webSocketHandshakeResponseReceived").OnEvent += (_, e) => traffic.OnSocket(e!.Value, (s, v) => s.Opened = v.GetProperty("timestamp").GetDouble());
        cdp.Event("Network.webSocketFrameReceived").OnEvent += (_, e) => traffic.OnSocket(e!.Value, Frame);
        await cdp.SendAsync("Network.enable");
        return traffic;
    }

    public IReadOnlyList<Resource> Resources
    {
        get
        {
            lock (gate)
            {
                return [.. requests.Values];
            }
        }
    }

    public IReadOnlyList<Socket> Sockets
    {
        get
        {
            lock (gate)
            {
                return [.. sockets.Values];
            }
        }
    }

    /// <summary>Waits until no request is in flight and nothing happened for <paramref name="quiet"/> (at most <paramref name="patience"/>).</summary>
    public async Task QuietAsync(TimeSpan quiet, TimeSpan patience)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < patience)
        {
            bool settled;
            lock (gate)
            {
                settled = requests.Values.All(r => r.Done) && Stopwatch.GetElapsedTime(lastActivity) >= quiet;
            }

            if (settled)
            {
                return;
            }

            await Task.Delay(100);
        }
    }

    private void Started(JsonElement e)
    {
        var id = e.GetProperty("requestId").GetString()!;
        var url = e.GetProperty("request").GetProperty("url").GetString()!;
        var type = e.TryGetProperty("type", out var t) ? t.GetString() ?? "Other" : "Other";
        lock (gate)
        {
            // A redirect reuses the request id: the hop before is kept under its own key.
            if (requests.Remove(id, out var before))
            {
                before.Done = true;
                requests[id + "#" + requests.Count] = before;
            }

            requests[id] = new Resource(url, type) { Sent = e.GetProperty("timestamp").GetDouble() };
            lastActivity = Stopwatch.GetTimestamp();
        }
    }

    private void Responded(JsonElement e)
    {
        Update(e, (r, v) =>
        {
            var response = v.GetProperty("response");
            r.Status = response.GetProperty("status").GetInt32();
            r.FromServiceWorker = response.TryGetProperty("fromServiceWorker", out var sw) && sw.GetBoolean();
            r.FromCache = (response.TryGetProperty("fromDiskCache", out var disk) && disk.GetBoolean())
                || (response.TryGetProperty("fromPrefetchCache", out var prefetch) && prefetch.GetBoolean());
            foreach (var header in response.GetProperty("headers").EnumerateObject())
            {
                if (header.Name.Equals("content-encoding", StringComparison.OrdinalIgnoreCase))
                {
                    r.Encoding = header.Value.GetString() ?? "";
                }
            }
        });
    }

    private void Update(JsonElement e, Action<Resource, JsonElement> change)
    {
        var id = e.GetProperty("requestId").GetString()!;
        lock (gate)
        {
            if (requests.TryGetValue(id, out var resource))
            {
                change(resource, e);
            }

            lastActivity = Stopwatch.GetTimestamp();
        }
    }

    private void SocketCreated(JsonElement e)
    {
        lock (gate)
        {
            sockets[e.GetProperty("requestId").GetString()!] = new Socket(e.GetProperty("url").GetString()!);
        }
    }

    private void OnSocket(JsonElement e, Action<Socket, JsonElement> change)
    {
        lock (gate)
        {
            if (sockets.TryGetValue(e.GetProperty("requestId").GetString()!, out var socket))
            {
                change(socket, e);
            }
        }
    }

    private static void Frame(Socket socket, JsonElement e)
    {
        var response = e.GetProperty("response");
        var payload = response.GetProperty("payloadData").GetString() ?? "";

        // Binary frames (Blazor's circuit speaks MessagePack) arrive base64-encoded.
        socket.BytesIn += response.GetProperty("opcode").GetInt32() == 2 ? payload.Length / 4 * 3 : System.Text.Encoding.UTF8.GetByteCount(payload);
        socket.FramesIn++;
        var at = e.GetProperty("timestamp").GetDouble();
        socket.FirstFrame = socket.FirstFrame == 0 ? at : socket.FirstFrame;
        socket.LastFrame = at;
    }
}
