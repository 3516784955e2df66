using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CareOps.Data;
using CareOps.Data.Domain;
using CareOps.Data.Tenancy;
using CareOps.Web.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CareOps.Bench;

/// <summary>A bench visit as its phone knows it: who signs in, the visit, the client's home, and a plan item to tick.</summary>
internal sealed record BurstVisit(string Email, Guid VisitId, double HomeLatitude, double HomeLongitude, string Item);

/// <summary>
/// The node of <c>checkin-burst</c>: the real app (<see cref="BenchNode"/>), the bench's caregivers, and one planned
/// visit today for each of them, written by the bench (<see cref="PlanVisitsAsync"/>). It writes the phones' visits to
/// a JSON file beside the database, then answers <c>verify</c> with what the database holds after the burst.
/// </summary>
internal static class CheckinBurstNode
{
    /// <summary>The caregivers' codes and sign-ins: cb0001 …, r1.cb0001@bench.careops.cn ….</summary>
    public const string CodePrefix = "cb";

    /// <summary>The bench's header naming a request's operation, for the node's own timing (the app ignores it).</summary>
    public const string KindHeader = "X-Bench-Kind";

    public static Task<int> RunAsync(string databasePath, string agencyCode, int count, int hashIterations) =>
        BenchNode.HostAsync(databasePath, hashIterations, services =>
        {
            services.AddSingleton<SyncTimes>();
            services.AddSingleton<IStartupFilter>(sp => sp.GetRequiredService<SyncTimes>());
            services.AddSingleton<ErrorLog>();
            services.AddSingleton<ILoggerProvider>(sp => sp.GetRequiredService<ErrorLog>());
            services.AddSingleton<PoolWatch>();
        }, async (app, startSeconds) =>
        {
            var watch = Stopwatch.StartNew();
            var options = app.DatabaseOptions;
            var agency = await BenchNode.AgencyIdAsync(options, agencyCode);
            var caregivers = await BenchNode.AddCaregiversAsync(app.Services, options, agency, agencyCode, CodePrefix, count);
            var plan = await PlanVisitsAsync(options, agency, agencyCode, caregivers, app.Services.GetRequiredService<TimeProvider>());
            var phones = databasePath + ".phones.json";
            await File.WriteAllTextAsync(phones, JsonSerializer.Serialize(plan.Visits));
            BenchNode.Say("ready", ("url", app.Url.ToString()), ("start", BenchNode.F(startSeconds)), ("bench", BenchNode.F(watch.Elapsed.TotalSeconds)),
                ("visits", BenchNode.I(plan.Visits.Count)), ("clients", BenchNode.I(plan.Clients)), ("date", plan.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                ("planned", plan.Start.ToString("HH:mm", CultureInfo.InvariantCulture)), ("phones", phones),
                ("gc", System.Runtime.GCSettings.IsServerGC ? "server" : "workstation"));
            var visitIds = plan.Visits.Select(v => v.VisitId).ToList();
            var times = app.Services.GetRequiredService<SyncTimes>();
            var errors = app.Services.GetRequiredService<ErrorLog>();
            var pool = app.Services.GetRequiredService<PoolWatch>();
            return async command =>
            {
                if (command == "verify")
                {
                    BenchNode.Say("verified", [.. await VerifyAsync(options, agency, visitIds), .. times.Figures(), ("errorlogs", errors.Summary()),
                        ("poolthreads", BenchNode.I(pool.MaxThreads)), ("poolqueue", BenchNode.I(pool.MaxQueue))]);
                }
                else
                {
                    BenchNode.Say("error", ("unknown", command));
                }
            };
        });

    /// <summary>
    /// One planned visit today (agency time) for each bench caregiver, starting this minute, to the agency's clients in
    /// turn (id order) among those active today with a care plan in force that lists items; the plan's first item is the
    /// one her phone ticks. Written through <see cref="CareOpsDb"/> as the app's publish writes visit rows (the demo has
    /// no visits, and a roster for 1 000 caregivers is not what is measured here).
    /// </summary>
    private static async Task<(IReadOnlyList<BurstVisit> Visits, int Clients, DateOnly Date, TimeOnly Start)> PlanVisitsAsync(
        DbContextOptions<CareOpsDb> options, Guid agency, string agencyCode, IReadOnlyList<Guid> caregivers, TimeProvider clock)
    {
        await using var db = new CareOpsDb(options, new FixedTenant(agency));
        var now = TimeZoneInfo.ConvertTime(clock.GetUtcNow(), AgencyClock.Zone);
        var today = DateOnly.FromDateTime(now.DateTime);
        var start = new TimeOnly(now.Hour, now.Minute);
        var plans = await db.CarePlans.AsNoTracking()
            .Where(p => p.EffectiveFrom <= today && (p.EffectiveTo == null || p.EffectiveTo >= today))
            .Select(p => new { p.ClientId, p.MinutesPerVisit, Items = p.Items.OrderBy(i => i.Id).Select(i => i.ItemCode).ToList() })
            .ToListAsync();
        var planOf = plans.Where(p => p.Items.Count > 0).GroupBy(p => p.ClientId).ToDictionary(g => g.Key, g => g.First());
        var clients = (await db.Clients.AsNoTracking()
                .Where(RuleExpression.Into(Client.StatusOnExpression(today), (c, status) => status == ClientStatus.Active))
                .Select(c => new { c.Id, c.Latitude, c.Longitude })
                .ToListAsync())
            .Where(c => planOf.ContainsKey(c.Id)).OrderBy(c => c.Id).ToList();

        var visits = new List<BurstVisit>(caregivers.Count);
        for (var k = 0; k < caregivers.Count; k++)
        {
            var client = clients[k % clients.Count];
            var plan = planOf[client.Id];
            var visit = new Visit
            {
                AgencyId = agency,
                ClientId = client.Id,
                CaregiverId = caregivers[k],
                Date = today,
                PlannedStart = start,
                PlannedMinutes = plan.MinutesPerVisit,
            };
            db.Visits.Add(visit);
            visits.Add(new BurstVisit(BenchNode.EmailOf(agencyCode, CodePrefix, k + 1), visit.Id, client.Latitude, client.Longitude, plan.Items[0]));
        }

        await db.SaveChangesAsync();
        return (visits, Math.Min(clients.Count, caregivers.Count), today, start);
    }

    /// <summary>What the database holds for the bench's visits: their records, audit trail and sync receipts.</summary>
    private static async Task<(string, string)[]> VerifyAsync(DbContextOptions<CareOpsDb> options, Guid agency, IReadOnlyList<Guid> visitIds)
    {
        await using var db = new CareOpsDb(options, new FixedTenant(agency));
        var ids = visitIds.ToHashSet();
        var visits = (await db.Visits.AsNoTracking().ToListAsync()).Where(v => ids.Contains(v.Id)).ToList();
        var audit = (await db.VisitAudit.AsNoTracking().Select(a => new { a.VisitId, a.Action }).ToListAsync()).Where(a => ids.Contains(a.VisitId)).ToList();
        var receipts = (await db.SyncReceipts.AsNoTracking().Select(r => new { r.Key, r.VisitId, r.Kind, Refused = r.Refusal != null }).ToListAsync())
            .Where(r => ids.Contains(r.VisitId)).ToList();

        int Each(Func<Guid, int> count) => visitIds.Count(id => count(id) == 1);
        var auditOf = audit.ToLookup(a => (a.VisitId, a.Action));
        var receiptOf = receipts.Where(r => !r.Refused).ToLookup(r => (r.VisitId, r.Kind));
        var flags = visits.SelectMany(v => v.FlagReasons).GroupBy(f => f).OrderBy(g => g.Key).Select(g => $"{g.Key}:{g.Count()}");
        var checkedIn = visits.Where(v => v.CheckInAt is not null).ToList();
        var completed = visits.Where(v => v.Status == VisitStatus.Completed && v.CheckInAt is not null && v.CheckOutAt is not null).ToList();
        var durations = completed.Select(v => (v.CheckOutAt!.Value - v.CheckInAt!.Value).TotalSeconds).DefaultIfEmpty(double.NaN).ToList();
        var stamps = checkedIn.Select(v => v.CheckInAt!.Value).Concat(completed.Select(v => v.CheckOutAt!.Value)).ToList();
        return
        [
            ("visits", BenchNode.I(visits.Count)),
            ("completed", BenchNode.I(completed.Count)),
            ("items1", BenchNode.I(visits.Count(v => v.ItemsPerformed.Count == 1))),
            ("itemrows", string.Join(',', visits.GroupBy(v => v.ItemsPerformed.Count).OrderBy(g => g.Key).Select(g => $"{g.Key}:{g.Count()}"))),
            ("located", BenchNode.I(visits.Count(v => v.LocationVerified == true))),
            ("distancemax", BenchNode.F(checkedIn.Select(v => v.CheckInDistanceMeters ?? double.NaN).DefaultIfEmpty(double.NaN).Max())),
            ("devicetimes", BenchNode.I(visits.Count(v => v.CheckInDeviceAt is not null || v.CheckOutDeviceAt is not null))),
            ("checkins", BenchNode.I(audit.Count(a => a.Action == "CheckIn"))),
            ("checkouts", BenchNode.I(audit.Count(a => a.Action == "CheckOut"))),
            ("onecheckin", BenchNode.I(Each(id => auditOf[(id, "CheckIn")].Count()))),
            ("onecheckout", BenchNode.I(Each(id => auditOf[(id, "CheckOut")].Count()))),
            ("extra", BenchNode.I(auditOf.Sum(g => g.Count() - 1))),
            ("other", BenchNode.I(audit.Count(a => a.Action is not ("CheckIn" or "CheckOut")))),
            ("receipts", BenchNode.I(receipts.Count)),
            ("receiptkeys", BenchNode.I(receipts.Select(r => r.Key).Distinct().Count())),
            ("receiptsrefused", BenchNode.I(receipts.Count(r => r.Refused))),
            ("receiptpairs", BenchNode.I(visitIds.Count(id => receiptOf[(id, "checkIn")].Count() == 1 && receiptOf[(id, "checkOut")].Count() == 1))),
            ("verified", BenchNode.I(visits.Count(v => v.Verdict == VisitVerdict.Verified))),
            ("flagged", BenchNode.I(visits.Count(v => v.Verdict == VisitVerdict.Flagged))),
            ("flags", string.Join(',', flags)),
            ("durationmin", BenchNode.F(durations.Min())),
            ("durationmax", BenchNode.F(durations.Max())),
            ("serverspan", BenchNode.F(stamps.Count == 0 ? double.NaN : (stamps.Max() - stamps.Min()).TotalSeconds)),
        ];
    }

    /// <summary>
    /// The node's own time for each sync request, from the first middleware to the answer handed to Kestrel (what the
    /// phones measure, less the network, the waits before the pipeline and in sending, and their own process), by the
    /// kind the bench names in a header.
    /// </summary>
    private sealed class SyncTimes : IStartupFilter
    {
        private readonly ConcurrentDictionary<string, ConcurrentQueue<double>> ms = new(StringComparer.Ordinal);

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, following) =>
            {
                var start = Stopwatch.GetTimestamp();
                await following(context);
                if (context.Request.Path == "/api/my/sync")
                {
                    ms.GetOrAdd(context.Request.Headers[KindHeader].ToString(), _ => new()).Enqueue(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                }
            });
            next(app);
        };

