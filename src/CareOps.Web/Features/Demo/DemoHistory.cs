using System.Diagnostics;
using System.Security.Claims;
using CareOps.Data;
using CareOps.Data.Domain;
using CareOps.Data.Tenancy;
using CareOps.Web.Features.Roster;
using CareOps.Web.Features.Visits;
using CareOps.Web.Infrastructure;
using Hangfire;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;

namespace CareOps.Web.Features.Demo;

/// <summary>What history to make.</summary>
public sealed record HistoryOptions
{
    /// <summary>First day of history; default the first day of the previous month (agency time).</summary>
    public DateOnly? From { get; init; }

    /// <summary>Agency codes; default every active agency.</summary>
    public IReadOnlyList<string>? Agencies { get; init; }

    /// <summary>The optimizer's work budget per agency and week (its deterministic limit; see <c>RosterSolverOptions</c>).</summary>
    public long WorkPerWeek { get; init; } = 5_000;

    /// <summary>Agencies made side by side (default every core).</summary>
    public int Parallel { get; init; } = Environment.ProcessorCount;

    public int Seed { get; init; } = 1;

    /// <summary>Share of visits flagged by each of the three scenarios (late, outside the geofence, too short).</summary>
    public double FlagShareEach { get; init; } = 0.01;
}

/// <summary>
/// The demo's past (issue 11): the previous month and this month to yesterday, made the way the agency would have made
/// it. Week by week and agency by agency, our optimizer plans the week (<see cref="RosterRunner"/>), the plan is
/// published through the board's own code (<see cref="PublishWeek"/>), and each visit of a past day is checked in and
/// out through the phone's rules (<see cref="CaptureVisit.RecordAsync"/>, judged by <see cref="VisitVerification"/>)
/// at the time it happened. About 3 % go wrong the way visits do — a late start, a check-in away from home with a
/// reason, a visit cut short — and the archipelago has its stories: one caregiver of the first agency whose certificate
/// lapsed for a week (her visits are flagged Uncertified), and in every agency one client taken to hospital and one who
/// died mid-month (their visits from that day are missed or cancelled; later weeks are planned without them).
/// </summary>
/// <remarks>
/// Safe to run again at any point (the job is at-least-once): a week already published is not planned again, a week's
/// replay and its stories are one transaction and only visits still planned are replayed, a story is told only to a
/// record that has not had it. Today's and later visits stay planned: the caregivers check those in on their phones.
/// </remarks>
public sealed class DemoHistory(DatabaseInfo database, TimeProvider clock, IAuthorizationService authorization, IRosterEvents events,
    DemoHistoryProgress progress, ILoggerFactory logs)
{
    /// <summary>The name history's runs, publishes and reviews carry in the audit.</summary>
    public const string SystemName = "系统·演示历史";

    public async Task RunAsync(HistoryOptions options, CancellationToken ct = default)
    {
        var log = logs.CreateLogger<DemoHistory>();
        var today = AgencyClock.Today(clock);
        var from = options.From ?? new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
        List<Agency> agencies;
        await using (var any = new CareOpsDb(database.ContextOptions(), FixedTenant.None))
        {
            agencies = await any.Agencies.AsNoTracking().Where(a => a.IsActive).OrderBy(a => a.Code).ToListAsync(ct);
        }

        if (options.Agencies is { } codes)
        {
            agencies = [.. agencies.Where(a => codes.Contains(a.Code, StringComparer.OrdinalIgnoreCase))];
        }

        var weeks = new List<DateOnly>();
        for (var monday = RosterWeeks.MondayOf(from); monday <= today; monday = monday.AddDays(7))
        {
            weeks.Add(monday);
        }

        progress.Start(weeks.Count * agencies.Count, from, today);
        try
        {
            // Agencies side by side (each is one region: the solver would use one thread for it), weeks in order.
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Parallel), CancellationToken = ct };
            await Parallel.ForEachAsync(agencies.Select((agency, index) => (agency, index)), parallel, async (entry, token) =>
            {
                foreach (var (monday, w) in weeks.Select((m, i) => (m, i)))
                {
                    progress.At(entry.agency.Code, monday);
                    var plan = new HistoryPlan(options, from, monday, w, entry.index);
                    var started = Stopwatch.GetTimestamp();
                    await PlanAndPublishAsync(entry.agency, monday, options, token);
                    var planned = Stopwatch.GetElapsedTime(started);
                    var replayed = await ReplayAsync(entry.agency, monday, today, plan, token);
                    await ReviewAsync(entry.agency, monday, today, token);
                    log.DemoHistoryWeek(entry.agency.Code, monday, replayed, (long)planned.TotalMilliseconds, (long)(Stopwatch.GetElapsedTime(started) - planned).TotalMilliseconds);
                    progress.Step();
                }
            });

            progress.Finish();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            progress.Fail();
            throw;
        }
    }

    /// <summary>Plans the week with the optimizer and publishes it, unless it was published already.</summary>
    private async Task PlanAndPublishAsync(Agency agency, DateOnly monday, HistoryOptions options, CancellationToken ct)
    {
        var factory = new AgencyDbFactory(database, agency.Id);
        await using (var db = factory.CreateDbContext())
        {
            var week = await db.RosterWeeks.SingleOrDefaultAsync(w => w.WeekStart == monday, ct);
            if (week is { PublishedNumber: > 0 })
            {
                return;
            }

            // A run left behind by a process that died is ended; its week gets a new one.
            if (week?.ActiveRunId is { } stale)
            {
                await RosterRunSweeper.EndRunAsync(db, stale, RosterRunState.Interrupted, "Roster.RunInterrupted", clock.GetUtcNow());
                db.ChangeTracker.Clear();
                week = await db.RosterWeeks.SingleAsync(w => w.WeekStart == monday, ct);
                week.ActiveRunId = null;
            }

            if (week?.DraftJson is null)
            {
                if (week is null)
                {
                    week = new RosterWeek { WeekStart = monday };
                    db.RosterWeeks.Add(week);
                }

                var run = RosterWeeks.AddRun(db, week, new RunSettings { TimeLimitSeconds = RunSettings.MaxSeconds, Seed = options.Seed, WorkLimit = options.WorkPerWeek }, SystemName, clock.GetUtcNow());
                await db.SaveChangesAsync(ct);

                await new RosterRunner(database, clock, events, logs.CreateLogger<RosterRunner>()) { Threads = 1 }.RunAsync(run.Id, ct);
            }
            else
            {
                await db.SaveChangesAsync(ct);
            }
        }

        int version;
        await using (var db = factory.CreateDbContext())
        {
            version = await db.RosterWeeks.Where(w => w.WeekStart == monday).Select(w => w.Version).SingleAsync(ct);
        }

        var publish = new PublishWeek(factory, Caller.Of(System(agency.Id), authorization), clock, events, logs.CreateLogger<PublishWeek>());
        var published = await publish.ExecuteAsync(monday, version, ct);
        if (!published.Succeeded)
        {
            throw new InvalidOperationException($"History of {agency.Code}, week of {monday:yyyy-MM-dd}: publish refused ({string.Join(", ", published.Problems.Select(p => p.Key))}).");
        }
    }

    /// <summary>Checks in and out every visit of the week before today that is still planned; tells the week's stories. One transaction.</summary>
    private async Task<int> ReplayAsync(Agency agency, DateOnly monday, DateOnly today, HistoryPlan plan, CancellationToken ct)
    {
        var sunday = monday.AddDays(6);
        var last = sunday < today ? sunday : today.AddDays(-1);
        if (last < monday)
        {
            return 0;
        }

        await using var db = new CareOpsDb(database.ContextOptions(), new FixedTenant(agency.Id));
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var visits = await db.Visits
            .Include(v => v.Client!).ThenInclude(c => c.StatusPeriods)
            .Include(v => v.Caregiver!).ThenInclude(c => c.Certificates)
            .AsSplitQuery()
            .Where(v => v.Date >= monday && v.Date <= last && v.Status == VisitStatus.Planned)
            .OrderBy(v => v.Date).ThenBy(v => v.PlannedStart).ThenBy(v => v.Id)
            .ToListAsync(ct);
        if (visits.Count == 0)
        {
            return 0;
        }

        var clientIds = visits.Select(v => v.ClientId).Distinct().ToList();
        var plans = await db.CarePlans.AsNoTracking().Where(p => clientIds.Contains(p.ClientId)).ToListAsync(ct);
        var facts = await ReplayFacts.LoadAsync(db, plans, ct);
        Stories.Tell(plan, visits); // before the replay: a lapsed certificate or a stay in hospital changes how visits go
        var replayed = 0;
        foreach (var visit in visits)
        {
            if (visit.Client!.StatusOn(visit.Date) is not ClientStatus.Active)
            {
                // In hospital or dead: nobody opened the door.
                visit.Status = visit.Client.StatusOn(visit.Date) == ClientStatus.Deceased ? VisitStatus.Cancelled : VisitStatus.Missed;
                continue;
            }

            var items = plans.Where(p => p.ClientId == visit.ClientId && p.CoversDate(visit.Date)).SelectMany(p => p.Items).Select(i => i.ItemCode).Distinct().ToList();
            foreach (var (op, at) in Scenario.For(visit, items, plan, plan.RandomFor(visit)))
            {
                var problems = await CaptureVisit.RecordAsync(db, visit, op, at, device: null, received: at, agency, visit.Caregiver!.Name, facts, ct);
                if (!problems.IsEmpty)
                {
                    throw new InvalidOperationException($"History of {agency.Code}: visit {visit.Id} {visit.Date:yyyy-MM-dd} refused ({string.Join(", ", problems.Select(p => p.Key))}).");
                }
            }

            replayed++;
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return replayed;
    }

    /// <summary>
    /// The dispatcher's reviews of the previous month's flagged visits, through the review queue's code, the morning
    /// after each visit: late starts and check-ins away from home (with the caregiver's reason) accepted after a call,
    /// visits cut short and visits by an uncertified caregiver rejected. The last days of that month and this month
    /// stay in the queue (month close's readiness shows them). Only visits not yet decided are reviewed.
    /// </summary>
    private async Task ReviewAsync(Agency agency, DateOnly monday, DateOnly today, CancellationToken ct)
    {
        var thisMonth = new DateOnly(today.Year, today.Month, 1);
        var until = thisMonth.AddDays(-6);
        var last = monday.AddDays(6) < until ? monday.AddDays(6) : until;
        List<(Guid Id, DateOnly Date, string Flags)> flagged;
        await using (var db = new CareOpsDb(database.ContextOptions(), new FixedTenant(agency.Id)))
        {
            flagged = (await db.Visits.AsNoTracking()
                .Where(v => v.Date >= monday && v.Date <= last && v.Verdict == VisitVerdict.Flagged && v.Review == null)
                .Select(v => new { v.Id, v.Date, v.FlagCodes }).ToListAsync(ct))
                .Select(v => (v.Id, v.Date, v.FlagCodes)).ToList();
        }

        foreach (var (id, date, codes) in flagged)
        {
            var flags = Visit.ParseFlags(codes);
            var (decision, reason) = flags.Contains(FlagReason.Uncertified) ? (VisitReview.Rejected, "护理员证书过期期间的服务，不予结算")
                : flags.Contains(FlagReason.TooShort) ? (VisitReview.Rejected, "服务时长不足，不予结算")
                : (VisitReview.Accepted, "已电话回访家属，确认按时上门服务");
            var morning = new FixedClock(AgencyClock.At(date.AddDays(1), new TimeOnly(9, 30)));
            var review = new ReviewVisit(new AgencyDbFactory(database, agency.Id), Caller.Of(System(agency.Id), authorization), morning, logs.CreateLogger<ReviewVisit>());
            var problems = await review.ExecuteAsync(id, decision, reason, ct);
            if (!problems.IsEmpty)
            {
                throw new InvalidOperationException($"History of {agency.Code}: review of visit {id} refused ({string.Join(", ", problems.Select(p => p.Key))}).");
            }
        }
    }

    /// <summary>A clock stopped at one moment (a review dated the morning after its visit).</summary>
    private sealed class FixedClock(DateTimeOffset at) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => at.ToUniversalTime();
    }

    private static ClaimsPrincipal System(Guid agencyId) => RosterWeeks.SystemUser(agencyId, SystemName);
}

