using CareOps.Data;
using CareOps.Data.Domain;
using CareOps.Data.Rostering;
using CareOps.Scheduling.Roster;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace CareOps.Web.Features.MySchedule;

/// <summary>A caregiver's own week.</summary>
/// <remarks>
/// A published version never changes, so its parsed roster and problem are kept (by agency, week and number) for a few
/// minutes: after a publish every affected caregiver's page reloads at once, and the agency's version is read once.
/// </remarks>
public sealed class MyScheduleQuery(IDbContextFactory<CareOpsDb> dbFactory, IMemoryCache? cache = null)
{
    /// <summary>
    /// The caregiver's visits from Monday to Sunday that are not cancelled, in time order, each with the care-plan items
    /// to perform and, where the week's published roster still holds it, the journey there (<see cref="Itinerary"/>).
    /// </summary>
    public async Task<MyWeek> WeekAsync(Guid? caregiverId, DateOnly monday, CancellationToken ct = default)
    {
        if (caregiverId is not { } her)
        {
            return MyWeek.Empty(monday);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var sunday = monday.AddDays(6);

        // Projected: the caregiver's page needs the client's name, address and home, never the resident ID.
        var rows = await db.Visits.AsNoTracking()
            .Where(v => v.CaregiverId == her && v.Date >= monday && v.Date <= sunday)
            .OrderBy(v => v.Date).ThenBy(v => v.PlannedStart)
            .Select(v => new
            {
                v.Id,
                v.ClientId,
                v.Date,
                v.PlannedStart,
                v.PlannedMinutes,
                v.Status,
                v.Verdict,
                v.Review,
                v.Client!.Name,
                v.Client.Address,
                v.Client.Latitude,
                v.Client.Longitude,
            })
            .ToListAsync(ct);
        var open = rows.Where(r => r.Status != VisitStatus.Cancelled).ToList();
        var items = await ItemsAsync(db, [.. open.Select(r => r.ClientId).Distinct()], monday, sunday, ct);
        var visits = open.Select(r => (new MyVisit(r.Id, r.Date, r.PlannedStart, r.PlannedMinutes,
                new Visit { Status = r.Status, Verdict = r.Verdict, Review = r.Review }.Phase,
                r.Name, r.Address, r.Latitude, r.Longitude, items(r.ClientId, r.Date)), r.ClientId))
            .ToList();
        var published = visits.Count == 0 ? null : await CachedPublishedAsync(db, monday, ct);
        return Itinerary.Week(monday, her, visits, rows.Where(r => r.Status == VisitStatus.Cancelled).Select(r => r.Id).ToHashSet(), published);
    }

    /// <summary>The items of the plan in force for a client on a day (<see cref="RosterProblemBuilder.PlanOf"/>), with catalogue names.</summary>
    private static async Task<Func<Guid, DateOnly, IReadOnlyList<MyItem>>> ItemsAsync(CareOpsDb db, List<Guid> clientIds, DateOnly monday, DateOnly sunday, CancellationToken ct)
    {
        var plans = await db.CarePlans.AsNoTracking()
            .Where(p => clientIds.Contains(p.ClientId) && p.EffectiveFrom <= sunday && (p.EffectiveTo == null || p.EffectiveTo >= monday))
            .Select(p => new CarePlan
            {
                ClientId = p.ClientId,
                CareCatalogueId = p.CareCatalogueId,
                EffectiveFrom = p.EffectiveFrom,
                EffectiveTo = p.EffectiveTo,
                Items = p.Items.Select(i => new PlanItem { ItemCode = i.ItemCode }).ToList(),
            })
            .ToListAsync(ct);
        var catalogues = plans.Select(p => p.CareCatalogueId).Distinct().ToList();
        var names = (await db.CatalogueItems.AsNoTracking().Where(i => catalogues.Contains(i.CareCatalogueId))
                .Select(i => new { i.CareCatalogueId, i.Code, i.NameZh, i.NameEn }).ToListAsync(ct))
            .ToDictionary(i => (i.CareCatalogueId, i.Code), i => new MyItem(i.Code, i.NameZh, i.NameEn));
        var plansOf = plans.ToLookup(p => p.ClientId);
        return (client, date) => RosterProblemBuilder.PlanOf(plansOf[client], [date]) is { } plan
            ? [.. plan.Items.Select(i => i.ItemCode).Distinct().Order(StringComparer.Ordinal)
                .Select(code => names.GetValueOrDefault((plan.CareCatalogueId, code)) ?? new MyItem(code, code, code))]
            : [];
    }

    private async Task<PublishedWeek?> CachedPublishedAsync(CareOpsDb db, DateOnly monday, CancellationToken ct)
    {
        var number = await db.RosterWeeks.AsNoTracking().Where(w => w.WeekStart == monday).Select(w => w.PublishedNumber).SingleOrDefaultAsync(ct);
        if (number == 0)
        {
            return null;
        }

        if (cache is null)
        {
            return await PublishedAsync(db, monday, number, ct);
        }

        return await cache.GetOrCreateAsync(("my-published", db.CurrentAgencyId, monday, number), entry =>
        {
            entry.SlidingExpiration = TimeSpan.FromMinutes(5);
            return PublishedAsync(db, monday, number, ct);
        });
    }

    /// <summary>The week's published version <paramref name="number"/>, read (null when it is missing).</summary>
    private static async Task<PublishedWeek?> PublishedAsync(CareOpsDb db, DateOnly monday, int number, CancellationToken ct)
    {
        var version = number == 0 ? null
            : await db.RosterVersions.AsNoTracking().Where(v => v.WeekStart == monday && v.Number == number)
                .Select(v => new { v.RosterJson, v.ProblemJson }).SingleOrDefaultAsync(ct);
        if (version is null)
        {
            return null;
        }

        var places = await db.Places.AsNoTracking().Select(p => new { p.Code, p.Name }).ToDictionaryAsync(p => p.Code, p => p.Name, ct);
        var lines = await db.FerryLines.AsNoTracking().Select(l => new { l.Code, l.Name }).ToDictionaryAsync(l => l.Code, l => l.Name, ct);
        return new PublishedWeek(RosterJson.ReadRoster(version.RosterJson), version.ProblemJson is null ? null : RosterJson.ReadProblem(version.ProblemJson), places, lines);
    }
}
