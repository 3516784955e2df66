using System.Globalization;
using CareOps.Data;
using CareOps.Data.Domain;
using CareOps.Data.Rostering;
using CareOps.Scheduling.Roster;
using CareOps.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace CareOps.Web.Features.Roster;

/// <summary>A visit of the draft, as the board names it (problem ids).</summary>
public sealed record DraftVisit(string ClientId, string CaregiverId, DateOnly Date);

/// <summary>Where a dispatcher wants a visit to go.</summary>
public sealed record MoveTarget(string CaregiverId, DateOnly Date, TimeOnly? Start);

/// <summary>What the independent validator says of a move: every rule it would break (empty: none), and the figures after it.</summary>
public sealed record MoveVerdict(Problems Violations, RosterKpis Kpis)
{
    public bool Clean => Violations.IsEmpty;
}

/// <summary>
/// The dispatcher's manual edits of a week's draft: move a visit (judged at once by the independent validator, which
/// names every rule the move breaks; breaking one needs an override with a reason), pin or unpin a visit (a later run
/// keeps it), undo the last edit. Every edit presents the week's version (two dispatchers get a clear refusal instead
/// of overwriting each other) and is recorded in the audit with before and after.
/// </summary>
public sealed class EditWeek(IDbContextFactory<CareOpsDb> dbFactory, Caller caller, TimeProvider clock, IRosterEvents events, IMemoryCache cache)
{
    /// <summary>Judges a move without saving it.</summary>
    public async Task<Outcome<MoveVerdict>> CheckMoveAsync(DateOnly weekStart, DraftVisit visit, MoveTarget target, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var problems = await caller.RequireAsync(Policies.Dispatching, db.CurrentAgencyId);
        if (!problems.IsEmpty)
        {
            return Outcome.Refused<MoveVerdict>(problems);
        }

        var week = await db.RosterWeeks.AsNoTracking().SingleOrDefaultAsync(w => w.WeekStart == weekStart, ct);
        if (week?.DraftJson is null)
        {
            return Outcome.Refused<MoveVerdict>(Problems.Of("Roster.NoDraft"));
        }

        var problem = await ProblemAsync(db, week, ct);
        return Judge(problem, RosterJson.ReadRoster(week.DraftJson), visit, target, out _);
    }

    /// <summary>Moves a visit; refused when it breaks a rule, unless overridden with a reason (recorded).</summary>
    public async Task<Outcome<MoveVerdict>> MoveAsync(DateOnly weekStart, DraftVisit visit, MoveTarget target, int expectedVersion, bool overrideRules, string? reason, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var problems = await caller.RequireAsync(Policies.Dispatching, db.CurrentAgencyId);
        if (!problems.IsEmpty)
        {
            return Outcome.Refused<MoveVerdict>(problems);
        }

        var week = await db.RosterWeeks.SingleOrDefaultAsync(w => w.WeekStart == weekStart, ct);
        var refused = Editable(week, expectedVersion);
        if (refused is not null)
        {
            return Outcome.Refused<MoveVerdict>(refused);
        }

        reason = reason?.Trim();
        Checks.Text(problems, reason ?? "", "Reason", Columns.Width<RosterAuditEntry>(db.Model, e => e.Reason), required: false);
        if (!problems.IsEmpty)
        {
            return Outcome.Refused<MoveVerdict>(problems);
        }

        var problem = await ProblemAsync(db, week!, ct);
        var before = week!.DraftJson!;
        var judged = Judge(problem, RosterJson.ReadRoster(before), visit, target, out var after);
        if (!judged.Succeeded)
        {
            return judged;
        }

        var verdict = judged.Value!;
        if (!verdict.Clean && !overrideRules)
        {
            return Outcome.Refused<MoveVerdict>([Problem.Of("Roster.MoveBreaksRules"), .. verdict.Violations]);
        }

        if (!verdict.Clean && string.IsNullOrEmpty(reason))
        {
            return Outcome.Refused<MoveVerdict>(Problems.Of("Roster.OverrideNeedsReason"));
        }

        week.DraftJson = RosterJson.WriteRoster(after!);
        week.DraftKpis = verdict.Kpis;
        week.DraftUpdatedAt = clock.GetUtcNow();
        week.DraftUpdatedBy = RosterWeeks.NameOf(caller.User);
        week.Version++;
        var names = Names(problem);
        db.RosterAudit.Add(new RosterAuditEntry
        {
            WeekStart = weekStart,
            At = clock.GetUtcNow(),
            By = week.DraftUpdatedBy,
            Action = verdict.Clean ? RosterAction.VisitMoved : RosterAction.MoveOverridden,
            Detail = Truncate($"{names.Client(visit.ClientId)}: {names.Caregiver(visit.CaregiverId)} {visit.Date:MM-dd} → {names.Caregiver(target.CaregiverId)} {target.Date:MM-dd} {target.Start?.ToString("HH:mm", CultureInfo.InvariantCulture)}"
                + (verdict.Clean ? "" : " · " + string.Join(", ", verdict.Violations.Select(v => v.Key.Replace("Violation.", "", StringComparison.Ordinal)).Distinct())), 2000),
            Reason = verdict.Clean ? null : reason,
            BeforeJson = before,
            VersionAfter = week.Version,
        });
        if (!await SaveAsync(db, ct))
        {
            return Outcome.Refused<MoveVerdict>(Problems.Of("Roster.WeekChanged"));
        }

        await events.WeekChangedAsync(week.AgencyId, weekStart);
        return Outcome.Done(verdict);
    }