/// <summary>Where one agency-week stands in the history: its index and a random source that is the same on every run.</summary>
internal sealed record HistoryPlan(HistoryOptions Options, DateOnly From, DateOnly Monday, int WeekIndex, int AgencyIndex)
{
    public Random Random() => new(unchecked((Options.Seed * 7919) + (Monday.DayNumber * 31) + AgencyIndex));

    /// <summary>A visit's own draws, from what it is (client, day, hour) rather than its place in a list: the same visit goes the same way on every run.</summary>
    public Random RandomFor(Visit visit)
    {
        var key = $"{Options.Seed}|{visit.Client?.ResidentId}|{visit.Date.DayNumber}|{visit.PlannedStart.Ticks}";
        return new Random(BitConverter.ToInt32(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key))));
    }

    /// <summary>The first week whose Monday is at least a week after the history's start: the stories happen then.</summary>
    public bool IsStoryWeek(int offset) => Monday == RosterWeeks.MondayOf(From).AddDays(7 * (1 + offset));
}

/// <summary>How one visit went: the operations her phone would have sent, at the times they happened.</summary>
internal static class Scenario
{
    public static IEnumerable<(CaptureOp Op, DateTimeOffset At)> For(Visit visit, IReadOnlyList<string> planItems, HistoryPlan plan, Random random)
    {
        var share = plan.Options.FlagShareEach;
        var roll = random.NextDouble();
        var planned = AgencyClock.At(visit.Date, visit.PlannedStart);
        var (lateBy, minutes, away) = roll switch
        {
            _ when roll < share => (random.Next(35, 61), visit.PlannedMinutes + random.Next(0, 8), 0.0),
            _ when roll < 2 * share => (random.Next(-5, 10), visit.PlannedMinutes + random.Next(0, 8), random.Next(260, 900)),
            _ when roll < 3 * share => (random.Next(-5, 10), Math.Max(10, (visit.PlannedMinutes / 2) - random.Next(0, 10)), 0.0),
            _ => (random.Next(-8, 13), visit.PlannedMinutes + random.Next(0, 11), random.Next(3, 80)),
        };
        var home = (visit.Client!.Latitude, visit.Client.Longitude);
        var bearing = random.NextDouble() * 2 * Math.PI;
        var lat = home.Latitude + (away * Math.Cos(bearing) / 111_195.0);
        var lon = home.Longitude + (away * Math.Sin(bearing) / (111_195.0 * Math.Cos(home.Latitude * Math.PI / 180)));
        var checkIn = planned.AddMinutes(lateBy).AddSeconds(random.Next(0, 60));
        var checkOut = checkIn.AddMinutes(minutes).AddSeconds(random.Next(0, 60));
        var done = planItems.Count == 0 ? [] : planItems.Where(_ => random.NextDouble() < 0.85).DefaultIfEmpty(planItems[0]).ToList();
        yield return (new CaptureOp
        {
            Id = Guid.NewGuid(),
            VisitId = visit.Id,
            Kind = CaptureOp.CheckIn,
            CapturedAt = checkIn,
            Latitude = lat,
            Longitude = lon,
            Accuracy = random.Next(5, 40),
            Reason = away > 200 ? Reasons[random.Next(Reasons.Length)] : null,
        }, checkIn);
        yield return (new CaptureOp
        {
            Id = Guid.NewGuid(),
            VisitId = visit.Id,
            Kind = CaptureOp.CheckOut,
            CapturedAt = checkOut,
            Latitude = home.Latitude,
            Longitude = home.Longitude,
            Items = done,
            Notes = random.NextDouble() < 0.2 ? Notes[random.Next(Notes.Length)] : null,
        }, checkOut);
    }

