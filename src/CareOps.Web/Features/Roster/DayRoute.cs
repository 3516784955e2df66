using CareOps.Scheduling.Roster;
using CareOps.Scheduling.Travel;

namespace CareOps.Web.Features.Roster;

/// <summary>
/// A caregiver's day of a roster cut into journeys: the legs that lead to each visit (from home, then from the visit
/// before) and the legs back home.
/// </summary>
/// <param name="ToVisit">For each visit of the day, in order, the legs that bring her there (empty when she is already there).</param>
/// <param name="Home">The legs from the last visit home.</param>
public sealed record DayRoute(IReadOnlyList<IReadOnlyList<TravelLeg>> ToVisit, IReadOnlyList<TravelLeg> Home)
{
    /// <summary>The journeys of a day.</summary>
    public static DayRoute Of(CaregiverDay day)
    {
        // Note: the route timer lays each journey after the stop it leaves and before the stop it reaches, so a leg's
        // times say which journey it belongs to (a day holds no more legs than journeys can carry).
        var journeys = new List<IReadOnlyList<TravelLeg>>(day.Visits.Count);
        var after = int.MinValue;
        foreach (var visit in day.Visits)
        {
            journeys.Add([.. day.Legs.Where(l => l.Depart >= after && l.Arrive <= visit.Start)]);
            after = visit.End;
        }

        return new DayRoute(journeys, [.. day.Legs.Where(l => l.Depart >= after)]);
    }
}
