namespace CareOps.Scheduling.Travel;

/// <summary>A place (town or island) and the land group it belongs to: places of one group are joined by road or bridge.</summary>
/// <param name="Code">Unique code, e.g. "liuheng".</param>
/// <param name="Latitude">Latitude of the place centre, also its pier.</param>
/// <param name="Longitude">Longitude of the place centre.</param>
/// <param name="LandGroup">Places with the same group are reachable from each other on land.</param>
/// <param name="Urban">Whether land travel here runs at town speed.</param>
public sealed record TravelPlace(string Code, double Latitude, double Longitude, string LandGroup, bool Urban);

/// <summary>One direction of a ferry line: departures (minutes after midnight), crossing time, operating days.</summary>
/// <param name="Line">Code of the line, e.g. "F2"; suspensions are per line.</param>
/// <param name="From">Place code of the departure pier.</param>
/// <param name="To">Place code of the arrival pier.</param>
/// <param name="CrossingMinutes">Minutes on board.</param>
/// <param name="Departures">Departure times in minutes after midnight.</param>
/// <param name="OperatingDays">Days of week the sailing runs.</param>
public sealed record FerrySailings(string Line, string From, string To, int CrossingMinutes, IReadOnlyList<int> Departures, IReadOnlySet<DayOfWeek> OperatingDays);

/// <summary>A leg of a journey: on land, or on a given sailing.</summary>
/// <param name="Kind">Land or ferry.</param>
/// <param name="From">Place code where the leg starts.</param>
/// <param name="To">Place code where the leg ends.</param>
/// <param name="Depart">Departure, minutes after midnight.</param>
/// <param name="Arrive">Arrival, minutes after midnight.</param>
/// <param name="Line">The ferry line for ferry legs, otherwise null.</param>
public sealed record TravelLeg(LegKind Kind, string From, string To, int Depart, int Arrive, string? Line = null);

/// <summary>How a leg travels.</summary>
public enum LegKind
{
    /// <summary>By road.</summary>
    Land,

    /// <summary>On a scheduled sailing.</summary>
    Ferry,
}

/// <summary>The earliest journey found between two points.</summary>
/// <param name="Depart">When the traveller leaves (minutes after midnight); may be later than asked when waiting for a sailing is better done at the origin.</param>
/// <param name="Arrive">Arrival at the destination.</param>
/// <param name="Legs">The legs in order (empty when both points coincide).</param>
public sealed record Journey(int Depart, int Arrive, IReadOnlyList<TravelLeg> Legs)
{
    /// <summary>Minutes spent travelling on land.</summary>
    public int LandMinutes => Legs.Where(l => l.Kind == LegKind.Land).Sum(l => l.Arrive - l.Depart);

    /// <summary>Minutes spent on board.</summary>
    public int FerryMinutes => Legs.Where(l => l.Kind == LegKind.Ferry).Sum(l => l.Arrive - l.Depart);

    /// <summary>Whether a sailing is used.</summary>
    public bool UsesFerry => Legs.Any(l => l.Kind == LegKind.Ferry);
}

/// <summary>
/// Places, land travel and the time-dependent ferry timetable, with dated suspensions. Answers
/// "earliest arrival at B when leaving A at time t on date d" by a time-dependent Dijkstra over places
/// (FIFO holds: leaving later never arrives earlier, so label-setting is exact).
/// </summary>
public sealed class FerryNetwork
{
    private readonly Dictionary<string, TravelPlace> places;
    private readonly Dictionary<string, List<FerrySailings>> sailingsFrom;
    private readonly HashSet<(string Line, DateOnly Date)> suspensions;
    private readonly Dictionary<string, string[]> groupMembers;