    private static readonly string[] Reasons = ["参保人在女儿家", "参保人在社区卫生服务站输液", "定位漂移，已在参保人家中", "参保人在邻居家串门"];

    private static readonly string[] Notes = ["血压 132/85，精神好", "家属反映夜间睡眠差", "皮肤无压红", "已提醒按时服药", "参保人情绪低落，已联系家属"];
}

/// <summary>The archipelago's stories of a week: certificates and client statuses changed, to be saved with the replay.</summary>
internal static class Stories
{
    /// <summary>Days the lapsed certificate stays lapsed.</summary>
    public const int LapseDays = 7;

    /// <summary>Changes the week's tracked caregivers and clients; returns how many stories were told.</summary>
    public static int Tell(HistoryPlan plan, IReadOnlyList<Visit> visits)
    {
        var told = 0;

        // The first agency's busiest caregiver of the first story week: her certificate ran out and was renewed a week late.
        if (plan.AgencyIndex == 0 && plan.IsStoryWeek(0))
        {
            var caregiver = visits.Where(v => v.Caregiver is not null).GroupBy(v => v.Caregiver!)
                .OrderByDescending(g => g.Count()).ThenBy(g => g.Key.Code, StringComparer.Ordinal).Select(g => g.Key).FirstOrDefault();
            var (from, to) = (plan.Monday, plan.Monday.AddDays(LapseDays - 1));
            if (caregiver?.Certificates.SingleOrDefault(c => c.ValidFrom < from && c.ValidUntil > to) is { } period
                && caregiver.Certificates.Count == 1)
            {
                caregiver.Certificates.Add(new CertificatePeriod { Kind = period.Kind, Number = period.Number, ValidFrom = to.AddDays(1), ValidUntil = period.ValidUntil });
                period.ValidUntil = from.AddDays(-1);
                told++;
            }
        }

        // Mid-month, in every agency: one client to hospital on Wednesday for nine days, and one who died on Thursday.
        if (plan.IsStoryWeek(0) || plan.IsStoryWeek(1))
        {
            var candidates = visits.Select(v => v.Client!).DistinctBy(c => c.Id)
                .Where(c => c.StatusPeriods.Count == 1 && c.StatusPeriods[0] is { Status: ClientStatus.Active, To: null })
                .OrderBy(c => c.Id).ToList();
            if (candidates.Count > 0)
            {
                var client = candidates[plan.Random().Next(candidates.Count)];
                var active = client.StatusPeriods[0];
                if (plan.IsStoryWeek(0))
                {
                    var admitted = plan.Monday.AddDays(2);
                    active.To = admitted.AddDays(-1);
                    client.StatusPeriods.Add(new StatusPeriod { Status = ClientStatus.InHospital, From = admitted, To = admitted.AddDays(8), Note = "脑梗住院" });
                    client.StatusPeriods.Add(new StatusPeriod { Status = ClientStatus.Active, From = admitted.AddDays(9) });
                }
                else
                {
                    var died = plan.Monday.AddDays(3);
                    active.To = died.AddDays(-1);
                    client.StatusPeriods.Add(new StatusPeriod { Status = ClientStatus.Deceased, From = died, Note = "病故" });
                }

                told++;
            }
        }

        return told;
    }
}

