using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using CareOps.Web.Features.Visits;

namespace CareOps.Bench;

/// <summary>How a request stands in the burst: a phone's first send of an operation, or a resend of it with the same key.</summary>
internal enum SendRole
{
    First,

    /// <summary>Sent again after the first answer came back (the phone lost that answer and retries its queue).</summary>
    AfterAnswer,

    /// <summary>Sent again while the first is still in flight (a timeout on the phone, or a second tab syncing the same queue).</summary>
    Racing,

    /// <summary>
    /// Not a resend: the same operation captured twice at the same moment under a key of its own (a double tap, or the
    /// visit open in two tabs), sent together with the first. One of the two must be refused.
    /// </summary>
    DoubleTap,
}

/// <summary>One request of the burst: what was sent, when (monotonic stamps), and what came back.</summary>
internal sealed record SyncSend(int Phone, Guid Key, string Kind, SendRole Role, long Start, long End, int Status, string? State, string? Message, string? Error);

/// <summary>
/// The phones of <c>checkin-burst</c>: each sends its check-in at the client's home, and later its check-out with one
/// item, to <c>POST /api/my/sync</c> as the phone's script does (one operation per request, the sign-in cookie and the
/// <see cref="VisitEndpoints.SyncHeader"/> header, the device time at capture and at sending). Some operations are sent
/// a second time with the same key (<see cref="SendRole"/>). Everything random is drawn from the seed before the burst.
/// </summary>
internal sealed class SyncPhones(Uri app, IReadOnlyList<BurstVisit> visits, IReadOnlyList<string> cookies)
{
    /// <summary>Furthest from the client's home a phone places itself (a GPS fix at the door, not on the point).</summary>
    public const double MaxOffsetMeters = 25;

    private readonly ConcurrentBag<SyncSend> sends = [];

