using System.Text.Json;
using CareOps.Data;
using CareOps.Data.Billing;
using CareOps.Data.Domain;
using CareOps.Scheduling.Travel;
using CareOps.Web.Features.Roster;
using CareOps.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CareOps.Web.Features.Visits;

/// <summary>What a caregiver did at a visit, as her phone captured it: one operation of the sync queue.</summary>
public sealed record CaptureOp
{
    /// <summary>The phone's id for the operation (its idempotency key): the server acts on a key once.</summary>
    public Guid Id { get; init; }

    public Guid VisitId { get; init; }

    /// <summary><see cref="CaptureOp.CheckIn"/>, <see cref="CaptureOp.Save"/> or <see cref="CaptureOp.CheckOut"/>.</summary>
    public string Kind { get; init; } = "";

    /// <summary>The phone's clock when she pressed the button.</summary>
    public DateTimeOffset CapturedAt { get; init; }

    public double? Latitude { get; init; }

    public double? Longitude { get; init; }

    /// <summary>The browser's accuracy of the position, in metres.</summary>
    public double? Accuracy { get; init; }

    /// <summary>At check-in: why outside the geofence or without a location. After check-out: why the record is changed.</summary>
    public string? Reason { get; init; }

    /// <summary>Catalogue codes of the items performed; null leaves them as they are.</summary>
    public IReadOnlyList<string>? Items { get; init; }

    /// <summary>Notes; null leaves them as they are.</summary>
    public string? Notes { get; init; }

    public const string CheckIn = "checkIn";

    public const string Save = "save";

    public const string CheckOut = "checkOut";
}

/// <summary>A phone's sync: its clock when it sent, and the queued operations in the order they were captured.</summary>
public sealed record SyncBatch
{
    public DateTimeOffset SentAt { get; init; }

    public IReadOnlyList<CaptureOp> Ops { get; init; } = [];
}

/// <summary>How the server took an operation.</summary>
public enum CaptureState
{
    Applied,

    /// <summary>The key was seen before: nothing was done again; the first answer is repeated.</summary>
    Duplicate,

    Refused,
}

/// <summary>The answer to one operation, with the visit as it now stands (null when the visit is not hers).</summary>
public sealed record CaptureOutcome(Guid Id, CaptureState State, Problems Problems, Visit? Visit);

/// <summary>
/// Check-in, saving items and notes, and check-out of a visit by its caregiver, online or synced later from her phone
/// (issue 10). Each operation is applied once: its key is stored with the change in the same transaction, so a retry,
/// a replay or a second node finds the key and changes nothing. Times are the server's when the phone sent at once,
/// and the phone's own when it captured offline (unless its clock is implausible; see <see cref="RecordedTime"/>).
/// Check-out judges the visit (<see cref="VisitVerification"/>); every change is audited with the record before and after.
/// </summary>
public sealed class CaptureVisit(IDbContextFactory<CareOpsDb> dbFactory, Caller caller, TimeProvider clock, ILogger<CaptureVisit> log)
{
    /// <summary>Most operations in one sync request.</summary>
    public const int MaxOps = 100;

    /// <summary>Longest reason and notes.</summary>
    public const int MaxReason = 500;

    public const int MaxNotes = 2000;

    /// <summary>An operation sent within this long of its capture counts as online: the server's clock times it.</summary>
    public static readonly TimeSpan OnlineWindow = TimeSpan.FromSeconds(60);

    /// <summary>Applies a phone's queue in order; one operation's refusal does not stop the next.</summary>
    public async Task<Outcome<IReadOnlyList<CaptureOutcome>>> SyncAsync(SyncBatch batch, CancellationToken ct = default)
    {
        var problems = await caller.RequireAsync(Policies.Caregiver);
        if (problems.IsEmpty && TenantClaims.CaregiverOf(caller.User) is null)
        {
            problems = Problems.Of("Error.NotAllowed");
        }

        if (problems.IsEmpty && batch.Ops.Count > MaxOps)
        {
            problems = Problems.Of("Visit.TooManyOps", MaxOps);
        }

        if (!problems.IsEmpty)
        {
            return Outcome.Refused<IReadOnlyList<CaptureOutcome>>(problems);
        }

        var received = clock.GetUtcNow();
        var outcomes = new List<CaptureOutcome>(batch.Ops.Count);
        foreach (var op in batch.Ops)
        {
            outcomes.Add(await ApplyAsync(op, batch.SentAt, received, ct));
        }

        return Outcome.Done<IReadOnlyList<CaptureOutcome>>(outcomes);
    }