/// <summary>The capture facts for a replay: the catalogues' codes and the policy's minimum, read once.</summary>
internal sealed class ReplayFacts : ICaptureFacts
{
    private readonly Dictionary<int, HashSet<string>> codesByCatalogue;
    private readonly Dictionary<Guid, int> catalogueOfClient;
    private readonly DatabaseCaptureFacts database;
    private readonly Dictionary<DateOnly, int> minimum = [];

    private ReplayFacts(Dictionary<int, HashSet<string>> codes, Dictionary<Guid, int> catalogues, DatabaseCaptureFacts database) =>
        (codesByCatalogue, catalogueOfClient, this.database) = (codes, catalogues, database);

    public static async Task<ReplayFacts> LoadAsync(CareOpsDb db, IReadOnlyList<CarePlan> plans, CancellationToken ct)
    {
        var ids = plans.Select(p => p.CareCatalogueId).Distinct().ToList();
        var items = await db.CatalogueItems.AsNoTracking().Where(i => ids.Contains(i.CareCatalogueId)).Select(i => new { i.CareCatalogueId, i.Code }).ToListAsync(ct);
        var codes = items.GroupBy(i => i.CareCatalogueId).ToDictionary(g => g.Key, g => g.Select(i => i.Code).ToHashSet(StringComparer.Ordinal));
        var catalogues = plans.GroupBy(p => p.ClientId).ToDictionary(g => g.Key, g => g.First().CareCatalogueId);
        return new ReplayFacts(codes, catalogues, new DatabaseCaptureFacts(db));
    }