    /// <summary>
    /// Check-ins spread evenly (in a shuffled order of the phones) over the first two thirds of <paramref name="span"/>;
    /// each phone's check-out a third of the span after its check-in, once its check-in has been answered. A span of
    /// zero sends all check-ins at once, and each check-out as soon as its check-in is answered.
    /// </summary>
    /// <remarks>
    /// A share <paramref name="resendShare"/> of the operations is sent again with the same key (half after the answer,
    /// half racing); a share <paramref name="doubleTapShare"/> of the others is doubled under a new key.
    /// </remarks>
    public async Task<IReadOnlyList<SyncSend>> RunAsync(TimeSpan span, double resendShare, double doubleTapShare, int seed)
    {
        var n = visits.Count;
        var random = new Random(seed);
        var rank = Enumerable.Range(0, n).OrderBy(_ => random.Next()).ToArray();
        var chosen = Enumerable.Range(0, 2 * n).OrderBy(_ => random.Next()).ToList();
        var resends = (int)Math.Round(2 * n * resendShare);
        var doubles = Math.Min((int)Math.Round(2 * n * doubleTapShare), (2 * n) - resends);
        var roleOf = new Dictionary<int, SendRole>();
        for (var k = 0; k < resends + doubles; k++)
        {
            roleOf[chosen[k]] = k >= resends ? SendRole.DoubleTap : k % 2 == 0 ? SendRole.AfterAnswer : SendRole.Racing;
        }

        var positions = Enumerable.Range(0, n).Select(i => Near(visits[i], random.NextDouble() * MaxOffsetMeters, random.NextDouble() * 2 * Math.PI, 5 + (random.NextDouble() * 15))).ToArray();

        using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false })
        {
            BaseAddress = app,
            Timeout = TimeSpan.FromMinutes(2),
        };
        var t0 = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, n).Select(i => PhoneAsync(http, i, t0, span * 2 / 3 * rank[i] / n, span / 3, positions[i],
            roleOf.GetValueOrDefault(2 * i), roleOf.GetValueOrDefault((2 * i) + 1))));
        return [.. sends];
    }

    private async Task PhoneAsync(HttpClient http, int phone, long t0, TimeSpan checkInAt, TimeSpan visitLength,
        (double Lat, double Lon, double Accuracy) at, SendRole checkInResend, SendRole checkOutResend)
    {
        await Until(t0, checkInAt);
        var checkIn = new CaptureOp
        {
            Id = Guid.NewGuid(),
            VisitId = visits[phone].VisitId,
            Kind = CaptureOp.CheckIn,
            CapturedAt = DateTimeOffset.UtcNow,
            Latitude = at.Lat,
            Longitude = at.Lon,
            Accuracy = at.Accuracy,
        };
        await OperationAsync(http, phone, checkIn, checkInResend);

        await Until(t0, checkInAt + visitLength);
        var checkOut = new CaptureOp
        {
            Id = Guid.NewGuid(),
            VisitId = visits[phone].VisitId,
            Kind = CaptureOp.CheckOut,
            CapturedAt = DateTimeOffset.UtcNow,
            Latitude = at.Lat,
            Longitude = at.Lon,
            Accuracy = at.Accuracy,
            Items = [visits[phone].Item],
            Notes = "压测：服务完成",
        };
        await OperationAsync(http, phone, checkOut, checkOutResend);
    }

    /// <summary>Sends the operation, and again with the same key when it is one of the resent ones (or a new key: a double tap).</summary>
    private async Task OperationAsync(HttpClient http, int phone, CaptureOp op, SendRole resend)
    {
        switch (resend)
        {
            case SendRole.DoubleTap:
                await Task.WhenAll(SendAsync(http, phone, op, SendRole.First), SendAsync(http, phone, op with { Id = Guid.NewGuid() }, SendRole.DoubleTap));
                break;
            case SendRole.Racing:
                await Task.WhenAll(SendAsync(http, phone, op, SendRole.First), SendAsync(http, phone, op, SendRole.Racing));
                break;
            case SendRole.AfterAnswer:
                await SendAsync(http, phone, op, SendRole.First);
                await SendAsync(http, phone, op, SendRole.AfterAnswer);
                break;
            default:
                await SendAsync(http, phone, op, SendRole.First);
                break;
        }
    }

    private async Task SendAsync(HttpClient http, int phone, CaptureOp op, SendRole role)
    {
        // The phone's clock when it sends; a resend keeps the operation (key, capture time) as it was queued.
        var batch = new SyncBatch { SentAt = DateTimeOffset.UtcNow, Ops = [op] };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/my/sync") { Content = JsonContent.Create(batch) };
        request.Headers.Add("Cookie", cookies[phone]);
        request.Headers.Add(VisitEndpoints.SyncHeader, "1");
        request.Headers.Add(CheckinBurstNode.KindHeader, op.Kind);
        var start = Stopwatch.GetTimestamp();
        try
        {
            using var response = await http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            var end = Stopwatch.GetTimestamp();
            if (!response.IsSuccessStatusCode)
            {
                sends.Add(new(phone, op.Id, op.Kind, role, start, end, (int)response.StatusCode, null, null, Clip(text)));
                return;
            }

            using var json = JsonDocument.Parse(text);
            var result = json.RootElement.GetProperty("results").EnumerateArray().Single();
            var message = result.GetProperty("message");
            sends.Add(new(phone, op.Id, op.Kind, role, start, end, (int)response.StatusCode, result.GetProperty("state").GetString(),
                message.ValueKind == JsonValueKind.String ? message.GetString() : null, null));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or InvalidOperationException or KeyNotFoundException)
        {
            sends.Add(new(phone, op.Id, op.Kind, role, start, Stopwatch.GetTimestamp(), 0, null, null, e.GetType().Name + ": " + Clip(e.Message)));
        }
    }

    private static async Task Until(long t0, TimeSpan offset)
    {
        var wait = offset - Stopwatch.GetElapsedTime(t0);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }
    }

    /// <summary>A point <paramref name="metres"/> from the client's home in the given direction, with the fix's accuracy.</summary>
    private static (double Lat, double Lon, double Accuracy) Near(BurstVisit visit, double metres, double bearing, double accuracy)
    {
        const double MetresPerDegree = 111_195.0;
        var lat = visit.HomeLatitude + (metres * Math.Cos(bearing) / MetresPerDegree);
        var lon = visit.HomeLongitude + (metres * Math.Sin(bearing) / (MetresPerDegree * Math.Cos(visit.HomeLatitude * Math.PI / 180)));
        return (lat, lon, Math.Round(accuracy, 1));
    }

    private static string Clip(string text) => text.Length <= 300 ? text.ReplaceLineEndings(" ") : text[..300].ReplaceLineEndings(" ") + "…";
}
