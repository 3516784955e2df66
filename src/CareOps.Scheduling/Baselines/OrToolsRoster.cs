using CareOps.Scheduling.Roster;
using CareOps.Scheduling.Travel;
using Google.OrTools.ConstraintSolver;
using Google.Protobuf.WellKnownTypes;

namespace CareOps.Scheduling.Baselines;

/// <summary>Options of <see cref="OrToolsRoster"/>.</summary>
internal sealed class OrToolsRosterOptions
{
    /// <summary>Search time shared by all routing models in proportion to their visits.</summary>
    public TimeSpan TimeLimit { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Cost of leaving a visit out, in travel minutes; large so visits are kept whenever the model allows.</summary>
    public long DropPenalty { get; init; } = 100_000;

    /// <summary>Called after each routing model.</summary>
    public Action<OrToolsRosterProgress>? Progress { get; init; }
}

/// <summary>One routing model solved by <see cref="OrToolsRoster"/>.</summary>
/// <param name="Date">Day of the model.</param>
/// <param name="Region">Region of the model ("" when solved per day).</param>
/// <param name="Visits">Visits in the model.</param>
/// <param name="Vehicles">Caregivers working that day.</param>
/// <param name="Dropped">Visits OR-Tools left out.</param>
/// <param name="Status">OR-Tools' routing status (e.g. ROUTING_SUCCESS, ROUTING_FAIL_TIMEOUT).</param>
internal sealed record OrToolsRosterProgress(DateOnly Date, string Region, int Visits, int Vehicles, int Dropped, string Status);

/// <summary>
/// The "OR-Tools alone" baseline, a yardstick never used to publish rosters (docs/roster-figures.md, "OR-Tools
/// alone"; docs/adr/0103-product-engine-and-yardsticks.md): what the plain OR-Tools routing library can express of
/// the weekly roster, with none of our own optimisation. Each client gets a day pattern by a fixed rule, then one
/// routing model per (region, day) assigns and orders the visits with a time-independent travel matrix in which a
/// ferry crossing costs its average wait plus the crossing.
/// </summary>
/// <remarks>
/// What the model cannot express, and therefore does not: choosing days (routing has no "k visits on spread
/// days"), the weekly hour limit (each day is a separate model), continuity across days, and time-dependent
/// sailings. <see cref="Solve"/> publishes OR-Tools' own times, so the validator judges what OR-Tools alone would
/// publish; <see cref="Retime"/> keeps its assignment and order and times each caregiver-day exactly.
/// </remarks>
internal static class OrToolsRoster
{
    private const int Horizon = 24 * 60;

    /// <summary>Unreachable pairs cost this much: more than any shift, so no route can use them.</summary>
    private const int Unreachable = 10 * Horizon;

    /// <summary>Builds the OR-Tools-alone roster: OR-Tools' assignment, order, start times and (static) legs.</summary>
    public static Roster.Roster Solve(RosterProblem problem, OrToolsRosterOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(options);
        var explain = new Explainer(problem);
        var unscheduled = new List<UnscheduledVisit>();
        var visitsOn = new List<RosterClient>[7];
        for (var d = 0; d < 7; d++)
        {
            visitsOn[d] = [];
        }

        foreach (var (client, pattern) in DayPatterns(problem))
        {
            if (pattern is null)
            {
                unscheduled.AddRange(Enumerable.Repeat(explain.NoDays(client), client.VisitsPerWeek));
                continue;
            }

            foreach (var d in pattern)
            {
                visitsOn[d].Add(client);
            }
        }

        // One model per (region, day); when any client or caregiver names no region, one model per day.
        var byRegion = problem.Clients.All(c => c.Region.Length > 0) && problem.Caregivers.All(c => c.Region.Length > 0);
        var models = new List<(DateOnly Date, string Region, List<RosterClient> Clients, List<RosterCaregiver> Caregivers)>();
        for (var d = 0; d < 7; d++)
        {
            var date = problem.WeekStart.AddDays(d);
            foreach (var group in visitsOn[d].GroupBy(c => byRegion ? c.Region : "", StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var vehicles = problem.Caregivers.Where(g => g.Works(date) && (!byRegion || g.Region == group.Key)).ToList();
                models.Add((date, group.Key, group.ToList(), vehicles));
            }
        }

        var total = Math.Max(1, models.Sum(m => m.Clients.Count));
        var days = new List<CaregiverDay>();
        foreach (var (date, region, clients, caregivers) in models)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                unscheduled.AddRange(clients.Select(explain.Dropped));
                continue;
            }

            var seconds = Math.Max(0.2, options.TimeLimit.TotalSeconds * clients.Count / total);
            var (routed, dropped, status) = SolveDay(problem, date, clients, caregivers, options.DropPenalty, TimeSpan.FromSeconds(seconds));
            days.AddRange(routed);
            unscheduled.AddRange(dropped.Select(explain.Dropped));
            options.Progress?.Invoke(new OrToolsRosterProgress(date, region, clients.Count, caregivers.Count, dropped.Count, status));
        }

