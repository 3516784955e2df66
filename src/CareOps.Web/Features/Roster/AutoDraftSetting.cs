using CareOps.Data;
using CareOps.Data.Tenancy;
using CareOps.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CareOps.Web.Features.Roster;

/// <summary>When next week's draft is made by itself: a weekday and a time (agency time), or never.</summary>
public sealed record AutoDraft(DayOfWeek? Day, TimeOnly Time);

/// <summary>Reads and changes the agency's own hour for the weekly draft (its dispatchers and admin).</summary>
public sealed class AutoDraftSetting(DatabaseInfo database, Caller caller)
{
    public async Task<AutoDraft?> ReadAsync(CancellationToken ct = default)
    {
        if (caller.AgencyId is not { } agency)
        {
            return null;
        }

        await using var db = new CareOpsDb(database.ContextOptions(), new FixedTenant(agency));
        return await db.Agencies.AsNoTracking().Where(a => a.Id == agency).Select(a => new AutoDraft(a.AutoDraftDay, a.AutoDraftTime)).SingleOrDefaultAsync(ct);
    }

    public async Task<Problems> SaveAsync(AutoDraft setting, CancellationToken ct = default)
    {
        var agency = caller.AgencyId;
        var problems = await caller.RequireAsync(Policies.Dispatching, agency);
        if (!problems.IsEmpty)
        {
            return problems;
        }

        if (setting.Day is { } day && !Enum.IsDefined(day))
        {
            return Problems.Of("Error.Required");
        }

        // Agencies are platform rows (not tenant rows): the caller's own agency, checked above, is the only one written.
        await using var db = new CareOpsDb(database.ContextOptions(), new FixedTenant(agency));
        var row = await db.Agencies.SingleAsync(a => a.Id == agency, ct);
        (row.AutoDraftDay, row.AutoDraftTime) = (setting.Day, new TimeOnly(setting.Time.Hour, setting.Time.Minute));
        await db.SaveChangesAsync(ct);
        return [];
    }
}