    private async Task<CaptureOutcome> ApplyAsync(CaptureOp op, DateTimeOffset sentAt, DateTimeOffset received, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await ApplyOnceAsync(op, sentAt, received, ct);
            }
            catch (DbUpdateConcurrencyException) when (attempt < 3)
            {
                // The visit changed since it was read (the same check-in from a second device, a dispatcher's review):
                // judge the operation again against the visit as it now is.
                log.CaptureRetried(op.Id, op.VisitId);
            }
        }
    }

    private async Task<CaptureOutcome> ApplyOnceAsync(CaptureOp op, DateTimeOffset sentAt, DateTimeOffset received, CancellationToken ct)
    {
        var caregiverId = TenantClaims.CaregiverOf(caller.User)!.Value;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (op.Id == Guid.Empty || op.VisitId == Guid.Empty || op.Kind is not (CaptureOp.CheckIn or CaptureOp.Save or CaptureOp.CheckOut))
        {
            return new(op.Id, CaptureState.Refused, Problems.Of("Visit.BadOperation"), null);
        }

        var earlier = await ReceiptAsync(db, op.Id, ct);
        if (earlier is not null)
        {
            return await RepeatAsync(db, op, earlier, caregiverId, ct);
        }

        var visit = await db.Visits.Include(v => v.Client).Include(v => v.Caregiver!).ThenInclude(c => c.Certificates).AsSplitQuery()
            .SingleOrDefaultAsync(v => v.Id == op.VisitId, ct);
        if (visit is null || visit.CaregiverId != caregiverId)
        {
            // Another caregiver's visit, another agency's, or none: the same answer for all, and nothing stored.
            log.CaptureRefusedNotHers(op.VisitId, caregiverId);
            return new(op.Id, CaptureState.Refused, Problems.Of("Visit.NotYours"), null);
        }

        var agency = await db.Agencies.AsNoTracking().SingleAsync(a => a.Id == visit.AgencyId, ct);
        var at = RecordedTime(op.CapturedAt, sentAt, received);

        // The phone's own time is kept only when it timed the capture (queued offline); online, the server's time stands.
        DateTimeOffset? device = SentAtOnce(op.CapturedAt, sentAt) ? null : op.CapturedAt;
        var problems = await RecordAsync(db, visit, op, at, device, received, agency, RosterWeeks.NameOf(caller.User), new DatabaseCaptureFacts(db), ct);
        if (!problems.IsEmpty)
        {
            // A refusal changes nothing; it is kept under the key so that a replay gets the same answer.
            db.ChangeTracker.Clear();
        }

        db.SyncReceipts.Add(new SyncReceipt
        {
            Key = op.Id,
            AgencyId = visit.AgencyId,
            CaregiverId = caregiverId,
            VisitId = visit.Id,
            Kind = op.Kind,
            ReceivedAt = received,
            Refusal = problems.IsEmpty ? null : JsonSerializer.Serialize(problems.Select(p => new StoredProblem(p.Key, [.. p.Args.Select(a => Convert.ToString(a, System.Globalization.CultureInfo.InvariantCulture) ?? "")]))),
        });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e is not DbUpdateConcurrencyException)
        {
            // The same key arrived through another request at the same moment, and that one was stored first.
            await using var again = await dbFactory.CreateDbContextAsync(ct);
            if (await ReceiptAsync(again, op.Id, ct) is not { } first)
            {
                throw;
            }

            return await RepeatAsync(again, op, first, caregiverId, ct);
        }

        if (problems.IsEmpty)
        {
            log.VisitCaptured(op.Kind, visit.Id, visit.Status, visit.Verdict);
            return new(op.Id, CaptureState.Applied, [], visit);
        }

        return new(op.Id, CaptureState.Refused, problems, await FreshAsync(db, op.VisitId, ct));
    }

    /// <summary>
    /// The rules of one capture on a visit the context tracks (with its client, its caregiver's certificates and its
    /// items): checks it, applies it, judges a finished visit and adds the audit entry; nothing is saved. Refused, the
    /// visit may be half-changed: the caller must drop the context's changes. The phone's sync calls it once per
    /// operation (with its key, in its own transaction); the demo's history replays a week of visits through it.
    /// </summary>
    internal static async Task<Problems> RecordAsync(CareOpsDb db, Visit visit, CaptureOp op, DateTimeOffset at, DateTimeOffset? device,
        DateTimeOffset received, Agency agency, string actor, ICaptureFacts facts, CancellationToken ct)
    {
        var before = VisitRecordJson.Of(visit);
        var wasDone = visit.Status == VisitStatus.Completed;
        var problems = op.Kind switch
        {
            CaptureOp.CheckIn => CheckIn(visit, op, at, device, agency),
            CaptureOp.Save => Save(visit, op),
            _ => CheckOut(visit, op, at, device),
        };
        if (problems.IsEmpty && op.Items is { Count: > 0 } items)
        {
            var unknown = await facts.UnknownItemsAsync(visit, [.. items.Select(i => i.Trim()).Distinct(StringComparer.Ordinal)], ct);
            problems = unknown.Count == 0 ? [] : Problems.Of("Visit.UnknownItems", string.Join("、", unknown.Take(5)));
        }

        if (!problems.IsEmpty)
        {
            return problems;
        }

        // Items alone are rows of their own: the visit's version still moves, so a racing write of it fails.
        visit.Version++;
        ApplyItems(visit, op);
        if (visit.Status == VisitStatus.Completed)
        {
            await JudgeAsync(visit, agency, facts, ct);
        }

        db.VisitAudit.Add(new VisitAuditEntry
        {
            AgencyId = visit.AgencyId,
            VisitId = visit.Id,
            At = received,
            Actor = actor,
            Action = op.Kind switch { CaptureOp.CheckIn => "CheckIn", CaptureOp.CheckOut => "CheckOut", _ => wasDone ? "Edit" : "Save" },
            Reason = op.Kind == CaptureOp.CheckIn ? null : Trimmed(op.Reason),
            BeforeJson = before,
            AfterJson = VisitRecordJson.Of(visit),
        });
        return [];
    }

    /// <summary>
    /// The time to record for a capture: the server's receipt when the phone sent at once; the phone's capture time when
    /// it queued offline and its clock agrees with the server's (within <see cref="VisitVerification.ClockTolerance"/>);
    /// otherwise the server's receipt less the delay the phone measured, so that a wrong phone clock cannot move a visit
    /// (the difference to the phone's time then flags it).
    /// </summary>
    public static DateTimeOffset RecordedTime(DateTimeOffset captured, DateTimeOffset sentAt, DateTimeOffset received)
    {
        if (SentAtOnce(captured, sentAt))
        {
            return received;
        }

        var anchored = received - (sentAt - captured);
        return (captured - anchored).Duration() <= VisitVerification.ClockTolerance ? captured : anchored;
    }

    /// <summary>The phone sent the capture at once: the server's clock times it, and the phone's clock plays no part.</summary>
    public static bool SentAtOnce(DateTimeOffset captured, DateTimeOffset sentAt) => sentAt - captured <= OnlineWindow;

    private static Problems CheckIn(Visit visit, CaptureOp op, DateTimeOffset at, DateTimeOffset? device, Agency agency)
    {
        var problems = State(visit, expected: VisitStatus.Planned);
        if (!problems.IsEmpty)
        {
            return problems;
        }

        var day = DateOnly.FromDateTime(AgencyClock.Local(at).DateTime);
        if (day != visit.Date)
        {
            return Problems.Of("Visit.NotToday", visit.Date.ToString("MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        }

        problems = CheckPosition(op);
        if (!problems.IsEmpty)
        {
            return problems;
        }

        var reason = Trimmed(op.Reason);
        if (reason is { Length: > MaxReason })
        {
            return Problems.Of("Visit.ReasonTooLong", MaxReason);
        }

        double? distance = op.Latitude is { } lat && op.Longitude is { } lon && visit.Client is { } client
            ? Math.Round(Haversine.Km(lat, lon, client.Latitude, client.Longitude) * 1000, 1)
            : null;
        if (distance is null && reason is null)
        {
            return Problems.Of("Visit.ReasonNoLocation");
        }

        if (distance > agency.GeofenceMeters && reason is null)
        {
            return Problems.Of("Visit.ReasonOutside", (int)Math.Round(distance.Value), agency.GeofenceMeters);
        }

        visit.Status = VisitStatus.CheckedIn;
        visit.CheckInAt = at;
        visit.CheckInDeviceAt = device;
        visit.CheckInLatitude = op.Latitude;
        visit.CheckInLongitude = op.Longitude;
        visit.CheckInDistanceMeters = distance;
        visit.LocationVerified = distance <= agency.GeofenceMeters;
        visit.CheckInReason = reason;
        return [];
    }

    private static Problems Save(Visit visit, CaptureOp op)
    {
        if (visit.Status == VisitStatus.Planned)
        {
            return Problems.Of("Visit.NotCheckedIn");
        }

        if (visit.Status is VisitStatus.Cancelled or VisitStatus.Missed)
        {
            return Problems.Of("Visit.Cancelled");
        }

        var reason = Trimmed(op.Reason);
        if (visit.Status == VisitStatus.Completed && reason is null)
        {
            // Any change of a finished record is audited with its reason.
            return Problems.Of("Visit.EditReasonNeeded");
        }

        return reason is { Length: > MaxReason } ? Problems.Of("Visit.ReasonTooLong", MaxReason) : CheckNotes(op);
    }

    private static Problems CheckOut(Visit visit, CaptureOp op, DateTimeOffset at, DateTimeOffset? device)
    {
        if (visit.Status == VisitStatus.Planned)
        {
            return Problems.Of("Visit.NotCheckedIn");
        }

        var problems = State(visit, expected: VisitStatus.CheckedIn);
        if (!problems.IsEmpty)
        {
            return problems;
        }

        if (at <= visit.CheckInAt)
        {
            return Problems.Of("Visit.CheckOutBeforeCheckIn", Local(visit.CheckInAt!.Value));
        }

        problems = CheckPosition(op);
        if (!problems.IsEmpty)
        {
            return problems;
        }

        problems = CheckNotes(op);
        if (!problems.IsEmpty)
        {
            return problems;
        }

        visit.Status = VisitStatus.Completed;
        visit.CheckOutAt = at;
        visit.CheckOutDeviceAt = device;
        visit.CheckOutLatitude = op.Latitude;
        visit.CheckOutLongitude = op.Longitude;
        return [];
    }

    /// <summary>The visit must be in the expected state; otherwise the sentence for the state it is in.</summary>
    private static Problems State(Visit visit, VisitStatus expected) => visit.Status == expected
        ? []
        : visit.Status switch
        {
            VisitStatus.CheckedIn => Problems.Of("Visit.AlreadyCheckedIn", Local(visit.CheckInAt!.Value)),
            VisitStatus.Completed => Problems.Of("Visit.AlreadyCheckedOut", Local(visit.CheckOutAt!.Value)),
            VisitStatus.Cancelled or VisitStatus.Missed => Problems.Of("Visit.Cancelled"),
            _ => Problems.Of("Visit.NotCheckedIn"),
        };

    /// <summary>A position is both coordinates or neither, finite, on the map of China, with a sane accuracy.</summary>
    private static Problems CheckPosition(CaptureOp op)
    {
        if (op.Latitude is null && op.Longitude is null)
        {
            return [];
        }

        if (op.Latitude is not { } lat || op.Longitude is not { } lon || !double.IsFinite(lat) || !double.IsFinite(lon)
            || lat is < Checks.MinLatitude or > Checks.MaxLatitude || lon is < Checks.MinLongitude or > Checks.MaxLongitude
            || op.Accuracy is { } accuracy && (!double.IsFinite(accuracy) || accuracy < 0))
        {
            return Problems.Of("Visit.PositionAbsurd");
        }

        return [];
    }

    private static Problems CheckNotes(CaptureOp op) =>
        op.Notes is { Length: > MaxNotes } ? Problems.Of("Visit.NotesTooLong", MaxNotes) : [];

    private static void ApplyItems(Visit visit, CaptureOp op)
    {
        if (op.Items is { } items && op.Kind != CaptureOp.CheckIn)
        {
            var codes = items.Select(i => i.Trim()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            visit.ItemsPerformed.RemoveAll(i => !codes.Contains(i.ItemCode));
            foreach (var code in codes.Where(c => visit.ItemsPerformed.All(i => i.ItemCode != c)))
            {
                visit.ItemsPerformed.Add(new PerformedItem { ItemCode = code });
            }
        }

        if (op.Notes is { } notes && op.Kind != CaptureOp.CheckIn)
        {
            visit.Notes = notes.Trim() is { Length: > 0 } text ? text : null;
        }
    }

    /// <summary>
    /// Judges a finished visit by the rules, with the policy's minimum for its date and the agency's limits. The visit
    /// needs its caregiver's certificates and its items loaded.
    /// </summary>
    internal static async Task JudgeAsync(Visit visit, Agency agency, ICaptureFacts facts, CancellationToken ct)
    {
        var planned = AgencyClock.At(visit.Date, visit.PlannedStart);
        var flags = VisitVerification.Judge(new VisitFacts(
            planned,
            visit.CheckInAt!.Value,
            visit.CheckOutAt!.Value,
            visit.CheckInDeviceAt,
            visit.CheckOutDeviceAt,
            visit.CheckInDistanceMeters,
            agency.GeofenceMeters,
            visit.Caregiver?.IsCertifiedOn(visit.Date) == true,
            visit.ItemsPerformed.Count,
            await facts.MinMinutesAsync(agency, visit.Date, ct),
            agency.StartToleranceMinutes));
        (visit.Verdict, visit.FlagCodes) = VisitVerification.Verdict(flags);
    }

    private async Task<CaptureOutcome> RepeatAsync(CareOpsDb db, CaptureOp op, SyncReceipt earlier, Guid caregiverId, CancellationToken ct)
    {
        if (earlier.CaregiverId != caregiverId || earlier.VisitId != op.VisitId)
        {
            // A key of someone else's operation, or reused for another visit: never an answer about their visit.
            return new(op.Id, CaptureState.Refused, Problems.Of("Visit.BadOperation"), null);
        }

        var problems = earlier.Refusal is null
            ? []
            : new Problems(JsonSerializer.Deserialize<List<StoredProblem>>(earlier.Refusal)!.Select(p => Problem.Of(p.Key, [.. p.Args])));
        log.CaptureReplayed(op.Id, op.VisitId);
        return new(op.Id, CaptureState.Duplicate, problems, await FreshAsync(db, op.VisitId, ct));
    }

    private static Task<SyncReceipt?> ReceiptAsync(CareOpsDb db, Guid key, CancellationToken ct) =>
        db.SyncReceipts.IgnoreQueryFilters([CareOpsDb.TenantFilter]).AsNoTracking().SingleOrDefaultAsync(r => r.Key == key, ct);

    private static Task<Visit?> FreshAsync(CareOpsDb db, Guid visitId, CancellationToken ct) =>
        db.Visits.AsNoTracking().SingleOrDefaultAsync(v => v.Id == visitId, ct);

    private static string? Trimmed(string? text) => text?.Trim() is { Length: > 0 } t ? t : null;

    private static string Local(DateTimeOffset at) =>
        AgencyClock.Local(at).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    private sealed record StoredProblem(string Key, string[] Args);
}

/// <summary>The audited part of a visit's record, as JSON for the audit trail's before and after.</summary>
public static class VisitRecordJson
{
    public static string Of(Visit v) => JsonSerializer.Serialize(new
    {
        Status = v.Status.ToString(),
        v.CheckInAt,
        v.CheckInDeviceAt,
        v.CheckInLatitude,
        v.CheckInLongitude,
        v.CheckInDistanceMeters,
        v.CheckInReason,
        v.CheckOutAt,
        v.CheckOutDeviceAt,
        Items = v.ItemsPerformed.Select(i => i.ItemCode).Order(StringComparer.Ordinal).ToArray(),
        v.Notes,
        Verdict = v.Verdict?.ToString(),
        Flags = v.FlagCodes,
        Review = v.Review?.ToString(),
        v.ReviewReason,
    });
}

/// <summary>
/// What judging a capture needs beyond the visit: whether item codes are the client's catalogue's, and the policy's
/// minimum length of a visit on a date. The phone's sync asks the database every time; a replay of many visits caches.
/// </summary>
public interface ICaptureFacts
{
    /// <summary>The codes that are not items of the visit's client's catalogue (any catalogue's when she has no plan).</summary>
    Task<IReadOnlyList<string>> UnknownItemsAsync(Visit visit, IReadOnlyList<string> codes, CancellationToken ct);

    /// <summary>The shortest visit the policy in force on the day pays (60 minutes when no policy is found).</summary>
    Task<int> MinMinutesAsync(Agency agency, DateOnly day, CancellationToken ct);
}

/// <summary>The facts from the database, asked afresh each time.</summary>
public sealed class DatabaseCaptureFacts(CareOpsDb db) : ICaptureFacts
{
    public async Task<IReadOnlyList<string>> UnknownItemsAsync(Visit visit, IReadOnlyList<string> codes, CancellationToken ct)
    {
        var catalogue = await db.CarePlans.AsNoTracking()
            .Where(p => p.ClientId == visit.ClientId && p.EffectiveFrom <= visit.Date && (p.EffectiveTo == null || p.EffectiveTo >= visit.Date))
            .Select(p => (int?)p.CareCatalogueId).FirstOrDefaultAsync(ct);
        var known = await db.CatalogueItems.AsNoTracking()
            .Where(i => codes.Contains(i.Code) && (catalogue == null || i.CareCatalogueId == catalogue))
            .Select(i => i.Code).Distinct().ToListAsync(ct);
        return [.. codes.Except(known, StringComparer.Ordinal)];
    }

    public async Task<int> MinMinutesAsync(Agency agency, DateOnly day, CancellationToken ct) =>
        (await PolicyStore.InForceAsync(db, agency.CityPolicy, day, ct))?.Visits.MinMinutes ?? 60;
}
