using CareOps.Scheduling.Travel;

namespace CareOps.Scheduling.Roster;

/// <summary>A dispatcher's move of one visit: from a caregiver's day to another caregiver, day or time.</summary>
/// <param name="ClientId">Whose visit.</param>
/// <param name="FromCaregiverId">Its caregiver now.</param>
/// <param name="FromDate">Its day now.</param>
/// <param name="ToCaregiverId">The caregiver it goes to (may be the same).</param>
/// <param name="ToDate">The day it goes to (may be the same).</param>
/// <param name="ToStart">The start wanted (minutes after midnight), or null for the best place in that day.</param>
public sealed record VisitMove(string ClientId, string FromCaregiverId, DateOnly FromDate, string ToCaregiverId, DateOnly ToDate, int? ToStart);

/// <summary>
/// Manual edits of a roster. A move re-times both days it touches with the solver's exact, ferry-aware timer; when
/// the wanted day cannot be timed within the rules (the dispatcher may override), the day is still laid out in order
/// (earliest journeys, the wanted start kept, no break where none fits) so that <see cref="RosterValidator"/> can name
/// every rule it breaks. Days the move does not touch are kept exactly.
/// </summary>
public static class RosterEdit
{
    /// <summary>The roster after the move; throws <see cref="ArgumentException"/> when the visit is not where the move says.</summary>
    public static Roster Move(RosterProblem problem, Roster roster, VisitMove move)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(roster);
        ArgumentNullException.ThrowIfNull(move);
        var clients = problem.Clients.ToDictionary(c => c.Id, StringComparer.Ordinal);
        var caregivers = problem.Caregivers.ToDictionary(c => c.Id, StringComparer.Ordinal);
        if (!clients.TryGetValue(move.ClientId, out var client) || !caregivers.TryGetValue(move.ToCaregiverId, out var toCaregiver)
            || !caregivers.TryGetValue(move.FromCaregiverId, out var fromCaregiver))
        {
            throw new ArgumentException("The move names a client or caregiver the problem does not know.", nameof(move));
        }

        var days = roster.Days.ToList();
        var source = days.SingleOrDefault(d => d.CaregiverId == move.FromCaregiverId && d.Date == move.FromDate && d.Visits.Any(v => v.ClientId == move.ClientId))
            ?? throw new ArgumentException("The visit is not in the roster where the move says.", nameof(move));
        var timer = new RouteTimer(problem.Network);

        // Out of its day: the rest of that day keeps its order and is timed again.
        days.Remove(source);
        var rest = source.Visits.Where(v => v.ClientId != move.ClientId).ToList();
        if (rest.Count > 0)
        {
            days.Add(TimeOrLayOut(timer, fromCaregiver, source.Date, [.. rest.Select(v => StopSpec.Of(clients[v.ClientId], source.Date, null))]));
        }

        // Into the target day: at the wanted start (in time order), or at the cheapest place that times.
        var target = days.SingleOrDefault(d => d.CaregiverId == move.ToCaregiverId && d.Date == move.ToDate);
        if (target is not null)
        {
            days.Remove(target);
        }

        var existing = (target?.Visits ?? []).Select(v => (v.Start, Stop: StopSpec.Of(clients[v.ClientId], move.ToDate, null))).ToList();
        var moved = StopSpec.Of(client, move.ToDate, move.ToStart);
        CaregiverDay day;
        if (move.ToStart is { } start)
        {
            var ordered = existing.Append((Start: start, Stop: moved)).OrderBy(s => s.Start).Select(s => s.Stop).ToList();
            day = TimeOrLayOut(timer, toCaregiver, move.ToDate, ordered);
        }
        else
        {
            var stops = existing.Select(s => s.Stop).ToList();
            var best = Enumerable.Range(0, stops.Count + 1)
                .Select(i => timer.Time(toCaregiver, move.ToDate, [.. stops.Take(i), moved, .. stops.Skip(i)]))
                .OfType<TimedDay>()
                .OrderBy(t => t.WorkedMinutes)
                .FirstOrDefault();
            day = best?.Day ?? LayOut(problem.Network, toCaregiver, move.ToDate, [.. stops, moved]);
        }

        days.Add(day);
        return roster with { Days = [.. days.OrderBy(d => d.Date).ThenBy(d => d.CaregiverId, StringComparer.Ordinal)] };
    }

    private static CaregiverDay TimeOrLayOut(RouteTimer timer, RosterCaregiver caregiver, DateOnly date, IReadOnlyList<StopSpec> stops) =>
        timer.Time(caregiver, date, stops)?.Day ?? LayOut(timer.Network, caregiver, date, stops);

    /// <summary>
    /// The day in the given order without the rules: leave home at the shift's start, each visit as soon as the
    /// journey and its window (or wanted start) allow, no break. Only for showing what a rule-breaking move means.
    /// </summary>
    private static CaregiverDay LayOut(FerryNetwork network, RosterCaregiver caregiver, DateOnly date, IReadOnlyList<StopSpec> stops)
    {
        var legs = new List<TravelLeg>();
        var visits = new List<PlannedVisit>();
        var here = caregiver.Home;
        var t = caregiver.Shift.Start;
        foreach (var stop in stops)
        {
            var journey = network.EarliestArrival(here, stop.Location, t, date);
            if (journey is not null)
            {
                legs.AddRange(journey.Legs);
            }

            var arrive = journey?.Arrive ?? t;
            var start = stop.Pinned ?? Math.Max(arrive, stop.Window.Start);
            visits.Add(new PlannedVisit(stop.ClientId, start, start + stop.Duration));
            t = start + stop.Duration;
            here = stop.Location;
        }

        var home = network.EarliestArrival(here, caregiver.Home, t, date);
        if (home is not null)
        {
            legs.AddRange(home.Legs);
        }

        var back = home?.Arrive ?? t;
        var leave = legs.Count > 0 ? Math.Min(legs[0].Depart, visits[0].Start) : visits[0].Start;
        return new CaregiverDay(caregiver.Id, date, leave, back, null, visits, legs);
    }
}
