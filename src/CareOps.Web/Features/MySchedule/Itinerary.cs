using System.Globalization;
using CareOps.Data.Domain;
using CareOps.Data.Rostering;
using CareOps.Scheduling.Roster;
using CareOps.Scheduling.Travel;
using CareOps.Web.Features.Roster;

namespace CareOps.Web.Features.MySchedule;

/// <summary>A care-plan item to perform, with its catalogue names.</summary>
public sealed record MyItem(string Code, string NameZh, string NameEn);

/// <summary>A visit as the caregiver sees it: time, client, address, home coordinates and what to do (never the resident ID).</summary>
public sealed record MyVisit(Guid Id, DateOnly Date, TimeOnly PlannedStart, int PlannedMinutes, VisitPhase Phase,
    string ClientName, string ClientAddress, double Latitude, double Longitude, IReadOnlyList<MyItem> Items);

/// <summary>One leg of a journey, by road or on a sailing, with place and line names as shown.</summary>
public sealed record MyLeg(LegKind Kind, TimeOnly Depart, TimeOnly Arrive, string From, string To, string? Line);

/// <summary>A journey: to a visit (from home or from the visit before) or home from the last one.</summary>
public sealed record MyTravel(IReadOnlyList<MyLeg> Legs)
{
    public TimeOnly Depart => Legs[0].Depart;

    /// <summary>Minutes on the road and on board (waiting at a pier not counted).</summary>
    public int Minutes => Legs.Sum(l => (int)(l.Arrive - l.Depart).TotalMinutes);

    public IEnumerable<MyLeg> Sailings => Legs.Where(l => l.Kind == LegKind.Ferry);
}

/// <summary>The last sailing that still brings her home from an island that day.</summary>
public sealed record MySailing(TimeOnly Depart, string From, string To, string Line);

/// <summary>A visit of her day with the journey to it (null: none known) and, leaving an island, the last sailing back.</summary>
public sealed record MyStop(MyVisit Visit, MyTravel? Travel, bool FromHome, MySailing? LastSailingBack);

/// <summary>One day of hers with visits, in order, and the way home when the published roster gives it.</summary>
public sealed record MyDay(DateOnly Date, IReadOnlyList<MyStop> Stops, MyTravel? WayHome);

/// <summary>Her week: the days with visits, and the visits of the week that were cancelled (for the change notices).</summary>
public sealed record MyWeek(DateOnly Monday, IReadOnlyList<MyDay> Days, IReadOnlySet<Guid> Cancelled)
{
    public IEnumerable<MyVisit> Visits => Days.SelectMany(d => d.Stops).Select(s => s.Visit);

    public MyDay? On(DateOnly date) => Days.FirstOrDefault(d => d.Date == date);

    public static MyWeek Empty(DateOnly monday) => new(monday, [], new HashSet<Guid>());
}

/// <summary>The week's published version as read: its roster, the problem it answered, and the names of places and lines by code.</summary>
public sealed record PublishedWeek(Scheduling.Roster.Roster Roster, RosterProblem? Problem,
    IReadOnlyDictionary<string, string> PlaceNames, IReadOnlyDictionary<string, string> LineNames);

/// <summary>
/// A caregiver's itinerary: her visit rows in order, with the journeys and sailings of the published roster where it
/// still describes them. Visit rows are the truth of what she does; the roster only adds how she gets there, so a
/// visit the published version does not hold (added or moved by hand since, or a week never published) is shown
/// without travel.
/// </summary>
public static class Itinerary
{
    /// <summary>Her week, from her visit rows (with their clients' ids, used only to find them in the roster).</summary>
    public static MyWeek Week(DateOnly monday, Guid caregiverId, IReadOnlyList<(MyVisit Visit, Guid ClientId)> visits, IReadOnlySet<Guid> cancelled,
        PublishedWeek? published) =>
        new(monday,
            [.. visits.GroupBy(v => v.Visit.Date).OrderBy(g => g.Key).Select(g => Day(g.Key, caregiverId, [.. g.OrderBy(v => v.Visit.PlannedStart)], published))],
            cancelled);

