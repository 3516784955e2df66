using CareOps.Data;
using CareOps.Data.Domain;
using CareOps.Data.Rostering;
using CareOps.Scheduling.Roster;
using CareOps.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CareOps.Web.Features.Roster;

/// <summary>What happened to a published week since it was published, worded for the banner (each a text key and its values).</summary>
/// <param name="Version">The published version it is measured against.</param>
/// <param name="Lines">One line per change: a caregiver away on dates, a line suspended, a client gone, changed or added.</param>
public sealed record WeekDisruption(int Version, IReadOnlyList<Problem> Lines);

/// <summary>What a repair did: the draft's changes against the published version, and any rule still broken.</summary>
public sealed record RepairOutcome(int Moved, int Removed, int Added, Problems StillBroken);

/// <summary>
/// Disruptions of a published week (a caregiver away, a line suspended, a client in hospital, ended or deceased, a
/// client added or re-planned): detected by comparing the week's data now with the problem the version was published
/// on, and repaired by the solver's repair (unaffected visits stay as they are), which becomes the draft; the
/// dispatcher then sees the diff and publishes as usual.
/// </summary>
public sealed class RepairWeek(IDbContextFactory<CareOpsDb> dbFactory, Caller caller, TimeProvider clock, IRosterEvents events)
{
    /// <summary>The week's disruption since its published version; null when unpublished or unchanged.</summary>
    public async Task<Outcome<WeekDisruption?>> CheckAsync(DateOnly weekStart, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var problems = await caller.RequireAsync(Policies.Dispatching, db.CurrentAgencyId);
        if (!problems.IsEmpty)
        {
            return Outcome.Refused<WeekDisruption?>(problems);
        }

        var found = await FindAsync(db, weekStart, ct);
        return Outcome.Done(found is null ? null : new WeekDisruption(found.Value.Version.Number, Describe(found.Value.Before, found.Value.Disruption)));
    }

    /// <summary>Repairs the published version into the week's draft.</summary>
    public async Task<Outcome<RepairOutcome>> ExecuteAsync(DateOnly weekStart, int expectedVersion, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var problems = await caller.RequireAsync(Policies.Dispatching, db.CurrentAgencyId);
        if (!problems.IsEmpty)
        {
            return Outcome.Refused<RepairOutcome>(problems);
        }

        var week = await db.RosterWeeks.SingleOrDefaultAsync(w => w.WeekStart == weekStart, ct);
        if (week is null || week.PublishedNumber == 0)
        {
            return Outcome.Refused<RepairOutcome>(Problems.Of("Roster.NotPublished"));
        }

        if (week.ActiveRunId is not null)
        {
            return Outcome.Refused<RepairOutcome>(Problems.Of("Roster.RunInProgress"));
        }

        if (week.Version != expectedVersion)
        {
            return Outcome.Refused<RepairOutcome>(Problems.Of("Roster.WeekChanged"));
        }

        var found = await FindAsync(db, weekStart, ct);
        if (found is not { } f)
        {
            return Outcome.Refused<RepairOutcome>(Problems.Of("Roster.NothingToRepair"));
        }

        var published = RosterJson.ReadRoster(f.Version.RosterJson);
        var repaired = RosterRepair.Repair(f.Before, published, f.Disruption, clock, ct);
        var broken = RosterValidator.Validate(f.Now, repaired.Roster);
        var by = RosterWeeks.NameOf(caller.User);
        week.DraftJson = RosterJson.WriteRoster(repaired.Roster);
        week.DraftBasis = RosterProblemBuilder.Fingerprint(f.Now);
        week.DraftKpis = RosterRunner.Figures(RosterScore.Of(f.Now, repaired.Roster));
        week.DraftRunId = null;
        week.DraftUpdatedAt = clock.GetUtcNow();
        week.DraftUpdatedBy = by;
        week.Version++;
        var moved = repaired.Changes.Count(c => c.Kind == ChangeKind.Moved);
        var removed = repaired.Changes.Count(c => c.Kind == ChangeKind.Removed);
        var added = repaired.Changes.Count(c => c.Kind == ChangeKind.Added);
        db.RosterAudit.Add(new RosterAuditEntry
        {
            WeekStart = weekStart,
            At = clock.GetUtcNow(),
            By = by,
            Action = RosterAction.Repaired,
            Detail = $"v{f.Version.Number}: ~{moved} -{removed} +{added} · {repaired.Elapsed.TotalSeconds:0.0} s",
        });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Outcome.Refused<RepairOutcome>(Problems.Of("Roster.WeekChanged"));
        }

