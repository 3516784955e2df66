namespace CareOps.Scheduling.Roster.Operators;

/// <summary>
/// Local search across caregiver-days: one visit to another caregiver and/or day, priced with continuity; a free move
/// that evens out two caregivers' weeks is taken too (workload balance is the next level of the objective).
/// </summary>
internal static class VisitRelocate
{
    /// <summary>Moves single visits to another caregiver and/or another day that keeps the spread rule, when travel drops by more than the continuity it costs.</summary>
    internal static bool Improve(RosterState state, int continuityWeight, Random random, Func<bool> goOn, bool moveDays = true)
    {
        const int Neighbours = 10;
        var any = false;
        var visits = state.Routes.OrderBy(r => r.Key.D).ThenBy(r => r.Key.G)
            .SelectMany(r => r.Value.Clients.Select(c => (C: c, r.Key.G, r.Key.D))).ToArray();
        random.Shuffle(visits);
        foreach (var (c, g, d) in visits)
        {
            if (!goOn())
            {
                break;
            }

            if (state.Clients[c].FixedVisits.Any(f => f.Date == state.Dates[d]))
            {
                continue;
            }

            var from = state.RouteOf(g, d);
            if (!from.Clients.Contains(c) || from.Timed is null)
            {
                continue;
            }

            var rest = from.Clients.Where(x => x != c).ToList();
            // Timing what is left is deferred: on one land mass the travel saved is exact without it.
            TimedDay? restTimed = null;
            var restKnown = false;
            TimedDay? RestTimed()
            {
                if (!restKnown)
                {
                    restTimed = rest.Count == 0 ? null : state.TimeSequence(g, d, rest);
                    restKnown = true;
                }

                return restTimed;
            }

            int removal;
            if (state.LandTravel(g, rest) is { } landRest && state.LandTravel(g, from.Clients) is not null)
            {
                removal = landRest - from.Timed.TravelMinutes;
            }
            else if (rest.Count > 0 && RestTimed() is null)
            {
                continue;
            }
            else
            {
                removal = (restTimed?.TravelMinutes ?? 0) - from.Timed.TravelMinutes;
            }

            var servedBy = state.ClientVisits[c].Select(v => v.G).ToArray();
            var losesG = servedBy.Count(x => x == g) == 1;
            (int Total, int G2, int D2, int Position, TimedDay Timed)? best = null;
            // Take the visit out of the bookkeeping while probing, so the spread check sees the other days only.
            state.ClientVisits[c].Remove((d, g));
            var days = Enumerable.Range(0, 7).Where(d2 => d2 == d || (moveDays && state.SpacingOk(c, d2))).ToArray();
            foreach (var g2 in state.Candidates[c].Take(Neighbours))
            {
                var continuity = g2 == g ? 0 : (servedBy.Contains(g2) ? 0 : 1) - (losesG ? 1 : 0);
                foreach (var d2 in days)
                {
                    if (g2 == g && d2 == d)
                    {
                        continue;
                    }

                    var target = state.RouteOf(g2, d2);
                    if (g2 == g && target.Timed is null)
                    {
                        // Opening a new day for the same caregiver rarely pays; skip to keep the pass short.
                        continue;
                    }

                    TimedDay? saved = null;
                    if (g2 == g)
                    {
                        // Same caregiver, other day: her weekly minutes must be judged without this visit's day as it is now.
                        if (rest.Count > 0 && RestTimed() is null)
                        {
                            continue;
                        }

                        saved = from.Timed;
                        state.SetTimed(g, from, restTimed);
                    }

                    // Only moves that beat both "no move" and the best move so far are of interest; a move that costs
                    // nothing is still worth it when it evens out the two caregivers' weeks (workload balance ranks next).
                    var evens = best is null && g2 != g && state.Weekly[g] > state.Weekly[g2] + state.Clients[c].MinutesPerVisit;
                    var bound = Math.Min(0, best?.Total ?? 0) - removal - (continuity * continuityWeight) + (evens ? 1 : 0);
                    var ins = state.BestInsertion(c, g2, d2, bound);
                    if (saved is not null)
                    {
                        state.SetTimed(g, from, saved);
                    }

                    if (ins is not { } i)
                    {
                        continue;
                    }

                    var total = removal + i.Delta + continuity * continuityWeight;
                    if (total < 0 && (best is null || total < best.Value.Total))
                    {
                        best = (total, g2, d2, i.Position, i.Timed);
                    }
                    else if (total == 0 && evens && best is null && (rest.Count == 0 || RestTimed() is not null))
                    {
                        long mine = state.Weekly[g], theirs = state.Weekly[g2];
                        var w1 = from.Timed.WorkedMinutes - (restTimed?.WorkedMinutes ?? 0);
                        var w2 = i.Timed.WorkedMinutes - (target.Timed?.WorkedMinutes ?? 0);
                        if (((mine - w1) * (mine - w1)) + ((theirs + w2) * (theirs + w2)) < (mine * mine) + (theirs * theirs))
                        {
                            best = (0, g2, d2, i.Position, i.Timed);
                        }
                    }
                }
            }

            if (best is not null && rest.Count > 0 && RestTimed() is null)
            {
                best = null;
            }

            state.ClientVisits[c].Add((d, g));
            if (best is { } b)
            {
                var fromBefore = (Clients: from.Clients.ToList(), from.Timed);
                from.Clients.Remove(c);
                state.SetTimed(g, from, restTimed);
                state.ClientVisits[c].Remove((d, g));
                if (b.G2 == g && b.D2 != d)
                {
                    // The target route was timed against the old weekly total; re-time to be exact.
                    var again = state.BestInsertion(c, b.G2, b.D2);
                    if (again is { } a)
                    {
                        state.Insert(c, b.G2, b.D2, a.Position, a.Timed);
                    }
                    else
                    {
                        // Put the day back exactly as it was.
                        state.Replace(g, from, fromBefore.Clients, fromBefore.Timed);
                        state.ClientVisits[c].Add((d, g));
                        continue;
                    }
                }
                else
                {
                    state.Insert(c, b.G2, b.D2, b.Position, b.Timed);
                }

                any = true;
            }
        }

        return any;
    }
}
