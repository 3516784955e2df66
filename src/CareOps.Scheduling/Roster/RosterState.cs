namespace CareOps.Scheduling.Roster;

/// <summary>
/// The mutable working roster the greedy baseline, the solver and repair share: one ordered route per
/// (caregiver, day), each kept timed by <see cref="RouteTimer"/>, plus the per-client and per-week bookkeeping.
/// </summary>
internal sealed class RosterState
{
    public readonly RosterProblem Problem;
    public readonly RouteTimer Timer;
    public readonly RosterClient[] Clients;
    public readonly RosterCaregiver[] Caregivers;
    public readonly DateOnly[] Dates;
    public readonly Dictionary<string, int> ClientIndex;
    public readonly Dictionary<string, int> CaregiverIndex;
    public readonly SpreadRule[] Rules;
    public readonly List<int[]>[] ClientPatterns;
    private readonly int[][] patternMasks;
    public readonly int[][] Candidates;
    public readonly int[][] ApproachMinutes;
    public readonly Dictionary<(int G, int D), Route> Routes = [];
    public readonly List<(int D, int G)>[] ClientVisits;
    public readonly int[] Weekly;

    /// <summary>Start times to hold (repair keeps published visits where they were while it can).</summary>
    private readonly Dictionary<(int C, int D), int> pins = [];

    /// <summary>Bumped on every pin change, so cached screens built under other pins are rebuilt.</summary>
    public int PinsVersion { get; private set; }

    /// <summary>Holds client c's visit on day d at a start time.</summary>
    public void Pin(int c, int d, int start)
    {
        pins[(c, d)] = start;
        PinsVersion++;
    }

    /// <summary>Releases a held start time.</summary>
    public void Unpin(int c, int d)
    {
        if (pins.Remove((c, d)))
        {
            PinsVersion++;
        }
    }

    /// <summary>Releases every held start time.</summary>
    public void ClearPins()
    {
        pins.Clear();
        PinsVersion++;
    }

    /// <summary>Whether client c's visit on day d is held at a start time.</summary>
    public bool IsPinned(int c, int d) => pins.ContainsKey((c, d));

