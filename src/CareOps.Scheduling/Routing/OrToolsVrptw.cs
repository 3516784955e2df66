using Google.OrTools.ConstraintSolver;
using Google.Protobuf.WellKnownTypes;

namespace CareOps.Scheduling.Routing;

/// <summary>
/// The plain OR-Tools routing model of a VRPTW instance: arc cost = distance, a time dimension with windows
/// and service times (waiting allowed), a capacity dimension, PATH_CHEAPEST_ARC then GUIDED_LOCAL_SEARCH.
/// The baseline our own solver is measured against.
/// </summary>
internal static class OrToolsVrptw
{
    /// <summary>Solves with OR-Tools within <paramref name="timeLimit"/>; returns null when OR-Tools finds nothing.</summary>
    /// <param name="instance">The instance.</param>
    /// <param name="timeLimit">Search time limit.</param>
    /// <param name="vehicles">Fleet bound; defaults to one vehicle per customer (the fleet is unlimited).</param>
    public static VrptwSolution? Solve(VrptwInstance instance, TimeSpan timeLimit, int? vehicles = null)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var n = instance.NodeCount;
        var fleet = vehicles ?? instance.CustomerCount;
        using var manager = new RoutingIndexManager(n, fleet, 0);
        using var routing = new RoutingModel(manager);

        // Matrices and vectors live on the C++ side: no managed callback per arc evaluation.
        var distanceMatrix = new long[n][];
        var timeMatrix = new long[n][];
        for (var i = 0; i < n; i++)
        {
            distanceMatrix[i] = new long[n];
            timeMatrix[i] = new long[n];
            for (var j = 0; j < n; j++)
            {
                distanceMatrix[i][j] = instance.Travel(i, j);
                timeMatrix[i][j] = instance.Service[i] + instance.Travel(i, j);
            }
        }

        var distance = routing.RegisterTransitMatrix(distanceMatrix);
        routing.SetArcCostEvaluatorOfAllVehicles(distance);

        var time = routing.RegisterTransitMatrix(timeMatrix);
        long horizon = instance.Due[0];
        routing.AddDimension(time, horizon, horizon, false, "Time");
        var timeDimension = routing.GetMutableDimension("Time");
        for (var c = 1; c < n; c++)
        {
            timeDimension.CumulVar(manager.NodeToIndex(c)).SetRange(instance.Ready[c], instance.Due[c]);
        }

        for (var v = 0; v < fleet; v++)
        {
            timeDimension.CumulVar(routing.Start(v)).SetRange(instance.Ready[0], instance.Due[0]);
            timeDimension.CumulVar(routing.End(v)).SetRange(instance.Ready[0], instance.Due[0]);
        }

        var demand = routing.RegisterUnaryTransitVector(instance.Demand.Select(d => (long)d).ToArray());
        routing.AddDimension(demand, 0, instance.Capacity, true, "Capacity");

        var parameters = operations_research_constraint_solver.DefaultRoutingSearchParameters();
        parameters.FirstSolutionStrategy = FirstSolutionStrategy.Types.Value.PathCheapestArc;
        parameters.LocalSearchMetaheuristic = LocalSearchMetaheuristic.Types.Value.GuidedLocalSearch;
        parameters.TimeLimit = Duration.FromTimeSpan(timeLimit);

        var assignment = routing.SolveWithParameters(parameters);
        if (assignment is null)
        {
            return null;
        }

        var routes = new List<IReadOnlyList<int>>();
        for (var v = 0; v < fleet; v++)
        {
            var route = new List<int>();
            var index = assignment.Value(routing.NextVar(routing.Start(v)));
            while (!routing.IsEnd(index))
            {
                route.Add(manager.IndexToNode(index));
                index = assignment.Value(routing.NextVar(index));
            }

            if (route.Count > 0)
            {
                routes.Add(route);
            }
        }

        return new VrptwSolution(routes);
    }
}