    public Task<IReadOnlyList<string>> UnknownItemsAsync(Visit visit, IReadOnlyList<string> codes, CancellationToken ct) =>
        catalogueOfClient.TryGetValue(visit.ClientId, out var catalogue) && codesByCatalogue.TryGetValue(catalogue, out var known)
            ? Task.FromResult<IReadOnlyList<string>>([.. codes.Where(c => !known.Contains(c))])
            : database.UnknownItemsAsync(visit, codes, ct);

    public async Task<int> MinMinutesAsync(Agency agency, DateOnly day, CancellationToken ct)
    {
        var month = new DateOnly(day.Year, day.Month, 1);
        if (!minimum.TryGetValue(month, out var minutes))
        {
            minutes = minimum[month] = await database.MinMinutesAsync(agency, day, ct);
        }

        return minutes;
    }
}

/// <summary>Where the history stands, for the home page (this node's job; a page on another node sees none).</summary>
public sealed class DemoHistoryProgress
{
    private readonly Lock gate = new();

    public int Done { get; private set; }

    public int Total { get; private set; }

    public string? Agency { get; private set; }

    public DateOnly? Week { get; private set; }

    public DateOnly From { get; private set; }

    public DateOnly Until { get; private set; }

    public bool Running { get; private set; }

    public bool Failed { get; private set; }