        await events.WeekChangedAsync(week.AgencyId, weekStart);
        var names = f.Now.Caregivers.ToDictionary(c => c.Id, c => c.Name);
        var clients = f.Now.Clients.Concat(f.Before.Clients).DistinctBy(c => c.Id).ToDictionary(c => c.Id, c => c.Name);
        return Outcome.Done(new RepairOutcome(moved, removed, added, new Problems(broken.Select(v => Problem.Of("Violation." + v.Kind,
            v.CaregiverId is { } g ? names.GetValueOrDefault(g, "") : "", v.Date?.ToString("MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "",
            v.ClientId is { } c ? clients.GetValueOrDefault(c, "") : "")).Distinct())));
    }

    private static async Task<(RosterVersion Version, RosterProblem Before, RosterProblem Now, RosterDisruption Disruption)?> FindAsync(CareOpsDb db, DateOnly weekStart, CancellationToken ct)
    {
        var week = await db.RosterWeeks.AsNoTracking().SingleOrDefaultAsync(w => w.WeekStart == weekStart, ct);
        if (week is null || week.PublishedNumber == 0)
        {
            return null;
        }

        var version = await db.RosterVersions.AsNoTracking().SingleAsync(v => v.WeekStart == weekStart && v.Number == week.PublishedNumber, ct);
        if (version.ProblemJson is null)
        {
            return null;
        }

        var now = RosterProblemBuilder.Build(await RosterProblemBuilder.LoadAsync(db, week.AgencyId, weekStart, RosterPin.Read(week.PinsJson), ct));
        if (RosterProblemBuilder.Fingerprint(now) == version.Basis)
        {
            return null;
        }

        var before = RosterJson.ReadProblem(version.ProblemJson);
        var disruption = RosterDisruptions.Between(before, now);
        return disruption.IsEmpty() ? null : (version, before, now, disruption);
    }

    /// <summary>The banner's lines: who is away when, which lines are suspended when, which clients left, changed or came.</summary>
    private static List<Problem> Describe(RosterProblem before, RosterDisruption disruption)
    {
        var caregivers = before.Caregivers.ToDictionary(c => c.Id, c => c.Name);
        var clients = before.Clients.Concat(disruption.ClientsAdded).DistinctBy(c => c.Id).ToDictionary(c => c.Id, c => c.Name);
        static string Dates(IEnumerable<DateOnly> dates) => string.Join("、", dates.Order().Select(d => d.ToString("MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
        var lines = new List<Problem>();
        lines.AddRange(disruption.CaregiverUnavailable.Select(u => Problem.Of("Disruption.CaregiverAway", caregivers.GetValueOrDefault(u.CaregiverId, ""), Dates(u.Dates))));
        lines.AddRange(disruption.FerrySuspended.GroupBy(s => s.Line).Select(g => Problem.Of("Disruption.LineSuspended", g.Key, Dates(g.Select(s => s.Date)))));
        var added = disruption.ClientsAdded.Select(c => c.Id).ToHashSet();
        lines.AddRange(disruption.ClientsCancelled.Where(c => !added.Contains(c)).Select(c => Problem.Of("Disruption.ClientGone", clients.GetValueOrDefault(c, ""))));
        lines.AddRange(disruption.ClientsCancelled.Where(added.Contains).Select(c => Problem.Of("Disruption.ClientChanged", clients.GetValueOrDefault(c, ""))));
        var cancelled = disruption.ClientsCancelled.ToHashSet();
        lines.AddRange(disruption.ClientsAdded.Where(c => !cancelled.Contains(c.Id)).Select(c => Problem.Of("Disruption.ClientAdded", c.Name)));
        return lines;
    }
}
