using CareOps.Data;
using CareOps.Data.Domain;
using CareOps.Data.Rostering;
using CareOps.Scheduling.Roster;
using Microsoft.EntityFrameworkCore;

namespace CareOps.Web.Features.Roster;

/// <summary>A caregiver as the board shows her.</summary>
public sealed record BoardCaregiver(string Id, string Code, string Name, string Place, Skill Skill, TimeOnly ShiftStart, TimeOnly ShiftEnd);

/// <summary>A client as the board shows her.</summary>
public sealed record BoardClient(string Id, string Name, string Place);

/// <summary>A run as the board shows it.</summary>
public sealed record BoardRun(Guid Id, RosterRunState State, string RequestedBy, DateTimeOffset RequestedAt, string? Phase, RosterKpis Kpis,
    int TimeLimitSeconds, DateTimeOffset? StartedAt, DateTimeOffset? HeartbeatAt, string? Series, string? ProblemKey);

/// <summary>Everything the board of one week shows.</summary>
public sealed record RosterBoardData(
    DateOnly WeekStart,
    int Version,
    int PublishedNumber,
    Scheduling.Roster.Roster? Draft,
    RosterKpis? DraftKpis,
    RosterKpis? PublishedKpis,
    DateTimeOffset? DraftUpdatedAt,
    string? DraftUpdatedBy,
    BoardRun? ActiveRun,
    BoardRun? LastRun,
    IReadOnlyDictionary<string, BoardCaregiver> Caregivers,
    IReadOnlyDictionary<string, BoardClient> Clients,
    IReadOnlyList<RosterAuditEntry> Audit,
    IReadOnlySet<(string ClientId, DateOnly Date)> Pins,
    bool CanUndo,
    IReadOnlyList<DispatchNotice> Notices);

/// <summary>The roster board's reads.</summary>
public sealed class RosterBoardQuery(IDbContextFactory<CareOpsDb> dbFactory)
{
    public async Task<RosterBoardData> WeekAsync(DateOnly weekStart, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var week = await db.RosterWeeks.AsNoTracking().SingleOrDefaultAsync(w => w.WeekStart == weekStart, ct);
        var runs = await db.RosterRuns.AsNoTracking().Where(r => r.WeekStart == weekStart).ToListAsync(ct);
        var ordered = runs.OrderByDescending(r => r.RequestedAt).ToList(); // SQLite cannot order DateTimeOffset in SQL
        var active = ordered.FirstOrDefault(r => r.Id == week?.ActiveRunId && r.IsActive);
        var published = week is { PublishedNumber: > 0 }
            ? await db.RosterVersions.AsNoTracking().Where(v => v.WeekStart == weekStart && v.Number == week.PublishedNumber).Select(v => v.Kpis).SingleOrDefaultAsync(ct)
            : null;
        var caregivers = await db.Caregivers.AsNoTracking()
            .Select(c => new { c.Id, c.Code, c.Name, Place = c.HomePlace!.Name, c.Skill, c.ShiftStart, c.ShiftEnd }).ToListAsync(ct);
        var clients = await db.Clients.AsNoTracking().Select(c => new { c.Id, c.Name, Place = c.Place!.Name }).ToListAsync(ct);
        var audit = await db.RosterAudit.AsNoTracking().Where(a => a.WeekStart == weekStart)
            .Select(a => new RosterAuditEntry { Id = a.Id, AgencyId = a.AgencyId, WeekStart = a.WeekStart, At = a.At, By = a.By, Action = a.Action, Detail = a.Detail, Reason = a.Reason, VersionAfter = a.VersionAfter })
            .ToListAsync(ct);
        var latest = await db.DispatchNotices.AsNoTracking().MaxAsync(n => (DateOnly?)n.Day, ct);
        var notices = latest is null ? [] : await db.DispatchNotices.AsNoTracking().Where(n => n.Day == latest).OrderBy(n => n.DueOn).ThenBy(n => n.SubjectName).ToListAsync(ct);
        return new RosterBoardData(
            weekStart,
            week?.Version ?? 0,
            week?.PublishedNumber ?? 0,
            week?.DraftJson is { } json ? RosterJson.ReadRoster(json) : null,
            week?.DraftJson is null ? null : week.DraftKpis,
            published,
            week?.DraftUpdatedAt,
            week?.DraftUpdatedBy,
            active is null ? null : Board(active),
            ordered.FirstOrDefault() is { } last ? Board(last) : null,
            caregivers.ToDictionary(c => RosterProblemBuilder.IdOf(c.Id), c => new BoardCaregiver(RosterProblemBuilder.IdOf(c.Id), c.Code, c.Name, c.Place, c.Skill, c.ShiftStart, c.ShiftEnd)),
            clients.ToDictionary(c => RosterProblemBuilder.IdOf(c.Id), c => new BoardClient(RosterProblemBuilder.IdOf(c.Id), c.Name, c.Place)),
            [.. audit.OrderByDescending(a => a.At).Take(50)],
            RosterPin.Read(week?.PinsJson).Select(p => (RosterProblemBuilder.IdOf(p.ClientId), p.Date)).ToHashSet(),
            week is not null && audit.Any(a => a.VersionAfter == week.Version && a.Action is RosterAction.VisitMoved or RosterAction.MoveOverridden),
            notices);
    }