        return new Roster.Roster(problem.WeekStart, [.. days.OrderBy(d => d.Date).ThenBy(d => d.CaregiverId, StringComparer.Ordinal)], unscheduled);
    }

    /// <summary>
    /// Keeps the roster's assignment and visit order but times every caregiver-day exactly with the ferry timetable
    /// (the solver's own timing), dropping, in the given order, each visit that can no longer be kept within
    /// windows, shift, break, daily and weekly limits. The result passes the validator.
    /// </summary>
    public static Roster.Roster Retime(RosterProblem problem, Roster.Roster roster)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(roster);
        var timer = new RouteTimer(problem.Network);
        var explain = new Explainer(problem);
        var caregivers = problem.Caregivers.ToDictionary(c => c.Id, StringComparer.Ordinal);
        var clients = problem.Clients.ToDictionary(c => c.Id, StringComparer.Ordinal);
        var weekly = new Dictionary<string, int>(StringComparer.Ordinal);
        var days = new List<CaregiverDay>();
        var unscheduled = new List<UnscheduledVisit>(roster.Unscheduled);
        foreach (var day in roster.Days.OrderBy(d => d.Date).ThenBy(d => d.CaregiverId, StringComparer.Ordinal))
        {
            var cg = caregivers[day.CaregiverId];
            var kept = new List<StopSpec>();
            TimedDay? timed = null;
            foreach (var visit in day.Visits)
            {
                var client = clients[visit.ClientId];
                var pinned = client.FixedVisits.FirstOrDefault(f => f.Date == day.Date && f.CaregiverId == cg.Id)?.Start;
                kept.Add(StopSpec.Of(client, day.Date, pinned));
                var candidate = timer.Time(cg, day.Date, kept);
                if (candidate is not null && weekly.GetValueOrDefault(cg.Id) + candidate.WorkedMinutes <= cg.WeeklyMaxMinutes)
                {
                    timed = candidate;
                }
                else
                {
                    kept.RemoveAt(kept.Count - 1);
                    unscheduled.Add(explain.Dropped(client));
                }
            }

            if (timed is not null)
            {
                weekly[cg.Id] = weekly.GetValueOrDefault(cg.Id) + timed.WorkedMinutes;
                days.Add(timed.Day);
            }
        }