    /// <summary>Pins a visit where it is (a later run keeps it there), or unpins it.</summary>
    public async Task<Problems> PinAsync(DateOnly weekStart, DraftVisit visit, bool pin, int expectedVersion, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var problems = await caller.RequireAsync(Policies.Dispatching, db.CurrentAgencyId);
        if (!problems.IsEmpty)
        {
            return problems;
        }

        var week = await db.RosterWeeks.SingleOrDefaultAsync(w => w.WeekStart == weekStart, ct);
        if (Editable(week, expectedVersion) is { } refused)
        {
            return refused;
        }

        var day = RosterJson.ReadRoster(week!.DraftJson!).Days.SingleOrDefault(d => d.CaregiverId == visit.CaregiverId && d.Date == visit.Date);
        var planned = day?.Visits.SingleOrDefault(v => v.ClientId == visit.ClientId);
        if (planned is null || RosterProblemBuilder.GuidOf(visit.ClientId) is not { } client || RosterProblemBuilder.GuidOf(visit.CaregiverId) is not { } caregiver)
        {
            return Problems.Of("Roster.VisitGone");
        }

        var pins = RosterPin.Read(week.PinsJson).Where(p => !(p.ClientId == client && p.Date == visit.Date)).ToList();
        if (pin)
        {
            pins.Add(new RosterPin(client, caregiver, visit.Date, new TimeOnly(planned.Start / 60, planned.Start % 60)));
        }

        week.PinsJson = RosterPin.Write(pins);
        week.Version++;
        db.RosterAudit.Add(new RosterAuditEntry
        {
            WeekStart = weekStart,
            At = clock.GetUtcNow(),
            By = RosterWeeks.NameOf(caller.User),
            Action = pin ? RosterAction.VisitPinned : RosterAction.VisitUnpinned,
            Detail = $"{visit.ClientId[..8]} {visit.Date:MM-dd}",
        });
        return await SaveAsync(db, ct) ? [] : Problems.Of("Roster.WeekChanged");
    }

    /// <summary>Undoes the last manual move, if the draft is still as that move left it.</summary>
    public async Task<Problems> UndoAsync(DateOnly weekStart, int expectedVersion, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var problems = await caller.RequireAsync(Policies.Dispatching, db.CurrentAgencyId);
        if (!problems.IsEmpty)
        {
            return problems;
        }

        var week = await db.RosterWeeks.SingleOrDefaultAsync(w => w.WeekStart == weekStart, ct);
        if (Editable(week, expectedVersion) is { } refused)
        {
            return refused;
        }

        var last = await db.RosterAudit.Where(a => a.WeekStart == weekStart && a.BeforeJson != null && a.VersionAfter == week!.Version).SingleOrDefaultAsync(ct);
        if (last is null)
        {
            return Problems.Of("Roster.NothingToUndo");
        }

        var problem = await ProblemAsync(db, week!, ct);
        var restored = RosterJson.ReadRoster(last.BeforeJson!);
        week!.DraftJson = last.BeforeJson;
        week.DraftKpis = RosterRunner.Figures(RosterScore.Of(problem, restored));
        week.DraftUpdatedAt = clock.GetUtcNow();
        week.DraftUpdatedBy = RosterWeeks.NameOf(caller.User);
        week.Version++;
        db.RosterAudit.Add(new RosterAuditEntry
        {
            WeekStart = weekStart,
            At = clock.GetUtcNow(),
            By = week.DraftUpdatedBy,
            Action = RosterAction.Undone,
            Detail = last.Detail,
        });
        if (!await SaveAsync(db, ct))
        {
            return Problems.Of("Roster.WeekChanged");
        }

        await events.WeekChangedAsync(week.AgencyId, weekStart);
        return [];
    }