        /// <summary>p50/p95/p99/max per kind, e.g. <c>server.checkIn=12/40/80/120</c>.</summary>
        public IEnumerable<(string, string)> Figures() => ms.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k =>
        {
            var p = Latency.Percentiles(k.Value);
            return ($"server.{(k.Key.Length == 0 ? "other" : k.Key)}", string.Create(CultureInfo.InvariantCulture, $"{k.Value.Count}:{p.P50:0}/{p.P95:0}/{p.P99:0}/{p.Max:0}"));
        });
    }

    /// <summary>Counts what the app logs at Error or above, by category (the log itself goes to the console as usual).</summary>
    private sealed class ErrorLog : ILoggerProvider
    {
        private readonly ConcurrentDictionary<string, int> counts = new(StringComparer.Ordinal);

        public ILogger CreateLogger(string categoryName) => new Counter(this, categoryName);

        public string Summary() => string.Join(',', counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}:{c.Value}"));

        public void Dispose()
        {
        }

        private sealed class Counter(ErrorLog log, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel))
                {
                    log.counts.AddOrUpdate(category, 1, (_, n) => n + 1);
                }
            }
        }
    }

    /// <summary>The node's thread pool, sampled every 50 ms from the moment the bench asks: most threads, longest queue of work items.</summary>
    private sealed class PoolWatch : IDisposable
    {
        private readonly Timer timer;
        private long maxQueue;
        private int maxThreads;

        public PoolWatch() => timer = new Timer(_ =>
        {
            maxQueue = Math.Max(maxQueue, ThreadPool.PendingWorkItemCount);
            maxThreads = Math.Max(maxThreads, ThreadPool.ThreadCount);
        }, null, TimeSpan.Zero, TimeSpan.FromMilliseconds(50));

        public long MaxQueue => Interlocked.Read(ref maxQueue);

        public int MaxThreads => Volatile.Read(ref maxThreads);

        public void Dispose() => timer.Dispose();
    }
}
