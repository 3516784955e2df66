using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CareOps.Web.Features.Visits;
using CareOps.Web.Infrastructure;

namespace CareOps.Bench;

/// <summary>
/// Issue 10's check-in burst: N caregivers' phones each check in at the client's home and later check out with one
/// item through the phone's sync API, all within a minute, with about a tenth of the operations sent twice under the
/// same key; then the database is counted: exactly one check-in and one check-out per visit, one receipt per key, no
/// refusal, no HTTP error. The node (<see cref="CheckinBurstNode"/>) is the real app in a child process, as in
/// <c>live-push</c>; this process is the phones (<see cref="SyncPhones"/>).
/// </summary>
public static class CheckinBurstCommand
{
    private static readonly TimeSpan Minute = TimeSpan.FromSeconds(60);

    public static async Task<int> RunAsync(string[] args)
    {
        string Arg(string name, string fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;
        var agency = Arg("--agency", "R1");
        var count = int.Parse(Arg("--caregivers", "1000"), CultureInfo.InvariantCulture);
        var iterations = int.Parse(Arg("--hash-iterations", "1000"), CultureInfo.InvariantCulture);
        if (args.Contains("--node"))
        {
            return await CheckinBurstNode.RunAsync(Arg("--db", ""), agency, count, iterations);
        }

        var span = TimeSpan.FromSeconds(double.Parse(Arg("--seconds", "55"), CultureInfo.InvariantCulture));
        var resend = double.Parse(Arg("--resend", "10"), CultureInfo.InvariantCulture) / 100;
        var doubleTap = double.Parse(Arg("--double-tap", "0"), CultureInfo.InvariantCulture) / 100;
        var seed = int.Parse(Arg("--seed", "1"), CultureInfo.InvariantCulture);
        if (count < 1 || span < TimeSpan.Zero || span > Minute || resend is < 0 or > 1 || doubleTap is < 0 or > 1)
        {
            Console.Error.WriteLine("--caregivers must be at least 1, --seconds within 0–60, --resend and --double-tap within 0–100 (per cent)");
            return 2;
        }

        await AwayFromMidnightAsync();
        var total = Stopwatch.StartNew();
        return await NodeProcess.RunAsync("checkin-burst", ["--agency", agency, "--caregivers", $"{count}", "--hash-iterations", $"{iterations}"], Arg("--gc", "server"),
            node => MeasureAsync(node, agency, count, iterations, span, resend, doubleTap, seed, total));
    }

    private static async Task<int> MeasureAsync(NodeProcess node, string agency, int count, int iterations, TimeSpan span, double resend, double doubleTap, int seed, Stopwatch total)
    {
        var ready = await node.ReplyAsync("ready", TimeSpan.FromMinutes(3));
        var url = new Uri(ready["url"]);
        var visits = JsonSerializer.Deserialize<List<BurstVisit>>(await File.ReadAllTextAsync(ready["phones"]))!;
        Console.WriteLine($"check-in burst (issue 10): {count} caregivers' phones, each a check-in at the client's home and a check-out with one item, through POST /api/my/sync");
        Console.WriteLine($"  node: the real app (CareOps.Web's Program on Kestrel {url}, plain HTTP on loopback, Production settings, {ready["gc"]} GC) in a child process (pid {node.Pid}); " +
            $"it migrated and seeded the demo into a temp SQLite file itself in {ready["start"]} s");
        Console.WriteLine($"  caregivers: {count} added to {agency} ({BenchNode.EmailOf(agency, CheckinBurstNode.CodePrefix, 1)} …, certified) with users in role Caregiver, through CareOpsDb as the demo " +
            $"seeder does (PBKDF2 at {iterations} iterations for this run, Identity's default is 100 000)");
        Console.WriteLine($"  visits: {ready["visits"]} planned visits on {ready["date"]} (today, agency time) at {ready["planned"]}, one per bench caregiver, to {ready["clients"]} of {agency}'s clients " +
            $"(active today, with a care plan in force) in turn, written through CareOpsDb by the bench (the demo has no visits; no roster is involved); the item ticked is the plan's first; {ready["bench"]} s");

        var watch = Stopwatch.StartNew();
        var cookies = await SignIn.AllAsync(url, [.. visits.Select(v => v.Email)], parallel: 4);
        Console.WriteLine($"  sign-in: {count} through the login form (GET /login, POST /account/login, cookie kept) in {watch.Elapsed.TotalSeconds:0.0} s");

        var load = Load();
        var sends = await new SyncPhones(url, visits, cookies).RunAsync(span, resend, doubleTap, seed);
        var verified = await node.AskAsync("verify", "verified", TimeSpan.FromMinutes(1));
        return Report(sends, verified, count, span, load, total);
    }

    private static int Report(IReadOnlyList<SyncSend> sends, Dictionary<string, string> db, int count, TimeSpan span, string load, Stopwatch total)
    {
        int N(string key) => int.Parse(db[key], CultureInfo.InvariantCulture);
        var window = Latency.Ms(sends.Max(s => s.End) - sends.Min(s => s.Start)) / 1000;
        var first = sends.Where(s => s.Role == SendRole.First).ToList();
        var resent = sends.Where(s => s.Role is SendRole.AfterAnswer or SendRole.Racing).ToList();
        var taps = sends.Where(s => s.Role == SendRole.DoubleTap).ToList();
        var tapped = taps.Select(s => (s.Phone, s.Kind)).ToHashSet();
        var errors = sends.Where(s => s.Error is not null).ToList();
        var unexpected = sends.Where(s => s.Error is null && s.State is not ("applied" or "duplicate" or "refused")).ToList();
        var refused = sends.Where(s => s.State == "refused").ToList();
        var refusedUntapped = refused.Where(s => !tapped.Contains((s.Phone, s.Kind))).ToList();

        // Each operation (a phone's check-in, or her check-out) is applied once, whatever was sent for it; each key is
        // either applied once and otherwise answered duplicate, or (a double tap's other key) refused on every send.
        var operations = sends.GroupBy(s => (s.Phone, s.Kind)).ToList();
        var appliedOnce = operations.Count(g => g.Count(s => s.State == "applied") == 1);
        var keys = sends.GroupBy(s => s.Key).ToList();
        var keysOnce = keys.Count(g => g.Count(s => s.State == "applied") == 1 && g.All(s => s.State is "applied" or "duplicate"));
        var keysRefused = keys.Count(g => g.All(s => s.State == "refused"));
        var duplicates = sends.Count(s => s.State == "duplicate");
        var racingWon = resent.Count(s => s.Role == SendRole.Racing && s.State == "applied");
        var tapsBoth = operations.Where(g => tapped.Contains(g.Key) && g.Count(s => s.State == "applied") > 1).ToList();

        Console.WriteLine(span == TimeSpan.Zero
            ? "  schedule: as fast as the machine allows: every check-in sent at once, each check-out as soon as its check-in was answered"
            : $"  schedule: check-ins spread evenly over the first {span.TotalSeconds * 2 / 3:0.#} s (phones in a shuffled order), each check-out {span.TotalSeconds / 3:0.#} s after its check-in " +
              $"(both online: the server's clock times them, CaptureVisit.RecordedTime); planned span {span.TotalSeconds:0} s");
        Console.WriteLine($"  resent with the same key: {resent.Count} of {first.Count} operations ({resent.Count(s => s.Role == SendRole.AfterAnswer)} after the first answer came back, " +
            $"{resent.Count(s => s.Role == SendRole.Racing)} while the first was still in flight)" +
            (taps.Count == 0 ? "" : $"; doubled under a new key of their own, sent together with the first (double taps): {taps.Count}"));
        Console.WriteLine($"  window: first request sent → last answer {window:0.0} s; {sends.Count} requests, {sends.Count / window:0.0} requests/s " +
            $"(load average before: {load}, after: {Load()})");
        Print("check-in", first.Where(s => s.Kind == CaptureOp.CheckIn));
        Print("check-out", first.Where(s => s.Kind == CaptureOp.CheckOut));
        Print("resends", resent);
        var arrivals = sends.Select(x => Latency.Ms(x.End - sends.Min(y => y.Start)) / 1000).Order().ToList();
        Console.WriteLine("  answers arrived, from the first send (s), at 0 %, 10 %, … 100 % of them: " +
            string.Join(" ", Enumerable.Range(0, 11).Select(k => arrivals[Math.Min(arrivals.Count - 1, k * arrivals.Count / 10)].ToString("0.0", CultureInfo.InvariantCulture))));
        Console.WriteLine($"  the node's own time per sync request (first middleware → answer handed to Kestrel), p50/p95/p99/max ms: " +
            string.Join(", ", db.Where(f => f.Key.StartsWith("server.", StringComparison.Ordinal)).OrderBy(f => f.Key, StringComparer.Ordinal)
                .Select(f => $"{f.Key[7..]} {f.Value.Split(':')[1]} ({f.Value.Split(':')[0]} requests)")) +
            $"; its thread pool at most {N("poolthreads")} threads, {N("poolqueue")} work items waiting");
        Console.WriteLine($"  answers: applied {sends.Count(s => s.State == "applied")}, duplicate {duplicates}, refused {refused.Count}, HTTP errors {errors.Count}, unexpected {unexpected.Count}; " +
            $"keys applied exactly once and otherwise answered duplicate: {keysOnce} of {keys.Count} (a racing resend was the one applied for {racingWon})");
        if (taps.Count > 0)
        {
            Console.WriteLine($"  double taps: {taps.Count} operations; one applied and the other refused: {tapped.Count - tapsBoth.Count}, BOTH APPLIED: {tapsBoth.Count} " +
                $"({tapsBoth.Count(g => g.Key.Kind == CaptureOp.CheckIn)} check-ins, {tapsBoth.Count(g => g.Key.Kind == CaptureOp.CheckOut)} check-outs)");
        }

        foreach (var s in errors.Concat(refusedUntapped).Concat(unexpected).Take(5))
        {
            Console.WriteLine($"    e.g. phone {s.Phone + 1} {s.Kind} ({s.Role}): {(s.Error is null ? $"{s.State}: {s.Message}" : $"HTTP {s.Status}: {s.Error}")}");
        }

        Console.WriteLine($"  database: visits {N("visits")}, completed {N("completed")}, with one item {N("items1")} (item rows per visit: {db["itemrows"].Replace(",", ", ", StringComparison.Ordinal)} visits); VisitAudit CheckIn {N("checkins")} (exactly one: {N("onecheckin")} visits), " +
            $"CheckOut {N("checkouts")} (exactly one: {N("onecheckout")} visits), rows beyond one per visit and action {N("extra")}, other actions {N("other")}; " +
            $"SyncReceipts {N("receipts")} ({N("receiptkeys")} keys, refused {N("receiptsrefused")}; one applied checkIn and one applied checkOut receipt: {N("receiptpairs")} visits) for {keys.Count} keys sent");
        Console.WriteLine($"  as recorded: check-ins within the geofence {N("located")} (farthest {db["distancemax"]} m), device times kept {N("devicetimes")} (online: none), " +
            $"visit length {db["durationmin"]}–{db["durationmax"]} s, server stamps spanning {db["serverspan"]} s");
        Console.WriteLine($"  the app's log at Error or above: {(db["errorlogs"].Length == 0 ? "nothing" : db["errorlogs"].Replace(",", ", ", StringComparison.Ordinal))}");
        Console.WriteLine($"  verdicts: Verified {N("verified")}, Flagged {N("flagged")} (flags: {(db["flags"].Length == 0 ? "none" : db["flags"].Replace(",", ", ", StringComparison.Ordinal))})");

        var databaseOk = N("visits") == count && N("completed") == count && N("items1") == count
            && N("checkins") == count && N("onecheckin") == count && N("checkouts") == count && N("onecheckout") == count
            && N("extra") == 0 && N("other") == 0
            && N("receipts") == keys.Count && N("receiptkeys") == keys.Count && N("receiptsrefused") == keysRefused && N("receiptpairs") == count;
        var answersOk = errors.Count == 0 && unexpected.Count == 0 && refusedUntapped.Count == 0
            && operations.Count == 2 * count && appliedOnce == operations.Count
            && keysOnce + keysRefused == keys.Count && keysRefused == taps.Count && duplicates == resent.Count;
        var pass = databaseOk && answersOk && window <= Minute.TotalSeconds;
        Console.WriteLine($"  0 errors, 0 refusals{(taps.Count == 0 ? "" : " (but of double taps)")}, every resend answered duplicate, exactly one check-in and one check-out per visit in the database, within a minute: " +
            $"{(pass ? "PASS" : "FAIL")} (answers {(answersOk ? "ok" : "NOT ok")}, database {(databaseOk ? "ok" : "NOT ok")}, window {window:0.0} s; whole run {total.Elapsed.TotalSeconds:0} s)");
        return pass ? 0 : 1;
    }

    private static void Print(string what, IEnumerable<SyncSend> sends)
    {
        var list = sends.ToList();
        var p = Latency.Percentiles(list.Select(s => Latency.Ms(s.End - s.Start)));
        Console.WriteLine($"  {what}: {list.Count} requests, latency min {p.Min:0} ms, p50 {p.P50:0} ms, p95 {p.P95:0} ms, p99 {p.P99:0} ms, max {p.Max:0} ms");
    }

    /// <summary>The machine's 1-minute load average (other builds share the cores).</summary>
    private static string Load() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

    /// <summary>
    /// A check-in counts only on the visit's date (agency time), and the visits are planned for today: a run that would
    /// cross the agency's midnight waits until it has passed.
    /// </summary>
    private static async Task AwayFromMidnightAsync()
    {
        var local = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, AgencyClock.Zone).TimeOfDay;
        if (local >= new TimeSpan(23, 54, 0))
        {
            var wait = TimeSpan.FromDays(1) - local + TimeSpan.FromSeconds(5);
            Console.WriteLine($"  it is {local:hh\\:mm} in the agency's time zone: waiting {wait.TotalMinutes:0.0} min for its midnight, so that the whole burst falls on one day");
            await Task.Delay(wait);
        }
    }
}