    private static MyDay Day(DateOnly date, Guid caregiverId, IReadOnlyList<(MyVisit Visit, Guid ClientId)> visits, PublishedWeek? published)
    {
        var her = RosterProblemBuilder.IdOf(caregiverId);
        var rosterDay = published?.Roster.Days.FirstOrDefault(d => d.CaregiverId == her && d.Date == date);
        var slots = rosterDay is null ? [] : rosterDay.Visits.Select(v => RosterSlot.Of(rosterDay, v)).ToList();
        var route = rosterDay is null ? null : DayRoute.Of(rosterDay);

        // Which roster visit each row is (-1: none): the same client, day, start and length.
        var index = visits.Select(v => slots.IndexOf(new RosterSlot(v.ClientId, caregiverId, date, v.Visit.PlannedStart, v.Visit.PlannedMinutes))).ToList();
        var stops = new List<MyStop>(visits.Count);
        for (var i = 0; i < visits.Count; i++)
        {
            // A journey is hers only when she comes from where the roster's does: home before its first visit, or
            // the roster's visit before this one.
            var k = index[i];
            var follows = k >= 0 && (i == 0 ? k == 0 : index[i - 1] == k - 1);
            var travel = follows ? Travel(route!.ToVisit[k], published!) : null;
            var next = i + 1 < visits.Count ? visits[i + 1].ClientId : (Guid?)null;
            stops.Add(new MyStop(visits[i].Visit, travel, follows && k == 0, LastSailingBack(published, her, visits[i], next)));
        }

        var home = route is not null && index.Count > 0 && index[^1] >= 0 && index[^1] == slots.Count - 1 ? Travel(route.Home, published!) : null;
        return new MyDay(date, stops, home);
    }

    private static MyTravel? Travel(IReadOnlyList<TravelLeg> legs, PublishedWeek published) => legs.Count == 0
        ? null
        : new MyTravel([.. legs.Select(l => new MyLeg(l.Kind, Time(l.Depart), Time(l.Arrive), PlaceName(published, l.From), PlaceName(published, l.To),
            l.Line is null ? null : published.LineNames.GetValueOrDefault(l.Line, l.Line)))]);

    /// <summary>
    /// For a visit on an island (not on her home's land), when she leaves that island after it: the last sailing of
    /// the day that still brings her home, from the timetable the published version was planned on.
    /// </summary>
    private static MySailing? LastSailingBack(PublishedWeek? published, string her, (MyVisit Visit, Guid ClientId) stop, Guid? nextClient)
    {
        var problem = published?.Problem;
        var home = problem?.Caregivers.FirstOrDefault(c => c.Id == her)?.Home;
        var client = problem?.Clients.FirstOrDefault(c => c.Id == RosterProblemBuilder.IdOf(stop.ClientId))?.Location;
        if (published is null || problem is null || home is null || client is null || problem.Network.SameLand(client.Place, home.Place))
        {
            return null;
        }

        var next = nextClient is { } n ? problem.Clients.FirstOrDefault(c => c.Id == RosterProblemBuilder.IdOf(n))?.Location : null;
        if (next is not null && problem.Network.SameLand(client.Place, next.Place))
        {
            return null; // her next visit is on the same island: the sailing is told after the last one there
        }

        var end = RosterProblemBuilder.Minutes(stop.Visit.PlannedStart) + stop.Visit.PlannedMinutes;
        var sailing = LastWayBack(problem.Network, client, home, stop.Visit.Date, end)?.Legs.FirstOrDefault(l => l.Kind == LegKind.Ferry);
        return sailing is null ? null
            : new MySailing(Time(sailing.Depart), PlaceName(published, sailing.From), PlaceName(published, sailing.To), published.LineNames.GetValueOrDefault(sailing.Line!, sailing.Line!));
    }

    /// <summary>
    /// The journey home that leaves <paramref name="from"/> as late as still arrives that day (null when none does
    /// after <paramref name="ready"/>): its first sailing is the last one she can take.
    /// </summary>
    public static Journey? LastWayBack(FerryNetwork network, GeoPoint from, GeoPoint home, DateOnly date, int ready)
    {
        var journey = network.EarliestArrival(from, home, ready, date);
        if (journey is null)
        {
            return null;
        }

        // Note: leaving later never arrives earlier (FIFO, see FerryNetwork), so "a way home exists" only turns false
        // once as the departure grows: bisect for the last minute it holds. Sailings after midnight are not considered.
        var (low, high) = (ready, 24 * 60);
        while (high - low > 1)
        {
            var middle = (low + high) / 2;
            if (network.EarliestArrival(from, home, middle, date) is { } later)
            {
                (low, journey) = (middle, later);
            }
            else
            {
                high = middle;
            }
        }

        return journey;
    }

    /// <summary>A time as the phone shows it (24-hour, "08:40").</summary>
    public static string Hm(TimeOnly time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);

    private static string PlaceName(PublishedWeek published, string code) => published.PlaceNames.GetValueOrDefault(code, code);

    private static TimeOnly Time(int minutes) => RosterSlot.TimeOf(((minutes % 1440) + 1440) % 1440);
}