    public RosterState(RosterProblem problem)
    {
        Problem = problem;
        Timer = new RouteTimer(problem.Network);
        Clients = [.. problem.Clients];
        Caregivers = [.. problem.Caregivers];
        Dates = [.. problem.Dates];
        ClientIndex = Clients.Select((c, i) => (c.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        CaregiverIndex = Caregivers.Select((c, i) => (c.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        Rules = [.. Clients.Select(c => VisitSpacing.Rule(c.VisitsPerWeek, VisitSpacing.AllowedIndexes(c, problem.WeekStart)))];
        ClientPatterns = [.. Clients.Select((c, i) => VisitSpacing.Patterns(VisitSpacing.AllowedIndexes(c, problem.WeekStart), c.VisitsPerWeek, Rules[i]))];
        patternMasks = [.. ClientPatterns.Select(list => list.Select(p => p.Sum(d => 1 << d)).ToArray())];
        ClientVisits = [.. Clients.Select(_ => new List<(int D, int G)>())];
        Weekly = new int[Caregivers.Length];
        Candidates = new int[Clients.Length][];
        ApproachMinutes = new int[Clients.Length][];
        var byRegion = Enumerable.Range(0, Caregivers.Length).GroupBy(g => Caregivers[g].Region, StringComparer.Ordinal).ToDictionary(x => x.Key, x => x.ToArray(), StringComparer.Ordinal);
        for (var c = 0; c < Clients.Length; c++)
        {
            var client = Clients[c];
            var pool = client.Region.Length > 0 && byRegion.TryGetValue(client.Region, out var r) ? r : Enumerable.Range(0, Caregivers.Length).ToArray();
            var list = new List<(int G, int Cost)>();
            foreach (var g in pool)
            {
                var cg = Caregivers[g];
                if (!cg.CanServe(client) || !Enumerable.Range(0, 7).Any(d => Works(c, g, d)))
                {
                    continue;
                }

                var cost = Approach(cg, client);
                if (cost is { } m)
                {
                    list.Add((g, m));
                }
            }

            var sorted = list.OrderBy(x => x.Cost).ThenBy(x => x.G).ToArray();
            Candidates[c] = [.. sorted.Select(x => x.G)];
            ApproachMinutes[c] = [.. sorted.Select(x => x.Cost)];
        }
    }

    /// <summary>Minutes from her home to the client (by the first working day's timetable), or null if she cannot get there and back.</summary>
    private int? Approach(RosterCaregiver cg, RosterClient client)
    {
        var net = Problem.Network;
        if (net.SameLand(cg.Home.Place, client.Location.Place))
        {
            return net.Land.LandMinutes(cg.Home, client.Location);
        }

        foreach (var date in Dates.Where(cg.Works))
        {
            var there = net.EarliestArrival(cg.Home, client.Location, cg.Shift.Start, date);
            if (there is null)
            {
                continue;
            }

            var back = net.EarliestArrival(client.Location, cg.Home, Math.Max(there.Arrive, client.Window.Start) + client.MinutesPerVisit, date);
            if (back is not null && back.Arrive <= cg.Shift.End)
            {
                // Note: a crossing costs the whole day's route, so it is priced at the door-to-door time plus the sailing wait.
                return there.Arrive - cg.Shift.Start + 30;
            }
        }

        return null;
    }

    public bool Works(int c, int g, int d) =>
        Caregivers[g].Works(Dates[d]) && Clients[c].AllowedDays.Contains(Dates[d].DayOfWeek);

    /// <summary>Whether a visit on day d still leaves a complete pattern that keeps the spread rule.</summary>
    public bool SpacingOk(int c, int d)
    {
        var mask = 1 << d;
        foreach (var (od, _) in ClientVisits[c])
        {
            if (od == d)
            {
                return false;
            }

            mask |= 1 << od;
        }

        foreach (var p in patternMasks[c])
        {
            if ((p & mask) == mask)
            {
                return true;
            }
        }

        return false;
    }

    public StopSpec Stop(int c, int g, int d)
    {
        var client = Clients[c];
        var pinned = client.FixedVisits.FirstOrDefault(f => f.Date == Dates[d] && f.CaregiverId == Caregivers[g].Id)?.Start
            ?? (pins.TryGetValue((c, d), out var held) ? held : null);
        return StopSpec.Of(client, Dates[d], pinned);
    }

    public Route RouteOf(int g, int d)
    {
        if (!Routes.TryGetValue((g, d), out var route))
        {
            Routes[(g, d)] = route = new Route();
        }

        return route;
    }

    public TimedDay? TimeSequence(int g, int d, IReadOnlyList<int> sequence)
    {
        Timings++;
        return Timer.Time(Caregivers[g], Dates[d], [.. sequence.Select(c => Stop(c, g, d))]);
    }

    /// <summary>Timings tried so far (the solver's unit of work: deterministic, unlike the clock).</summary>
    public long Timings { get; private set; }

    /// <summary>
    /// Best position to insert client c into (g, d): added travel and the timed result, or null.
    /// Each position is first screened in O(1) against the route's slack (<see cref="Slack"/>), so the exact,
    /// ferry-aware timing runs only where the insertion can possibly fit. On a day that stays on one land mass
    /// the added travel is known exactly before timing, so positions are tried cheapest first and the first
    /// one that times is the best.
    /// </summary>
    /// <param name="c">Client.</param>
    /// <param name="g">Caregiver.</param>
    /// <param name="d">Day index.</param>
    /// <param name="bound">Only insertions adding less travel than this are of interest (used where travel is exact).</param>
    public (int Delta, int Position, TimedDay Timed)? BestInsertion(int c, int g, int d, int bound = int.MaxValue)
    {
        if (!Works(c, g, d))
        {
            return null;
        }

        var route = RouteOf(g, d);
        var oldTravel = route.Timed?.TravelMinutes ?? 0;
        var oldWorked = route.Timed?.WorkedMinutes ?? 0;
        var slack = SlackOf(g, d, route);
        var n = route.Clients.Count;
        var stop = Stop(c, g, d);
        Span<(int Delta, int Position)> open = n < 64 ? stackalloc (int, int)[n + 1] : new (int, int)[n + 1];
        var count = 0;
        for (var pos = 0; pos <= n; pos++)
        {
            if (slack is null)
            {
                open[count++] = (0, pos);
            }
            else if (slack.Screen(this, stop, g, pos, Weekly[g] - oldWorked) is { } lowerDelta)
            {
                open[count++] = (lowerDelta, pos);
            }
        }

        var exact = slack is not null && slack.LandOnly && SameLand(c, g);
        if (exact)
        {
            open[..count].Sort();
        }

        (int, int, TimedDay)? best = null;
        var seq = new List<int>(n + 1);
        foreach (var (lower, pos) in open[..count])
        {
            if (exact && lower >= bound)
            {
                break;
            }

            seq.Clear();
            seq.AddRange(route.Clients);
            seq.Insert(pos, c);
            var timed = TimeSequence(g, d, seq);
            if (timed is null || Weekly[g] - oldWorked + timed.WorkedMinutes > Caregivers[g].WeeklyMaxMinutes)
            {
                continue;
            }

            var delta = timed.TravelMinutes - oldTravel;
            if (best is null || delta < best.Value.Item1)
            {
                best = (delta, pos, timed);
            }

            if (exact)
            {
                // Land-only: the travel delta is exact and positions come cheapest first, so this is the best.
                break;
            }
        }

        return best;
    }

    /// <summary>The cheapest feasible insertion of client c on any of the given days with one of her first <paramref name="maxCandidates"/> caregivers.</summary>
    public (int Delta, int G, int D, int Position, TimedDay Timed)? CheapestPlacement(int c, IEnumerable<int> days, int maxCandidates)
    {
        (int Delta, int G, int D, int Position, TimedDay Timed)? best = null;
        foreach (var d in days)
        {
            foreach (var g in Candidates[c].Take(maxCandidates))
            {
                if (BestInsertion(c, g, d, best?.Delta ?? int.MaxValue) is { } ins && (best is null || ins.Delta < best.Value.Delta))
                {
                    best = (ins.Delta, g, d, ins.Position, ins.Timed);
                }
            }
        }

        return best;
    }

    /// <summary>Exact travel minutes of a day in this order when it stays on the caregiver's land mass, else null.</summary>
    public int? LandTravel(int g, IReadOnlyList<int> sequence)
    {
        var home = Caregivers[g].Home;
        var land = Problem.Network.Land;
        var here = home;
        var total = 0;
        foreach (var c in sequence)
        {
            if (!SameLand(c, g))
            {
                return null;
            }

            total += land.LandMinutes(here, Clients[c].Location);
            here = Clients[c].Location;
        }

        return sequence.Count == 0 ? 0 : total + land.LandMinutes(here, home);
    }

    private readonly Dictionary<int, bool> doable = [];

    /// <summary>Whether some candidate caregiver could make one visit of client c on some day with nothing else planned.</summary>
    public bool Doable(int c)
    {
        if (!doable.TryGetValue(c, out var ok))
        {
            doable[c] = ok = Candidates[c].Any(g => Enumerable.Range(0, 7).Any(d => Works(c, g, d) && TimeSequence(g, d, [c]) is not null));
        }

        return ok;
    }

    /// <summary>Whether client c's home and caregiver g's home are on one land mass.</summary>
    public bool SameLand(int c, int g) => Problem.Network.SameLand(Clients[c].Location.Place, Caregivers[g].Home.Place);

    /// <summary>The O(1) screen of a timed route, rebuilt when the route's timing changes.</summary>
    public Slack? SlackOf(int g, int d, Route route)
    {
        if (route.Timed is null)
        {
            return route.Clients.Count == 0 ? Slack.Empty : null;
        }

        if (route.Screen is { } s && ReferenceEquals(s.For, route.Timed) && s.Count == route.Clients.Count && s.PinsVersion == PinsVersion)
        {
            return s;
        }

        return route.Screen = route.Timed.Day.Visits.Count == route.Clients.Count ? Slack.Build(this, g, d, route) : null;
    }

    public void Insert(int c, int g, int d, int position, TimedDay timed)
    {
        var route = RouteOf(g, d);
        route.Clients.Insert(position, c);
        SetTimed(g, route, timed);
        ClientVisits[c].Add((d, g));
    }

    public void SetTimed(int g, Route route, TimedDay? timed)
    {
        Weekly[g] += (timed?.WorkedMinutes ?? 0) - (route.Timed?.WorkedMinutes ?? 0);
        TotalTravel += (timed?.TravelMinutes ?? 0) - (route.Timed?.TravelMinutes ?? 0);
        route.Timed = timed;
    }

    /// <summary>Sets a day's visits and their timing in one step (a new order, or an earlier state put back).</summary>
    public void Replace(int g, Route route, IEnumerable<int> clients, TimedDay? timed)
    {
        var order = clients.ToList();
        route.Clients.Clear();
        route.Clients.AddRange(order);
        SetTimed(g, route, timed);
    }

    /// <summary>Removes client c from (g, d) and re-times the rest (removal never breaks a timed route but we re-time for the new optimum).</summary>
    public void Remove(int c, int g, int d)
    {
        var route = RouteOf(g, d);
        route.Clients.Remove(c);
        SetTimed(g, route, route.Clients.Count == 0 ? null : TimeSequence(g, d, route.Clients));
        ClientVisits[c].Remove((d, g));
    }

    /// <summary>Travel minutes of all timed days, kept in step by <see cref="SetTimed"/>.</summary>
    public int TotalTravel { get; private set; }

    public Roster ToRoster(IReadOnlyList<UnscheduledVisit> unscheduled) =>
        new(Problem.WeekStart,
            [.. Routes.Where(r => r.Value.Timed is not null && r.Value.Clients.Count > 0)
                .OrderBy(r => r.Key.D).ThenBy(r => Caregivers[r.Key.G].Id, StringComparer.Ordinal)
                .Select(r => r.Value.Timed!.Day)],
            unscheduled);

    /// <summary>Reasons for every visit still missing, explained for a dispatcher.</summary>
    public List<UnscheduledVisit> Unscheduled()
    {
        var list = new List<UnscheduledVisit>();
        for (var c = 0; c < Clients.Length; c++)
        {
            var missing = Clients[c].VisitsPerWeek - ClientVisits[c].Count;
            for (var k = 0; k < missing; k++)
            {
                list.Add(Explain(c));
            }
        }

        return list;
    }

    private UnscheduledVisit Explain(int c)
    {
        var client = Clients[c];
        var qualified = Caregivers.Select((cg, g) => (cg, g))
            .Where(x => (client.Region.Length == 0 || x.cg.Region == client.Region) && x.cg.CanServe(client)
                && Enumerable.Range(0, 7).Any(d => Works(c, x.g, d)))
            .ToList();
        if (qualified.Count == 0)
        {
            return UnscheduledVisit.NoQualified(client);
        }

        // A visit nobody qualified can do even on an otherwise empty day: the sailings, the break and the shift do not fit.
        if (Candidates[c].Length == 0 || !Doable(c))
        {
            return UnscheduledVisit.NoSailingBack(client, qualified.Min(x => x.cg.Shift.End));
        }

        return Enumerable.Range(0, 7).Any(d => SpacingOk(c, d) && Candidates[c].Any(g => Works(c, g, d)))
            ? UnscheduledVisit.CapacityExhausted(client)
            : UnscheduledVisit.NoSuitableDay(client);
    }

    public sealed class Route
    {
        public List<int> Clients { get; } = [];

        public TimedDay? Timed { get; set; }

        /// <summary>Cached screen for <see cref="Timed"/>.</summary>
        public Slack? Screen { get; set; }
    }
}
