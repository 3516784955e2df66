using CareOps.Data;
using CareOps.Data.Domain;
using Microsoft.EntityFrameworkCore;

namespace CareOps.Web.Features.Geography;

/// <summary>The reads of the geography and ferry pages.</summary>
public sealed class GeographyQuery(IDbContextFactory<CareOpsDb> dbFactory)
{
    /// <summary>Regions with their places, ferry lines, and the lines suspended on the given day.</summary>
    public async Task<GeographyMap> MapAsync(DateOnly today, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var regions = await db.Regions.AsNoTracking().Include(r => r.Places).OrderBy(r => r.Code).ToListAsync(ct);
        var lines = await db.FerryLines.AsNoTracking().Include(l => l.PlaceA).Include(l => l.PlaceB).OrderBy(l => l.Id).ToListAsync(ct);
        var suspended = await db.FerrySuspensions.Where(s => s.Date == today).Select(s => s.FerryLineId).ToListAsync(ct);
        return new GeographyMap(regions, regions.SelectMany(r => r.Places).ToList(), lines, suspended.ToHashSet());
    }

    /// <summary>Every ferry line with schedules, departures and suspensions, and the names of all places.</summary>
    public async Task<FerryLines> LinesAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var placeNames = await db.Places.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        var lines = await WithTimetable(db.FerryLines).OrderBy(l => l.Id).ToListAsync(ct);
        return new FerryLines(lines, placeNames);
    }

    /// <summary>One ferry line as <see cref="LinesAsync"/> reads it, and the names of all places; null when there is no such line.</summary>
    public async Task<FerryLineDetails?> LineAsync(int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var line = await WithTimetable(db.FerryLines).SingleOrDefaultAsync(l => l.Id == id, ct);
        if (line is null)
        {
            return null;
        }

        var placeNames = await db.Places.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        return new FerryLineDetails(line, placeNames);
    }

    private static IQueryable<FerryLine> WithTimetable(IQueryable<FerryLine> lines) => lines.AsNoTracking()
        .Include(l => l.PlaceA).Include(l => l.PlaceB)
        .Include(l => l.Schedules).ThenInclude(s => s.Departures)
        .Include(l => l.Suspensions)
        .AsSplitQuery();
}

public sealed record GeographyMap(IReadOnlyList<ServiceRegion> Regions, IReadOnlyList<Place> Places, IReadOnlyList<FerryLine> Lines, IReadOnlySet<int> SuspendedToday);

public sealed record FerryLines(IReadOnlyList<FerryLine> Lines, IReadOnlyDictionary<int, string> PlaceNames);

public sealed record FerryLineDetails(FerryLine Line, IReadOnlyDictionary<int, string> PlaceNames);