    /// <summary>One run, for the board's timer while it is active.</summary>
    public async Task<BoardRun?> RunAsync(Guid runId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var run = await db.RosterRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == runId, ct);
        return run is null ? null : Board(run);
    }

    private static BoardRun Board(RosterRun r) =>
        new(r.Id, r.State, r.RequestedBy, r.RequestedAt, r.Phase, r.Kpis, r.TimeLimitSeconds, r.StartedAt, r.HeartbeatAt, r.Series, r.ProblemKey);
}

/// <summary>A caregiver's day for the map: her home, the visits in order, every place and ferry line (our coordinates).</summary>
public sealed record DayMapData(MapHome Home, IReadOnlyList<MapStop> Stops, IReadOnlyList<MapPlace> Places, IReadOnlyList<MapFerry> Ferries);

public sealed record MapHome(double Lat, double Lon, string Label);

public sealed record MapStop(double Lat, double Lon, string Name, string Time);

public sealed record MapPlace(string Code, string Name, double Lat, double Lon);

public sealed record MapFerry(string Code, double FromLat, double FromLon, double ToLat, double ToLon);

/// <summary>The map's read.</summary>
public sealed class DayMapQuery(IDbContextFactory<CareOpsDb> dbFactory)
{
    /// <summary>The day of one caregiver in a roster (null when she is not one of the agency's).</summary>
    public async Task<DayMapData?> DayAsync(CaregiverDay day, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var caregiverId = RosterProblemBuilder.GuidOf(day.CaregiverId);
        var caregiver = await db.Caregivers.AsNoTracking().Where(c => c.Id == caregiverId)
            .Select(c => new { c.Name, c.HomeLatitude, c.HomeLongitude }).SingleOrDefaultAsync(ct);
        if (caregiver is null)
        {
            return null;
        }

        var ids = day.Visits.Select(v => RosterProblemBuilder.GuidOf(v.ClientId) ?? Guid.Empty).ToList();
        var clients = await db.Clients.AsNoTracking().Where(c => ids.Contains(c.Id)).Select(c => new { c.Id, c.Name, c.Latitude, c.Longitude }).ToDictionaryAsync(c => c.Id, ct);
        var places = await db.Places.AsNoTracking().Select(p => new MapPlace(p.Code, p.Name, p.Latitude, p.Longitude)).ToListAsync(ct);
        var lines = await db.FerryLines.AsNoTracking().Include(l => l.Schedules).AsSplitQuery().ToListAsync(ct);
        var where = await db.Places.AsNoTracking().ToDictionaryAsync(p => p.Id, p => (p.Latitude, p.Longitude), ct);
        var ferries = lines.SelectMany(l => l.Schedules.Select(s => new MapFerry(l.Code, where[s.FromPlaceId].Latitude, where[s.FromPlaceId].Longitude,
            where[s.ToPlaceId].Latitude, where[s.ToPlaceId].Longitude))).Distinct().ToList();
        var stops = day.Visits.Select((v, i) => clients.TryGetValue(ids[i], out var c)
            ? new MapStop(c.Latitude, c.Longitude, c.Name, $"{v.Start / 60:D2}:{v.Start % 60:D2}") : null).OfType<MapStop>().ToList();
        return new DayMapData(new MapHome(caregiver.HomeLatitude, caregiver.HomeLongitude, caregiver.Name), stops, places, ferries);
    }
}