    /// <summary>Creates the network.</summary>
    public FerryNetwork(IEnumerable<TravelPlace> places, IEnumerable<FerrySailings> sailings, IEnumerable<(string Line, DateOnly Date)> suspensions, ITravelTimeSource land)
    {
        this.places = places.ToDictionary(p => p.Code, StringComparer.Ordinal);
        sailingsFrom = sailings.GroupBy(s => s.From, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(s => s with { Departures = [.. s.Departures.Order()] }).ToList(), StringComparer.Ordinal);
        this.suspensions = [.. suspensions];
        groupMembers = this.places.Values.GroupBy(p => p.LandGroup, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(p => p.Code).Order(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);
        Land = land;
    }

    /// <summary>The land travel source.</summary>
    public ITravelTimeSource Land { get; }

    /// <summary>Every place by code.</summary>
    public IReadOnlyDictionary<string, TravelPlace> Places => places;

    /// <summary>Every sailing direction.</summary>
    public IEnumerable<FerrySailings> Sailings => sailingsFrom.Values.SelectMany(s => s);

    /// <summary>Whether the line is suspended on the date.</summary>
    public bool IsSuspended(string line, DateOnly date) => suspensions.Contains((line, date));

    /// <summary>A copy of this network with more suspended (line, date) pairs.</summary>
    public FerryNetwork WithSuspensions(IEnumerable<(string Line, DateOnly Date)> more) =>
        new(places.Values, Sailings, suspensions.Concat(more), Land);

    /// <summary>Every suspended (line, date).</summary>
    public IEnumerable<(string Line, DateOnly Date)> Suspensions => suspensions;

    /// <summary>Whether two places are joined on land.</summary>
    public bool SameLand(string a, string b) => GroupOf(a) == GroupOf(b);

    /// <summary>The land group of a place (the place itself if unknown).</summary>
    public string GroupOf(string place) => places.TryGetValue(place, out var p) ? p.LandGroup : place;

    /// <summary>Whether a sailing of this direction leaves at <paramref name="minute"/> on <paramref name="date"/>.</summary>
    public bool SailingExists(string line, string from, string to, int minute, DateOnly date) =>
        sailingsFrom.TryGetValue(from, out var list)
        && list.Any(s => s.Line == line && s.To == to && s.OperatingDays.Contains(date.DayOfWeek) && s.Departures.Contains(minute))
        && !IsSuspended(line, date);

    /// <summary>Crossing minutes of a line direction, or null if there is none.</summary>
    public int? Crossing(string line, string from, string to) =>
        sailingsFrom.TryGetValue(from, out var list) ? list.FirstOrDefault(s => s.Line == line && s.To == to)?.CrossingMinutes : null;

    /// <summary>
    /// Earliest arrival at <paramref name="to"/> when ready to leave <paramref name="from"/> at <paramref name="ready"/>
    /// on <paramref name="date"/>; null when no sailing of that day gets there. Sailings after midnight are not considered.
    /// </summary>
    public Journey? EarliestArrival(GeoPoint from, GeoPoint to, int ready, DateOnly date)
    {
        if (SameLand(from.Place, to.Place))
        {
            var m = Land.LandMinutes(from, to);
            return new Journey(ready, ready + m, m == 0 && from == to ? [] : [new TravelLeg(LegKind.Land, from.Place, to.Place, ready, ready + m)]);
        }

        // Labels: earliest time standing at a place's pier, and how we got there.
        var best = new Dictionary<string, int>(StringComparer.Ordinal);
        var via = new Dictionary<string, (string Prev, TravelLeg Leg)?>(StringComparer.Ordinal);
        var queue = new PriorityQueue<string, int>();
        foreach (var p in Members(from.Place))
        {
            var t = ready + Land.LandMinutes(from, Pier(p));
            best[p] = t;
            via[p] = null;
            queue.Enqueue(p, t);
        }

        var done = new HashSet<string>(StringComparer.Ordinal);
        while (queue.TryDequeue(out var p, out var t))
        {
            if (!done.Add(p) || t != best[p])
            {
                continue;
            }

            if (!sailingsFrom.TryGetValue(p, out var list))
            {
                continue;
            }

            foreach (var s in list)
            {
                if (!s.OperatingDays.Contains(date.DayOfWeek) || IsSuspended(s.Line, date))
                {
                    continue;
                }

                var dep = NextDeparture(s.Departures, t);
                if (dep is null)
                {
                    continue;
                }

                var landed = dep.Value + s.CrossingMinutes;
                var ferryLeg = new TravelLeg(LegKind.Ferry, s.From, s.To, dep.Value, landed, s.Line);
                foreach (var q in Members(s.To))
                {
                    var arrive = landed + (q == s.To ? 0 : Land.LandMinutes(Pier(s.To), Pier(q)));
                    if (!best.TryGetValue(q, out var old) || arrive < old)
                    {
                        best[q] = arrive;
                        via[q] = (p, ferryLeg);
                        queue.Enqueue(q, arrive);
                    }
                }
            }
        }

        string? end = null;
        var endTime = int.MaxValue;
        foreach (var p in Members(to.Place))
        {
            if (best.TryGetValue(p, out var t) && via[p] is not null)
            {
                var arrive = t + Land.LandMinutes(Pier(p), to);
                if (arrive < endTime)
                {
                    (end, endTime) = (p, arrive);
                }
            }
        }

        return end is null ? null : Build(from, to, end, endTime, via);
    }

    private Journey Build(GeoPoint from, GeoPoint to, string end, int endTime, Dictionary<string, (string Prev, TravelLeg Leg)?> via)
    {
        // Walk back through the ferry legs, then lay the land legs between them as late as possible:
        // waiting is done at the origin or pier, and a late start keeps the working day short.
        var ferries = new List<TravelLeg>();
        var cursor = end;
        while (via[cursor] is { } step)
        {
            ferries.Add(step.Leg);
            cursor = step.Prev;
        }

        ferries.Reverse();
        var legs = new List<TravelLeg>();
        var firstLand = Land.LandMinutes(from, Pier(ferries[0].From));
        if (from.Place != ferries[0].From || firstLand > 0)
        {
            legs.Add(new TravelLeg(LegKind.Land, from.Place, ferries[0].From, ferries[0].Depart - firstLand, ferries[0].Depart));
        }

        for (var i = 0; i < ferries.Count; i++)
        {
            legs.Add(ferries[i]);
            if (i + 1 < ferries.Count && ferries[i].To != ferries[i + 1].From)
            {
                var m = Land.LandMinutes(Pier(ferries[i].To), Pier(ferries[i + 1].From));
                legs.Add(new TravelLeg(LegKind.Land, ferries[i].To, ferries[i + 1].From, ferries[i].Arrive, ferries[i].Arrive + m));
            }
        }

        var last = ferries[^1];
        var lastLand = endTime - last.Arrive;
        if (lastLand > 0 || to.Place != last.To)
        {
            legs.Add(new TravelLeg(LegKind.Land, last.To, to.Place, last.Arrive, endTime));
        }

        return new Journey(legs[0].Depart, endTime, legs);
    }

    private static int? NextDeparture(IReadOnlyList<int> departures, int t)
    {
        foreach (var d in departures)
        {
            if (d >= t)
            {
                return d;
            }
        }

        return null;
    }

    private string[] Members(string place) =>
        groupMembers.TryGetValue(GroupOf(place), out var m) ? m : [place];

    /// <summary>The pier (centre) of a place as a point.</summary>
    public GeoPoint Pier(string place)
    {
        var p = places[place];
        return new GeoPoint(p.Latitude, p.Longitude, p.Code);
    }
}