    /// <summary>The week's problem, kept a couple of minutes per agency-week and data (publishing re-checks the data anyway).</summary>
    private async Task<RosterProblem> ProblemAsync(CareOpsDb db, RosterWeek week, CancellationToken ct)
    {
        var key = (nameof(EditWeek), week.AgencyId, week.WeekStart, week.DraftBasis, week.PinsJson);
        if (cache.TryGetValue(key, out RosterProblem? cached) && cached is not null)
        {
            return cached;
        }

        var problem = RosterProblemBuilder.Build(await RosterProblemBuilder.LoadAsync(db, week.AgencyId, week.WeekStart, RosterPin.Read(week.PinsJson), ct));
        cache.Set(key, problem, TimeSpan.FromMinutes(2));
        return problem;
    }

    private static Outcome<MoveVerdict> Judge(RosterProblem problem, Scheduling.Roster.Roster draft, DraftVisit visit, MoveTarget target, out Scheduling.Roster.Roster? after)
    {
        after = null;
        if (target.Date < problem.WeekStart || target.Date > problem.WeekStart.AddDays(6))
        {
            return Outcome.Refused<MoveVerdict>(Problems.Of("Roster.MoveOutsideWeek"));
        }

        if (!problem.Caregivers.Any(c => c.Id == target.CaregiverId))
        {
            return Outcome.Refused<MoveVerdict>(Problems.Of("Roster.UnknownCaregiver"));
        }

        try
        {
            after = RosterEdit.Move(problem, draft, new VisitMove(visit.ClientId, visit.CaregiverId, visit.Date, target.CaregiverId, target.Date,
                target.Start is { } s ? s.Hour * 60 + s.Minute : null));
        }
        catch (ArgumentException)
        {
            return Outcome.Refused<MoveVerdict>(Problems.Of("Roster.VisitGone"));
        }

        // Only what the move breaks: rules already broken before it (an earlier override) are not its fault.
        var already = RosterValidator.Validate(problem, draft).Select(Signature).ToHashSet();
        var names = Names(problem);
        var broken = RosterValidator.Validate(problem, after)
            .Where(v => !already.Contains(Signature(v)))
            .Select(v => Problem.Of("Violation." + v.Kind, names.Caregiver(v.CaregiverId), v.Date?.ToString("MM-dd", CultureInfo.InvariantCulture) ?? "", names.Client(v.ClientId)))
            .Distinct()
            .ToList();
        return Outcome.Done(new MoveVerdict(new Problems(broken), RosterRunner.Figures(RosterScore.Of(problem, after))));
    }

    private static (ViolationKind, string?, string?, DateOnly?) Signature(Violation v) => (v.Kind, v.CaregiverId, v.ClientId, v.Date);

    private static Problems? Editable(RosterWeek? week, int expectedVersion) =>
        week?.DraftJson is null ? Problems.Of("Roster.NoDraft")
        : week.ActiveRunId is not null ? Problems.Of("Roster.RunInProgress")
        : week.Version != expectedVersion ? Problems.Of("Roster.WeekChanged")
        : null;

    private static async Task<bool> SaveAsync(CareOpsDb db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            return false;
        }
    }

    private static string Truncate(string text, int width) => text.Length <= width ? text : text[..width];

    private static ProblemNames Names(RosterProblem problem) => new(
        problem.Clients.ToDictionary(c => c.Id, c => c.Name, StringComparer.Ordinal),
        problem.Caregivers.ToDictionary(c => c.Id, c => c.Name, StringComparer.Ordinal));

    private sealed record ProblemNames(Dictionary<string, string> Clients, Dictionary<string, string> Caregivers)
    {
        public string Client(string? id) => id is not null && Clients.TryGetValue(id, out var n) ? n : "";

        public string Caregiver(string? id) => id is not null && Caregivers.TryGetValue(id, out var n) ? n : "";
    }
}
