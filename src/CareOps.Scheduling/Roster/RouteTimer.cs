using CareOps.Scheduling.Travel;

namespace CareOps.Scheduling.Roster;

/// <summary>A visit to time: where, how long, within which window, and an optional pinned start.</summary>
internal readonly record struct StopSpec(string ClientId, GeoPoint Location, int Duration, DayWindow Window, int? Pinned)
{
    /// <summary>The client's visit on a date: her place, minutes and that weekday's window.</summary>
    public static StopSpec Of(RosterClient client, DateOnly date, int? pinned) =>
        new(client.Id, client.Location, client.MinutesPerVisit, client.WindowOn(date.DayOfWeek), pinned);
}

/// <summary>A timed caregiver day and what it costs.</summary>
internal sealed record TimedDay(CaregiverDay Day, int TravelMinutes, int FerryMinutes, int WorkedMinutes);

/// <summary>
/// The solver's exact day timing: visits in the given order, as early as possible, ferry-aware, trying each
/// place for the lunch break. Note: the validator does not use this class; it re-derives every check itself.
/// </summary>
internal sealed class RouteTimer(FerryNetwork network)
{
    public FerryNetwork Network { get; } = network;

    /// <summary>Times the day, or null if the order cannot be kept within windows, shift, break and daily limit.</summary>
    public TimedDay? Time(RosterCaregiver caregiver, DateOnly date, IReadOnlyList<StopSpec> stops)
    {
        if (stops.Count == 0)
        {
            return null;
        }

        TimedDay? best = null;
        // Lunch positions: -1 = no break needed/possible check, 0..n = after stop k (0 = at home before leaving), n+1 = at home after.
        var positions = caregiver.LunchWindow is null ? [-1] : Enumerable.Range(0, stops.Count + 2).ToArray();
        foreach (var k in positions)
        {
            var timed = TimeWithLunchAt(caregiver, date, stops, k, out var lunchTooLate);
            if (lunchTooLate)
            {
                // The day only gets later further on (FIFO legs): no later lunch position can fit either.
                break;
            }

            if (timed is not null && (best is null || timed.WorkedMinutes < best.WorkedMinutes))
            {
                best = timed;
            }
        }

        return best;
    }

    private TimedDay? TimeWithLunchAt(RosterCaregiver caregiver, DateOnly date, IReadOnlyList<StopSpec> stops, int lunchAfter, out bool lunchTooLate)
    {
        lunchTooLate = false;
        var n = stops.Count;
        var legs = new List<TravelLeg>(n * 2 + 2);
        var visits = new List<PlannedVisit>(n);
        var t = caregiver.Shift.Start;
        int? lunch = null;
        var here = caregiver.Home;
        var leave = -1;
        for (var i = 0; i <= n; i++)
        {
            if (lunchAfter == i)
            {
                var w = caregiver.LunchWindow!.Value;
                var b = Math.Max(t, w.Start);
                if (b + caregiver.LunchMinutes > w.End)
                {
                    lunchTooLate = true;
                    return null;
                }

                lunch = b;
                t = b + caregiver.LunchMinutes;
            }

            var next = i < n ? stops[i].Location : caregiver.Home;
            var journey = Network.EarliestArrival(here, next, t, date);
            if (journey is null)
            {
                return null;
            }

            int arrive = journey.Arrive;
            var journeyLegs = journey.Legs;
            if (i < n)
            {
                var s = stops[i];
                var start = Math.Max(arrive, s.Window.Start);
                if (s.Pinned is { } p)
                {
                    if (p < start)
                    {
                        return null;
                    }

                    start = p;
                }

                if (start + s.Duration > s.Window.End)
                {
                    return null;
                }

                if (i == 0)
                {
                    // Leave home as late as still arrives on time; only land legs can slide (sailings are fixed).
                    var slack = journey.UsesFerry ? 0 : start - arrive;
                    journeyLegs = [.. journeyLegs.Select(l => l with { Depart = l.Depart + slack, Arrive = l.Arrive + slack })];
                    leave = journeyLegs.Count > 0 ? journeyLegs[0].Depart : start;
                    if (lunchAfter == 0 && lunch is { } l0 && l0 + caregiver.LunchMinutes > leave)
                    {
                        return null;
                    }
                }

                visits.Add(new PlannedVisit(s.ClientId, start, start + s.Duration));
                t = start + s.Duration;
                here = s.Location;
            }
            else
            {
                if (arrive > caregiver.Shift.End)
                {
                    return null;
                }

                t = arrive;
            }

            legs.AddRange(journeyLegs);
        }

        var back = t;
        if (lunchAfter == n + 1)
        {
            var w = caregiver.LunchWindow!.Value;
            var b = Math.Max(back, w.Start);
            if (b + caregiver.LunchMinutes > w.End)
            {
                lunchTooLate = true;
                return null;
            }

            lunch = b;
        }

        if (leave < caregiver.Shift.Start)
        {
            return null;
        }

        var worked = back - leave;
        if (lunch is { } l && l >= leave && l < back)
        {
            worked -= caregiver.LunchMinutes;
        }

        if (worked > caregiver.DailyMaxMinutes)
        {
            return null;
        }

        var travel = legs.Sum(x => x.Arrive - x.Depart);
        var ferry = legs.Where(x => x.Kind == LegKind.Ferry).Sum(x => x.Arrive - x.Depart);
        return new TimedDay(new CaregiverDay(caregiver.Id, date, leave, back, lunch, visits, legs), travel, ferry, worked);
    }
}
