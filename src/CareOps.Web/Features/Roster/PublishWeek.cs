using CareOps.Data;
using CareOps.Data.Domain;
using CareOps.Data.Rostering;
using CareOps.Scheduling.Roster;
using CareOps.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CareOps.Web.Features.Roster;

/// <summary>What publishing the draft would do: the counts, every change, and whether the draft is stale.</summary>
/// <param name="Version">The week's version the preview was made on (publish must present it).</param>
/// <param name="Changes">Every visit's change (unchanged ones included).</param>
/// <param name="Stale">The week's data changed since the draft was planned (publish is refused).</param>
public sealed record PublishPreview(int Version, IReadOnlyList<SlotDiff> Changes, bool Stale)
{
    public int Added => Changes.Count(c => c.Change == SlotChange.Added);

    public int Moved => Changes.Count(c => c.Change == SlotChange.Moved);

    public int Removed => Changes.Count(c => c.Change == SlotChange.Removed);

    public int Unchanged => Changes.Count(c => c.Change == SlotChange.Unchanged);
}

/// <summary>
/// Publishes a week's draft: the draft becomes the next published version (versions are kept), and the week's
/// <see cref="Visit"/> rows follow it (<see cref="VisitReconciliation"/>: unchanged visits keep their id, vanished ones
/// are cancelled), all in one transaction. Refused when the draft is stale or the week changed since the preview.
/// Each caregiver whose visits changed hears it on the hub.
/// </summary>
public sealed class PublishWeek(IDbContextFactory<CareOpsDb> dbFactory, Caller caller, TimeProvider clock, IRosterEvents events, ILogger<PublishWeek> log)
{
    public async Task<Outcome<PublishPreview>> PreviewAsync(DateOnly weekStart, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var problems = await caller.RequireAsync(Policies.Dispatching, db.CurrentAgencyId);
        if (!problems.IsEmpty)
        {
            return Outcome.Refused<PublishPreview>(problems);
        }

        var week = await db.RosterWeeks.AsNoTracking().SingleOrDefaultAsync(w => w.WeekStart == weekStart, ct);
        if (week?.DraftJson is null)
        {
            return Outcome.Refused<PublishPreview>(Problems.Of("Roster.NoDraft"));
        }

        var visits = await WeekVisits(db, weekStart).AsNoTracking().ToListAsync(ct);
        var stale = RosterProblemBuilder.Fingerprint(await CurrentProblem(db, week, ct)) != week.DraftBasis;
        return Outcome.Done(new PublishPreview(week.Version, VisitReconciliation.Diff(visits, SlotsOf(week.DraftJson)), stale));
    }

    public async Task<Outcome<PublishPreview>> ExecuteAsync(DateOnly weekStart, int expectedVersion, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var problems = await caller.RequireAsync(Policies.Dispatching, db.CurrentAgencyId);
        if (!problems.IsEmpty)
        {
            return Outcome.Refused<PublishPreview>(problems);
        }

        var week = await db.RosterWeeks.SingleOrDefaultAsync(w => w.WeekStart == weekStart, ct);
        if (week?.DraftJson is null)
        {
            return Outcome.Refused<PublishPreview>(Problems.Of("Roster.NoDraft"));
        }

        if (week.Version != expectedVersion)
        {
            return Outcome.Refused<PublishPreview>(Problems.Of("Roster.WeekChanged"));
        }

        if (week.ActiveRunId is not null)
        {
            return Outcome.Refused<PublishPreview>(Problems.Of("Roster.RunInProgress"));
        }

        var current = await CurrentProblem(db, week, ct);
        var basis = RosterProblemBuilder.Fingerprint(current);
        if (basis != week.DraftBasis)
        {
            return Outcome.Refused<PublishPreview>(Problems.Of("Roster.DraftStale"));
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var visits = await WeekVisits(db, weekStart).ToListAsync(ct);
        var diff = VisitReconciliation.Diff(visits, SlotsOf(week.DraftJson));
        var byId = visits.ToDictionary(v => v.Id);
        foreach (var change in diff)
        {
            switch (change.Change)
            {
                case SlotChange.Added:
                    var slot = change.After!;
                    db.Visits.Add(new Visit { ClientId = slot.ClientId, CaregiverId = slot.CaregiverId, Date = slot.Date, PlannedStart = slot.Start, PlannedMinutes = slot.Minutes });
                    break;
                case SlotChange.Moved:
                    var moved = byId[change.VisitId!.Value];
                    (moved.CaregiverId, moved.Date, moved.PlannedStart, moved.PlannedMinutes) = (change.After!.CaregiverId, change.After.Date, change.After.Start, change.After.Minutes);
                    break;
                case SlotChange.Removed:
                    byId[change.VisitId!.Value].Status = VisitStatus.Cancelled;
                    break;
            }
        }

        var by = RosterWeeks.NameOf(caller.User);
        var preview = new PublishPreview(week.Version + 1, diff, false);
        week.PublishedNumber++;
        week.Version++;
        db.RosterVersions.Add(new RosterVersion
        {
            WeekStart = weekStart,
            Number = week.PublishedNumber,
            RosterJson = week.DraftJson,
            ProblemJson = RosterJson.WriteProblem(current),
            Basis = basis,
            PublishedAt = clock.GetUtcNow(),
            PublishedBy = by,
            Kpis = week.DraftKpis.Copy(),
            Added = preview.Added,
            Moved = preview.Moved,
            Removed = preview.Removed,
        });
        db.RosterAudit.Add(new RosterAuditEntry
        {
            WeekStart = weekStart,
            At = clock.GetUtcNow(),
            By = by,
            Action = RosterAction.Published,
            Detail = $"v{week.PublishedNumber}: +{preview.Added} ~{preview.Moved} -{preview.Removed} ={preview.Unchanged}",
        });
        try
        {
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateException)
        {
            return Outcome.Refused<PublishPreview>(Problems.Of("Roster.WeekChanged"));
        }

        log.RosterPublished(weekStart, week.PublishedNumber, by, preview.Added, preview.Moved, preview.Removed);
        var affected = diff.Where(d => d.Change != SlotChange.Unchanged)
            .SelectMany(d => new[] { d.Before?.CaregiverId, d.After?.CaregiverId })
            .OfType<Guid>().Distinct().ToList();
        await events.PublishedAsync(week.AgencyId, weekStart, affected);
        return Outcome.Done(preview);
    }

    /// <summary>The week's visit rows that a publish may change or keep (cancelled rows are history).</summary>
    private static IQueryable<Visit> WeekVisits(CareOpsDb db, DateOnly weekStart)
    {
        var sunday = weekStart.AddDays(6);
        return db.Visits.Where(v => v.Date >= weekStart && v.Date <= sunday && v.Status != VisitStatus.Cancelled);
    }

    /// <summary>The week's problem from today's data (the draft is stale when its fingerprint differs from the draft's basis).</summary>
    private static async Task<RosterProblem> CurrentProblem(CareOpsDb db, RosterWeek week, CancellationToken ct) =>
        RosterProblemBuilder.Build(await RosterProblemBuilder.LoadAsync(db, week.AgencyId, week.WeekStart, RosterPin.Read(week.PinsJson), ct));

    /// <summary>The visits of a roster as slots of rows.</summary>
    public static IReadOnlyList<RosterSlot> SlotsOf(string rosterJson) =>
        [.. RosterJson.ReadRoster(rosterJson).Days.SelectMany(d => d.Visits.Select(v => RosterSlot.Of(d, v)))];
}
