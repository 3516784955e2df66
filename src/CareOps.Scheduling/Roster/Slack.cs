using CareOps.Scheduling.Travel;

namespace CareOps.Scheduling.Roster;

/// <summary>
/// The O(1) insertion screen of one timed caregiver-day (time-window slack, as in Savelsbergh 1992): for each visit
/// the earliest start any timing of the day can give it (forward pass) and the latest start that still lets the rest
/// of the day fit (backward pass), computed with a lower bound on every leg (exact land minutes on one land mass,
/// 0 across water) and without the lunch break. Everything is a relaxation, so an insertion the screen rejects is
/// certainly infeasible; one it accepts is then timed exactly by <see cref="RouteTimer"/>, which has the last word.
/// </summary>
internal sealed class Slack
{
    private int[] clients = [];
    private int[] earliest = [];
    private int[] latest = [];
    private int[] durations = [];
    private int sumDurations;
    private int lowerTravel;

    /// <summary>The timing this screen was built from.</summary>
    public TimedDay? For { get; private init; }

    /// <summary>The pins (held start times) the screen was built under.</summary>
    public int PinsVersion { get; private init; }

    /// <summary>Number of visits in the day.</summary>
    public int Count => clients.Length;

    /// <summary>Whether every visit of the day is on the caregiver's land mass (then travel is exact and time-independent).</summary>
    public bool LandOnly { get; private init; }

    /// <summary>The screen of an empty day.</summary>
    public static readonly Slack Empty = new() { LandOnly = true };

    /// <summary>Builds the screen of a timed day.</summary>
    public static Slack Build(RosterState state, int g, int d, RosterState.Route route)
    {
        var cg = state.Caregivers[g];
        var n = route.Clients.Count;
        var slack = new Slack
        {
            For = route.Timed,
            PinsVersion = state.PinsVersion,
            LandOnly = route.Clients.All(c => state.SameLand(c, g)),
            clients = [.. route.Clients],
            earliest = new int[n],
            latest = new int[n],
            durations = new int[n],
        };
        var stops = route.Clients.Select(c => state.Stop(c, g, d)).ToArray();
        var t = cg.Shift.Start;
        var here = cg.Home;
        for (var i = 0; i < n; i++)
        {
            var s = stops[i];
            var leg = Lower(state, here, s.Location);
            slack.lowerTravel += leg;
            var start = Math.Max(t + leg, s.Window.Start);
            slack.earliest[i] = s.Pinned ?? start;
            slack.durations[i] = s.Duration;
            slack.sumDurations += s.Duration;
            t = slack.earliest[i] + s.Duration;
            here = s.Location;
        }

        slack.lowerTravel += Lower(state, here, cg.Home);
        var limit = cg.Shift.End;
        var next = cg.Home;
        for (var i = n - 1; i >= 0; i--)
        {
            var s = stops[i];
            var l = Math.Min(s.Window.End, limit - Lower(state, s.Location, next)) - s.Duration;
            slack.latest[i] = s.Pinned is { } p ? Math.Min(l, p) : l;
            limit = slack.latest[i];
            next = s.Location;
        }

        return slack;
    }

    /// <summary>
    /// Screens inserting a visit before position <paramref name="position"/>: null if it certainly cannot fit
    /// (window, shift, successor's latest start, daily or weekly limit), otherwise the lower bound on the added
    /// travel (exact on a land-only day).
    /// </summary>
    /// <param name="state">The working roster.</param>
    /// <param name="stop">The visit to insert (<see cref="RosterState.Stop"/>).</param>
    /// <param name="g">Caregiver.</param>
    /// <param name="position">Insert before this visit (Count = at the end).</param>
    /// <param name="weeklyOthers">The caregiver's worked minutes on her other days.</param>
    public int? Screen(RosterState state, StopSpec stop, int g, int position, int weeklyOthers)
    {
        var cg = state.Caregivers[g];
        var n = clients.Length;
        var prev = position == 0 ? cg.Home : state.Clients[clients[position - 1]].Location;
        var next = position == n ? cg.Home : state.Clients[clients[position]].Location;
        var prevEnd = position == 0 ? cg.Shift.Start : earliest[position - 1] + durations[position - 1];
        var a = Lower(state, prev, stop.Location);
        var b = Lower(state, stop.Location, next);
        var saved = Lower(state, prev, next);
        var arrive = prevEnd + a;
        var start = Math.Max(arrive, stop.Window.Start);
        if (stop.Pinned is { } p)
        {
            if (p < arrive)
            {
                return null;
            }

            start = p;
        }

        if (start + stop.Duration > stop.Window.End)
        {
            return null;
        }

        var limit = position == n ? cg.Shift.End : latest[position];
        if (start + stop.Duration + b > limit)
        {
            return null;
        }

        var worked = sumDurations + stop.Duration + lowerTravel - saved + a + b;
        if (worked > cg.DailyMaxMinutes || weeklyOthers + worked > cg.WeeklyMaxMinutes)
        {
            return null;
        }

        return a + b - saved;
    }

    /// <summary>A lower bound on the minutes from one point to another at any time of day.</summary>
    public static int Lower(RosterState state, GeoPoint from, GeoPoint to) =>
        state.Problem.Network.SameLand(from.Place, to.Place) ? state.Problem.Network.Land.LandMinutes(from, to) : 0;
}
