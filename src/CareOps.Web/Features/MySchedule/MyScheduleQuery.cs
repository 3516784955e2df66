using CareOps.Data;
using CareOps.Data.Domain;
using Microsoft.EntityFrameworkCore;

namespace CareOps.Web.Features.MySchedule;

/// <summary>A caregiver's own week.</summary>
public sealed class MyScheduleQuery(IDbContextFactory<CareOpsDb> dbFactory)
{
    /// <summary>The caregiver's visits from Monday to Sunday that are not cancelled, in time order.</summary>
    public async Task<IReadOnlyList<MyVisit>> WeekAsync(Guid? caregiverId, DateOnly monday, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var sunday = monday.AddDays(6);

        // Projected: the caregiver's page needs the client's name and address, never the resident ID.
        return await db.Visits.AsNoTracking()
            .Where(v => v.CaregiverId == caregiverId && v.Date >= monday && v.Date <= sunday && v.Status != VisitStatus.Cancelled)
            .OrderBy(v => v.Date).ThenBy(v => v.PlannedStart)
            .Select(v => new MyVisit(v.Date, v.PlannedStart, v.PlannedMinutes, v.Client!.Name, v.Client.Address))
            .ToListAsync(ct);
    }
}

public sealed record MyVisit(DateOnly Date, TimeOnly PlannedStart, int PlannedMinutes, string? ClientName, string? ClientAddress);
