using CareOps.Scheduling.Travel;

namespace CareOps.Scheduling.Roster;

/// <summary>The kinds of hard-constraint violation the validator names.</summary>
public enum ViolationKind
{
    /// <summary>A visit names a client or caregiver the problem does not know.</summary>
    UnknownReference,

    /// <summary>More visits than required, or required visits neither planned nor declared unscheduled.</summary>
    VisitCount,

    /// <summary>Two visits of one client on one day.</summary>
    SameDay,

    /// <summary>Visits of a client closer together than the spread rule allows.</summary>
    Spacing,

    /// <summary>A visit shorter than the plan's minutes.</summary>
    Duration,

    /// <summary>A visit on a day the client does not allow, or outside her window.</summary>
    ClientWindow,

    /// <summary>Leaves home before the shift starts or is back after it ends.</summary>
    ShiftWindow,

    /// <summary>No break of the required length inside the lunch window, or it overlaps work.</summary>
    LunchBreak,

    /// <summary>More worked minutes in a day than allowed.</summary>
    DailyLimit,

    /// <summary>More worked minutes in the week than allowed.</summary>
    WeeklyLimit,

    /// <summary>The caregiver lacks the skill the client needs.</summary>
    Skill,

    /// <summary>The caregiver's certificate is missing or not valid on that date.</summary>
    Certificate,

    /// <summary>The caregiver does not work that day or is unavailable.</summary>
    NotWorking,

    /// <summary>The client excluded this caregiver.</summary>
    ExcludedCaregiver,

    /// <summary>Visits overlap each other or the break.</summary>
    Overlap,

    /// <summary>Not enough time to travel between two stops (including the way home).</summary>
    TravelTime,

    /// <summary>A stop cannot be reached that day at all (no sailing).</summary>
    Unreachable,

    /// <summary>A ferry leg uses a sailing that does not exist or is suspended that day.</summary>
    FerryTimetable,

    /// <summary>A visit fixed by the dispatcher is missing or moved.</summary>
    FixedVisit,

    /// <summary>A caregiver has two day plans for one date, or a day outside the week.</summary>
    DayStructure,

    /// <summary>The caregiver's agency does not serve the client's region.</summary>
    Region,
}

/// <summary>One broken hard constraint, named.</summary>
/// <param name="Kind">What is broken.</param>
/// <param name="Message">Human sentence naming who, when and what.</param>
/// <param name="CaregiverId">Caregiver concerned, if any.</param>
/// <param name="ClientId">Client concerned, if any.</param>
/// <param name="Date">Date concerned, if any.</param>
public sealed record Violation(ViolationKind Kind, string Message, string? CaregiverId = null, string? ClientId = null, DateOnly? Date = null);