        return new Roster.Roster(roster.WeekStart, days, unscheduled);
    }

    /// <summary>
    /// The day rule (routing cannot choose days): for each client in list order, among the day patterns that keep
    /// her hard spread rule on her allowed days that some qualified caregiver works (<see cref="VisitSpacing.Patterns"/>;
    /// all allowed days if that leaves none), take the one whose busiest day is least loaded — booked minutes over the
    /// daily minutes of the caregivers of her region working that day — then one that meets the preferred gap, then
    /// the first. Fixed visits' days must be in the pattern when one allows it. Null when no pattern exists.
    /// </summary>
    internal static List<(RosterClient Client, int[]? Days)> DayPatterns(RosterProblem problem)
    {
        var dates = problem.Dates.ToArray();
        var capacity = new Dictionary<(string Region, int D), double>();
        var load = new Dictionary<(string Region, int D), double>();
        foreach (var cg in problem.Caregivers)
        {
            for (var d = 0; d < 7; d++)
            {
                if (cg.Works(dates[d]))
                {
                    capacity[(cg.Region, d)] = capacity.GetValueOrDefault((cg.Region, d)) + cg.DailyMaxMinutes;
                }
            }
        }

        var result = new List<(RosterClient, int[]?)>();
        foreach (var client in problem.Clients)
        {
            if (client.VisitsPerWeek <= 0)
            {
                continue;
            }

            var allowed = VisitSpacing.AllowedIndexes(client, problem.WeekStart);
            var rule = VisitSpacing.Rule(client.VisitsPerWeek, allowed);
            var staffed = allowed.Where(d => problem.Caregivers.Any(g => Qualified(g, client) && g.Works(dates[d]))).ToArray();
            var patterns = VisitSpacing.Patterns(staffed, client.VisitsPerWeek, rule);
            if (patterns.Count == 0)
            {
                patterns = VisitSpacing.Patterns(allowed, client.VisitsPerWeek, rule);
            }

            var fixedDays = client.FixedVisits.Select(f => VisitSpacing.DayIndex(problem.WeekStart, f.Date)).ToArray();
            if (patterns.Any(p => fixedDays.All(p.Contains)))
            {
                patterns = [.. patterns.Where(p => fixedDays.All(p.Contains))];
            }

            var region = client.Region;
            double Busiest(int[] p) => p.Max(d => (load.GetValueOrDefault((region, d)) + client.MinutesPerVisit) / Math.Max(1, capacity.GetValueOrDefault((region, d))));
            var best = patterns
                .Select((p, i) => (p, i))
                .OrderBy(x => Math.Round(Busiest(x.p), 6))
                .ThenBy(x => VisitSpacing.MeetsPreference(x.p, client.VisitsPerWeek) ? 0 : 1)
                .ThenBy(x => x.i)
                .Select(x => x.p)
                .FirstOrDefault();
            if (best is not null)
            {
                foreach (var d in best)
                {
                    load[(region, d)] = load.GetValueOrDefault((region, d)) + client.MinutesPerVisit;
                }
            }

            result.Add((client, best));
        }

        return result;
    }

    private static bool Qualified(RosterCaregiver cg, RosterClient client) =>
        cg.CanServe(client)
        && (client.Region.Length == 0 || cg.Region.Length == 0 || client.Region == cg.Region);

    /// <summary>One plain routing model: vehicles = caregivers working that day, nodes = homes then visits.</summary>
    private static (List<CaregiverDay> Days, List<RosterClient> Dropped, string Status) SolveDay(
        RosterProblem problem, DateOnly date, List<RosterClient> clients, List<RosterCaregiver> caregivers, long dropPenalty, TimeSpan timeLimit)
    {
        var dropped = new List<RosterClient>();
        var allowed = new List<int[]>();
        var visits = new List<RosterClient>();
        foreach (var client in clients)
        {
            var fixedTo = client.FixedVisits.FirstOrDefault(f => f.Date == date)?.CaregiverId;
            var vehicles = Enumerable.Range(0, caregivers.Count)
                .Where(v => Qualified(caregivers[v], client) && (fixedTo is null || caregivers[v].Id == fixedTo)).ToArray();
            if (vehicles.Length == 0)
            {
                dropped.Add(client);
                continue;
            }

            visits.Add(client);
            allowed.Add(vehicles);
        }

        if (visits.Count == 0)
        {
            return ([], dropped, "NO_VISITS");
        }

        var fleet = caregivers.Count;
        var n = fleet + visits.Count;
        var points = caregivers.Select(c => c.Home).Concat(visits.Select(c => c.Location)).ToArray();
        var service = Enumerable.Repeat(0L, fleet).Concat(visits.Select(c => (long)c.MinutesPerVisit)).ToArray();
        var travel = new StaticTravel(problem.Network, date);
        var travelMatrix = new long[n][];
        var timeMatrix = new long[n][];
        var serviceMatrix = new long[n][];
        for (var i = 0; i < n; i++)
        {
            travelMatrix[i] = new long[n];
            timeMatrix[i] = new long[n];
            serviceMatrix[i] = new long[n];
            for (var j = 0; j < n; j++)
            {
                var m = i == j ? 0 : travel.Minutes(points[i], points[j]);
                travelMatrix[i][j] = m;
                timeMatrix[i][j] = service[i] + m;
                serviceMatrix[i][j] = service[i];
            }
        }

        var starts = Enumerable.Range(0, fleet).ToArray();
        using var manager = new RoutingIndexManager(n, fleet, starts, starts);
        using var routing = new RoutingModel(manager);
        var travelIndex = routing.RegisterTransitMatrix(travelMatrix);
        routing.SetArcCostEvaluatorOfAllVehicles(travelIndex);
        var timeIndex = routing.RegisterTransitMatrix(timeMatrix);
        var serviceIndex = routing.RegisterTransitMatrix(serviceMatrix);
        routing.AddDimension(timeIndex, Horizon, Horizon, false, "Time");
        var time = routing.GetMutableDimension("Time");

        for (var k = 0; k < visits.Count; k++)
        {
            var client = visits[k];
            var index = manager.NodeToIndex(fleet + k);
            var w = client.WindowOn(date.DayOfWeek);
            if (client.FixedVisits.FirstOrDefault(f => f.Date == date)?.Start is { } pinned)
            {
                time.CumulVar(index).SetRange(pinned, pinned);
            }
            else
            {
                time.CumulVar(index).SetRange(w.Start, Math.Max(w.Start, w.End - client.MinutesPerVisit));
            }

            var banned = Enumerable.Range(0, fleet).Except(allowed[k]).Select(v => (long)v).ToArray();
            if (banned.Length > 0)
            {
                routing.VehicleVar(index).RemoveValues(banned);
            }

            routing.AddDisjunction([index], dropPenalty);
        }

        var solver = routing.solver();
        var breaks = new IntervalVar?[fleet];
        for (var v = 0; v < fleet; v++)
        {
            var cg = caregivers[v];
            time.CumulVar(routing.Start(v)).SetRange(cg.Shift.Start, cg.Shift.End);
            time.CumulVar(routing.End(v)).SetRange(cg.Shift.Start, cg.Shift.End);
            // Note: the span includes a break taken between leaving and coming back, so the daily limit is widened by it.
            time.SetSpanUpperBoundForVehicle(cg.DailyMaxMinutes + (cg.LunchWindow is null ? 0 : cg.LunchMinutes), v);
            routing.AddVariableMaximizedByFinalizer(time.CumulVar(routing.Start(v)));
            routing.AddVariableMinimizedByFinalizer(time.CumulVar(routing.End(v)));
            if (cg.LunchWindow is { } lw && lw.End - lw.Start >= cg.LunchMinutes)
            {
                // The break is taken at a stop after its visit and before travelling on (pre-travel = the visit,
                // post-travel = the way to the next stop), or at home before leaving or after coming back.
                var lunch = solver.MakeFixedDurationIntervalVar(lw.Start, lw.End - cg.LunchMinutes, cg.LunchMinutes, false, $"lunch {cg.Id}");
                breaks[v] = lunch;
                using var vector = new IntervalVarVector { lunch };
                time.SetBreakIntervalsOfVehicle(vector, v, serviceIndex, travelIndex);
            }
        }

        var parameters = operations_research_constraint_solver.DefaultRoutingSearchParameters();
        parameters.FirstSolutionStrategy = FirstSolutionStrategy.Types.Value.PathCheapestArc;
        parameters.LocalSearchMetaheuristic = LocalSearchMetaheuristic.Types.Value.GuidedLocalSearch;
        parameters.TimeLimit = Duration.FromTimeSpan(timeLimit);
        var assignment = routing.SolveWithParameters(parameters);
        var status = routing.GetStatus().ToString();
        if (assignment is null)
        {
            dropped.AddRange(visits);
            return ([], dropped, status);
        }

        var days = new List<CaregiverDay>();
        var served = new HashSet<int>();
        for (var v = 0; v < fleet; v++)
        {
            var cg = caregivers[v];
            var route = new List<(int Node, int Start)>();
            var index = assignment.Value(routing.NextVar(routing.Start(v)));
            while (!routing.IsEnd(index))
            {
                route.Add((manager.IndexToNode(index), (int)assignment.Value(time.CumulVar(index))));
                index = assignment.Value(routing.NextVar(index));
            }

            if (route.Count == 0)
            {
                continue;
            }

            served.UnionWith(route.Select(r => r.Node - fleet));
            int? lunchStart = breaks[v] is { } b && assignment.Contains(b) ? (int)assignment.StartValue(b) : null;
            var leave = (int)assignment.Value(time.CumulVar(routing.Start(v)));
            var back = (int)assignment.Value(time.CumulVar(routing.End(v)));
            var planned = route.Select(r => new PlannedVisit(visits[r.Node - fleet].Id, r.Start, r.Start + visits[r.Node - fleet].MinutesPerVisit)).ToList();

            // Legs as the static model sees them: each hop leaves when the stop (and a break taken there) is over.
            var legs = new List<TravelLeg>();
            var here = cg.Home;
            var ready = leave;
            for (var i = 0; i <= route.Count; i++)
            {
                var next = i < route.Count ? points[route[i].Node] : cg.Home;
                if (lunchStart is { } l && l >= ready && l < (i < route.Count ? route[i].Start : back))
                {
                    ready = Math.Max(ready, l + cg.LunchMinutes);
                }

                legs.AddRange(travel.Legs(here, next, ready));
                if (i < route.Count)
                {
                    here = next;
                    ready = planned[i].End;
                }
            }

            days.Add(new CaregiverDay(cg.Id, date, leave, back, lunchStart, planned, legs));
        }

        dropped.AddRange(visits.Where((_, k) => !served.Contains(k)));
        return (days, dropped, status);
    }

    /// <summary>
    /// The best a time-independent transit can do across water: a crossing costs its crossing minutes plus half the
    /// average headway of that day's sailings of the line (the expected wait of someone arriving at a random time);
    /// land legs cost their land minutes; suspended lines and lines not sailing that day are left out.
    /// </summary>
    internal sealed class StaticTravel
    {
        private readonly FerryNetwork network;
        private readonly Dictionary<string, List<(string To, int Minutes, string? Line, int Wait)>> edges = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Dictionary<string, (int Minutes, string? Prev, string? Line, int Wait)>> shortest = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string[]> members;

        public StaticTravel(FerryNetwork network, DateOnly date)
        {
            this.network = network;
            members = network.Places.Values.GroupBy(p => p.LandGroup, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Select(p => p.Code).Order(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);
            foreach (var group in members.Values)
            {
                foreach (var a in group)
                {
                    foreach (var b in group.Where(b => b != a))
                    {
                        Edges(a).Add((b, network.Land.LandMinutes(network.Pier(a), network.Pier(b)), null, 0));
                    }
                }
            }

            foreach (var s in network.Sailings.Where(s => s.Departures.Count > 0 && s.OperatingDays.Contains(date.DayOfWeek) && !network.IsSuspended(s.Line, date)))
            {
                var deps = s.Departures.Order().ToArray();
                var headway = deps.Length >= 2 ? (double)(deps[^1] - deps[0]) / (deps.Length - 1) : Horizon;
                var wait = (int)Math.Ceiling(headway / 2);
                if (network.Places.ContainsKey(s.From) && network.Places.ContainsKey(s.To))
                {
                    Edges(s.From).Add((s.To, wait + s.CrossingMinutes, s.Line, wait));
                }
            }
        }

        /// <summary>Static minutes from one point to another on that day.</summary>
        public int Minutes(GeoPoint from, GeoPoint to) => Route(from, to).Minutes;

        /// <summary>The legs of the static route leaving at <paramref name="depart"/>: ferry legs depart after the average wait.</summary>
        public List<TravelLeg> Legs(GeoPoint from, GeoPoint to, int depart)
        {
            var (minutes, path) = Route(from, to);
            var legs = new List<TravelLeg>();
            if (path is null)
            {
                if (minutes > 0 || from.Place != to.Place)
                {
                    legs.Add(new TravelLeg(LegKind.Land, from.Place, to.Place, depart, depart + Math.Min(minutes, Horizon)));
                }

                return legs;
            }

            var t = depart;
            void Land(string a, string b, int m)
            {
                if (m > 0 || a != b)
                {
                    legs.Add(new TravelLeg(LegKind.Land, a, b, t, t + m));
                    t += m;
                }
            }

            Land(from.Place, path[0].From, network.Land.LandMinutes(from, network.Pier(path[0].From)));
            foreach (var (a, b, m, line, wait) in path)
            {
                if (line is null)
                {
                    Land(a, b, m);
                }
                else
                {
                    legs.Add(new TravelLeg(LegKind.Ferry, a, b, t + wait, t + m, line));
                    t += m;
                }
            }

            Land(path[^1].To, to.Place, network.Land.LandMinutes(network.Pier(path[^1].To), to));
            return legs;
        }

        private List<(string To, int Minutes, string? Line, int Wait)> Edges(string place)
        {
            if (!edges.TryGetValue(place, out var list))
            {
                edges[place] = list = [];
            }

            return list;
        }

        private string[] Members(string place) =>
            network.Places.TryGetValue(place, out var p) && members.TryGetValue(p.LandGroup, out var m) ? m : [place];

        private (int Minutes, List<(string From, string To, int Minutes, string? Line, int Wait)>? Path) Route(GeoPoint from, GeoPoint to)
        {
            if (network.SameLand(from.Place, to.Place))
            {
                return (network.Land.LandMinutes(from, to), null);
            }

            var best = (Minutes: Unreachable, P: (string?)null, Q: (string?)null);
            foreach (var p in Members(from.Place))
            {
                var toPier = network.Land.LandMinutes(from, network.Pier(p));
                var table = From(p);
                foreach (var q in Members(to.Place))
                {
                    if (table.TryGetValue(q, out var x) && x.Prev is not null)
                    {
                        var total = toPier + x.Minutes + network.Land.LandMinutes(network.Pier(q), to);
                        if (total < best.Minutes)
                        {
                            best = (total, p, q);
                        }
                    }
                }
            }

            if (best.P is null || best.Q is null)
            {
                return (Unreachable, null);
            }

            var path = new List<(string, string, int, string?, int)>();
            var table2 = From(best.P);
            for (var at = best.Q; at != best.P;)
            {
                var step = table2[at];
                path.Add((step.Prev!, at, step.Minutes - table2[step.Prev!].Minutes, step.Line, step.Wait));
                at = step.Prev!;
            }

            path.Reverse();
            return (best.Minutes, path);
        }

        /// <summary>Dijkstra over piers from one place with the static edge weights (cached).</summary>
        private Dictionary<string, (int Minutes, string? Prev, string? Line, int Wait)> From(string source)
        {
            if (shortest.TryGetValue(source, out var done))
            {
                return done;
            }

            var dist = new Dictionary<string, (int Minutes, string? Prev, string? Line, int Wait)>(StringComparer.Ordinal) { [source] = (0, null, null, 0) };
            var queue = new PriorityQueue<string, int>();
            queue.Enqueue(source, 0);
            var settled = new HashSet<string>(StringComparer.Ordinal);
            while (queue.TryDequeue(out var p, out var t))
            {
                if (!settled.Add(p))
                {
                    continue;
                }

                foreach (var (q, m, line, wait) in edges.GetValueOrDefault(p) ?? [])
                {
                    if (!dist.TryGetValue(q, out var old) || t + m < old.Minutes)
                    {
                        dist[q] = (t + m, p, line, wait);
                        queue.Enqueue(q, t + m);
                    }
                }
            }

            shortest[source] = dist;
            return dist;
        }
    }

    /// <summary>Reasons for visits the baseline leaves out, with the same codes and sentences as the solver's.</summary>
    private sealed class Explainer(RosterProblem problem)
    {
        private readonly RouteTimer timer = new(problem.Network);
        private readonly Dictionary<string, UnscheduledVisit> cache = new(StringComparer.Ordinal);

        public UnscheduledVisit NoDays(RosterClient client) =>
            QualifiedAtAll(client)
                ? UnscheduledVisit.NoSuitableDay(client)
                : UnscheduledVisit.NoQualified(client);

        public UnscheduledVisit Dropped(RosterClient client)
        {
            if (cache.TryGetValue(client.Id, out var known))
            {
                return known;
            }

            var qualified = problem.Caregivers.Where(g => Qualified(g, client)).ToList();
            var reason = !QualifiedAtAll(client) ? UnscheduledVisit.NoQualified(client)
                : !qualified.Any(g => problem.Dates.Any(d => g.Works(d) && client.AllowedDays.Contains(d.DayOfWeek)
                    && timer.Time(g, d, [StopSpec.Of(client, d, null)]) is not null))
                    ? UnscheduledVisit.NoSailingBack(client, qualified.Min(x => x.Shift.End))
                    : UnscheduledVisit.CapacityExhausted(client);

            cache[client.Id] = reason;
            return reason;
        }

        private bool QualifiedAtAll(RosterClient client) =>
            problem.Caregivers.Any(g => Qualified(g, client) && problem.Dates.Any(d => g.Works(d) && client.AllowedDays.Contains(d.DayOfWeek)));
    }
}