    public bool Finished { get; private set; }

    public int Percent => Total == 0 ? 0 : (int)Math.Floor(100.0 * Done / Total);

    public void Start(int total, DateOnly from, DateOnly until)
    {
        lock (gate)
        {
            (Done, Total, From, Until, Running, Failed, Finished) = (0, total, from, until, true, false, false);
        }
    }

    public void At(string agency, DateOnly week)
    {
        lock (gate)
        {
            (Agency, Week) = (agency, week);
        }
    }

    public void Step()
    {
        lock (gate)
        {
            Done++;
        }
    }

    public void Finish()
    {
        lock (gate)
        {
            (Running, Finished) = (false, true);
        }
    }

    public void Fail()
    {
        lock (gate)
        {
            (Running, Failed) = (false, true);
        }
    }
}

/// <summary>The Hangfire job: one history at a time across nodes, retried (each step is safe to run again).</summary>
public sealed class DemoHistoryJob(DemoHistory history, IConfiguration configuration)
{
    [Queue(Jobs.RosterQueue)]
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    [AutomaticRetry(Attempts = 3)]
    public Task RunAsync(CancellationToken cancellationToken) => history.RunAsync(
        new HistoryOptions
        {
            WorkPerWeek = configuration.GetValue("Demo:HistoryWork", new HistoryOptions().WorkPerWeek),
            // Optional narrowing (the browser journey of month close makes R1's past only): "R1,R2".
            Agencies = configuration["Demo:HistoryAgencies"] is { Length: > 0 } codes ? codes.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : null,
        },
        cancellationToken);
}