/// <summary>
/// Checks every hard constraint of any roster against its problem and names each violation. Deliberately a
/// separate code path from the solver: it re-derives travel with <see cref="FerryNetwork"/> from the roster's
/// own times instead of reusing the solver's timing, so a solver bug cannot hide behind itself.
/// </summary>
public static class RosterValidator
{
    /// <summary>All violations of <paramref name="roster"/>; empty when it is valid.</summary>
    public static IReadOnlyList<Violation> Validate(RosterProblem problem, Roster roster)
    {
        var errors = new List<Violation>();
        var clients = problem.Clients.ToDictionary(c => c.Id, StringComparer.Ordinal);
        var caregivers = problem.Caregivers.ToDictionary(c => c.Id, StringComparer.Ordinal);
        var visitsByClient = new Dictionary<string, List<(DateOnly Date, string Caregiver, PlannedVisit Visit)>>(StringComparer.Ordinal);
        var weekly = new Dictionary<string, int>(StringComparer.Ordinal);
        var seenDays = new HashSet<(string, DateOnly)>();

        foreach (var day in roster.Days)
        {
            if (!caregivers.TryGetValue(day.CaregiverId, out var cg))
            {
                errors.Add(new(ViolationKind.UnknownReference, $"unknown caregiver {day.CaregiverId}", day.CaregiverId, null, day.Date));
                continue;
            }

            if (!seenDays.Add((day.CaregiverId, day.Date)) || day.Date < problem.WeekStart || day.Date > problem.WeekStart.AddDays(6))
            {
                errors.Add(new(ViolationKind.DayStructure, $"{day.CaregiverId} has a duplicate day or a day outside the week on {day.Date:yyyy-MM-dd}", day.CaregiverId, null, day.Date));
            }

            CheckDay(problem, cg, day, clients, errors);
            weekly[cg.Id] = weekly.GetValueOrDefault(cg.Id) + Worked(cg, day);
            foreach (var v in day.Visits)
            {
                if (!visitsByClient.TryGetValue(v.ClientId, out var list))
                {
                    visitsByClient[v.ClientId] = list = [];
                }

                list.Add((day.Date, cg.Id, v));
            }
        }

        foreach (var (id, minutes) in weekly)
        {
            if (minutes > caregivers[id].WeeklyMaxMinutes)
            {
                errors.Add(new(ViolationKind.WeeklyLimit, $"{id} works {minutes} min this week, more than {caregivers[id].WeeklyMaxMinutes}", id));
            }
        }

        var declared = roster.Unscheduled.GroupBy(u => u.ClientId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        foreach (var id in visitsByClient.Keys.Concat(declared.Keys).Where(k => !clients.ContainsKey(k)).Distinct())
        {
            errors.Add(new(ViolationKind.UnknownReference, $"unknown client {id}", null, id));
        }

        foreach (var client in problem.Clients)
        {
            var list = visitsByClient.GetValueOrDefault(client.Id) ?? [];
            CheckClientWeek(problem, client, list, declared.GetValueOrDefault(client.Id), errors);
        }

        return errors;
    }

    private static void CheckClientWeek(RosterProblem problem, RosterClient client, List<(DateOnly Date, string Caregiver, PlannedVisit Visit)> list, int declared, List<Violation> errors)
    {
        if (list.Count > client.VisitsPerWeek || list.Count + declared != client.VisitsPerWeek)
        {
            errors.Add(new(ViolationKind.VisitCount, $"client {client.Id}: {list.Count} visits planned and {declared} declared unscheduled, {client.VisitsPerWeek} required", null, client.Id));
        }

        var days = list.Select(v => v.Date.DayNumber - problem.WeekStart.DayNumber).Order().ToArray();
        for (var i = 1; i < days.Length; i++)
        {
            if (days[i] == days[i - 1])
            {
                errors.Add(new(ViolationKind.SameDay, $"client {client.Id} has two visits on {problem.WeekStart.AddDays(days[i]):yyyy-MM-dd}", null, client.Id, problem.WeekStart.AddDays(days[i])));
            }
        }

        var allowed = Enumerable.Range(0, 7).Where(i => client.AllowedDays.Contains(problem.WeekStart.AddDays(i).DayOfWeek));
        var rule = VisitSpacing.Rule(client.VisitsPerWeek, allowed);
        var distinct = days.Distinct().ToArray();
        if (!VisitSpacing.Satisfies(rule, distinct, client.VisitsPerWeek))
        {
            errors.Add(new(ViolationKind.Spacing, $"client {client.Id}: visits on days {string.Join(",", distinct)} break the spread rule (gap ≥ {rule.MinGap}, first to last ≥ {rule.MinSpan})", null, client.Id));
        }

        foreach (var fixedVisit in client.FixedVisits)
        {
            var ok = list.Any(v => v.Date == fixedVisit.Date && v.Caregiver == fixedVisit.CaregiverId && (fixedVisit.Start is null || v.Visit.Start == fixedVisit.Start));
            if (!ok)
            {
                errors.Add(new(ViolationKind.FixedVisit, $"client {client.Id}: the fixed visit on {fixedVisit.Date:yyyy-MM-dd} with {fixedVisit.CaregiverId} is missing or moved", fixedVisit.CaregiverId, client.Id, fixedVisit.Date));
            }
        }
    }

    private static void CheckDay(RosterProblem problem, RosterCaregiver cg, CaregiverDay day, Dictionary<string, RosterClient> clients, List<Violation> errors)
    {
        void Add(ViolationKind kind, string message, string? client = null) => errors.Add(new(kind, message, cg.Id, client, day.Date));
        var date = day.Date;
        var label = $"{cg.Id} on {date:yyyy-MM-dd}";

        if (!cg.WorkingDays.Contains(date.DayOfWeek) || cg.UnavailableDates.Contains(date))
        {
            Add(ViolationKind.NotWorking, $"{label}: not a working day or unavailable");
        }

        if (cg.CertificateValidUntil is not { } valid || date > valid)
        {
            Add(ViolationKind.Certificate, $"{label}: certificate not valid on that date");
        }

        if (day.LeaveHome < cg.Shift.Start || day.BackHome > cg.Shift.End)
        {
            Add(ViolationKind.ShiftWindow, $"{label}: out {Hm(day.LeaveHome)}–{Hm(day.BackHome)}, shift {Hm(cg.Shift.Start)}–{Hm(cg.Shift.End)}");
        }

        var worked = Worked(cg, day);
        if (worked > cg.DailyMaxMinutes)
        {
            Add(ViolationKind.DailyLimit, $"{label}: works {worked} min, limit {cg.DailyMaxMinutes}");
        }

        // Busy intervals: visits and every travel leg; the break must avoid them all.
        var busy = day.Visits.Select(v => (v.Start, v.End)).Concat(day.Legs.Select(l => (Start: l.Depart, End: l.Arrive))).ToList();
        CheckLunch(cg, day, busy, label, Add);

        var from = cg.Home;
        var ready = day.LeaveHome;
        for (var i = 0; i < day.Visits.Count; i++)
        {
            var v = day.Visits[i];
            if (!clients.TryGetValue(v.ClientId, out var client))
            {
                continue;
            }

            if (i > 0 && v.Start < day.Visits[i - 1].End)
            {
                Add(ViolationKind.Overlap, $"{label}: visit to {v.ClientId} at {Hm(v.Start)} starts before the previous one ends", v.ClientId);
            }

            if (v.End - v.Start < client.MinutesPerVisit)
            {
                Add(ViolationKind.Duration, $"{label}: visit to {v.ClientId} lasts {v.End - v.Start} min, plan says {client.MinutesPerVisit}", v.ClientId);
            }

            var w = client.WindowOn(date.DayOfWeek);
            if (!client.AllowedDays.Contains(date.DayOfWeek) || v.Start < w.Start || v.End > w.End)
            {
                Add(ViolationKind.ClientWindow, $"{label}: visit to {v.ClientId} {Hm(v.Start)}–{Hm(v.End)} outside her window {Hm(w.Start)}–{Hm(w.End)} or day", v.ClientId);
            }

            if (cg.Skill < client.RequiredSkill)
            {
                Add(ViolationKind.Skill, $"{label}: {v.ClientId} needs {client.RequiredSkill}", v.ClientId);
            }

            if (client.Region.Length > 0 && cg.Region.Length > 0 && client.Region != cg.Region)
            {
                Add(ViolationKind.Region, $"{label}: {v.ClientId} lives in region {client.Region}, the caregiver serves {cg.Region}", v.ClientId);
            }

            if (client.ExcludedCaregivers.Contains(cg.Id))
            {
                Add(ViolationKind.ExcludedCaregiver, $"{label}: {v.ClientId} excluded this caregiver", v.ClientId);
            }

            CheckLeg(problem.Network, from, client.Location, AfterBreak(cg, day, ready, v.Start), v.Start, date, $"{label}: to {v.ClientId}", Add, v.ClientId);
            from = client.Location;
            ready = v.End;
        }

        if (day.Visits.Count > 0)
        {
            CheckLeg(problem.Network, from, cg.Home, AfterBreak(cg, day, ready, day.BackHome), day.BackHome, date, $"{label}: back home", Add, null);
        }

        foreach (var leg in day.Legs.Where(l => l.Kind == LegKind.Ferry))
        {
            if (leg.Line is null || !problem.Network.SailingExists(leg.Line, leg.From, leg.To, leg.Depart, date)
                || problem.Network.Crossing(leg.Line, leg.From, leg.To) is not { } c || leg.Arrive - leg.Depart < c)
            {
                Add(ViolationKind.FerryTimetable, $"{label}: no sailing {leg.Line} {leg.From}→{leg.To} at {Hm(leg.Depart)} that day");
            }
        }
    }

    /// <summary>The break taken in a gap delays the departure to the next stop (it is taken at the previous stop).</summary>
    private static int AfterBreak(RosterCaregiver cg, CaregiverDay day, int ready, int nextStart) =>
        day.LunchStart is { } l && l >= ready && l < nextStart ? Math.Max(ready, l + cg.LunchMinutes) : ready;

    private static void CheckLeg(FerryNetwork network, GeoPoint from, GeoPoint to, int ready, int due, DateOnly date, string what, Action<ViolationKind, string, string?> add, string? client)
    {
        var journey = network.EarliestArrival(from, to, ready, date);
        if (journey is null)
        {
            add(ViolationKind.Unreachable, $"{what}: no sailing gets there that day after {Hm(ready)}", client);
        }
        else if (journey.Arrive > due)
        {
            add(ViolationKind.TravelTime, $"{what}: earliest arrival {Hm(journey.Arrive)}, planned {Hm(due)}", client);
        }
    }

    private static void CheckLunch(RosterCaregiver cg, CaregiverDay day, List<(int Start, int End)> busy, string label, Action<ViolationKind, string, string?> add)
    {
        if (cg.LunchWindow is not { } w || day.Visits.Count == 0)
        {
            return;
        }

        bool Free(int b) => b >= w.Start && b + cg.LunchMinutes <= w.End && busy.All(x => x.End <= b || x.Start >= b + cg.LunchMinutes);
        if (day.LunchStart is { } l)
        {
            if (!Free(l))
            {
                add(ViolationKind.LunchBreak, $"{label}: break at {Hm(l)} is outside {Hm(w.Start)}–{Hm(w.End)} or overlaps work", null);
            }

            return;
        }

        if (!Enumerable.Range(w.Start, Math.Max(0, w.End - w.Start - cg.LunchMinutes + 1)).Any(Free))
        {
            add(ViolationKind.LunchBreak, $"{label}: no {cg.LunchMinutes}-minute break inside {Hm(w.Start)}–{Hm(w.End)}", null);
        }
    }

    private static int Worked(RosterCaregiver cg, CaregiverDay day) =>
        day.BackHome - day.LeaveHome - (day.LunchStart is { } l && l >= day.LeaveHome && l < day.BackHome ? cg.LunchMinutes : 0);

    private static string Hm(int minutes) => $"{minutes / 60:D2}:{minutes % 60:D2}";
}
