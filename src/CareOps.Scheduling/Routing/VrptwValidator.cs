namespace CareOps.Scheduling.Routing;

/// <summary>Kinds of VRPTW constraint violations.</summary>
internal enum VrptwViolationKind
{
    /// <summary>A customer appears in no route.</summary>
    MissingCustomer,
    /// <summary>A customer appears more than once.</summary>
    DuplicateCustomer,
    /// <summary>A route names a node that is not a customer (the depot or an unknown number).</summary>
    UnknownNode,
    /// <summary>A route's total demand exceeds the vehicle capacity.</summary>
    CapacityExceeded,
    /// <summary>Service at a customer cannot start by its due time.</summary>
    LateArrival,
    /// <summary>The vehicle cannot be back at the depot by the depot's due time.</summary>
    LateReturn,
}

/// <summary>One violated constraint, with a human message.</summary>
/// <param name="Kind">What is violated.</param>
/// <param name="Route">Zero-based route index.</param>
/// <param name="Node">Customer concerned, or 0 for the depot / whole route.</param>
/// <param name="Message">Sentence naming the violation.</param>
internal sealed record VrptwViolation(VrptwViolationKind Kind, int Route, int Node, string Message);

/// <summary>
/// Independent checker of VRPTW solutions: it shares no code with the solvers. Waiting before a
/// ready time is allowed; service must start by the due time; vehicles leave the depot at its ready time.
/// </summary>
internal static class VrptwValidator
{
    /// <summary>Lists every violation of <paramref name="solution"/> (empty when feasible).</summary>
    public static IReadOnlyList<VrptwViolation> Validate(VrptwInstance instance, VrptwSolution solution)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(solution);
        var errors = new List<VrptwViolation>();
        var seen = new int[instance.NodeCount];
        for (var r = 0; r < solution.Routes.Count; r++)
        {
            var route = solution.Routes[r];
            long load = 0;
            long time = instance.Ready[0];
            var prev = 0;
            var routeOk = true;
            foreach (var c in route)
            {
                if (c <= 0 || c >= instance.NodeCount)
                {
                    errors.Add(new(VrptwViolationKind.UnknownNode, r, c, $"Route {r + 1} visits node {c}, which is not a customer."));
                    routeOk = false;
                    continue;
                }

                seen[c]++;
                if (seen[c] == 2)
                {
                    errors.Add(new(VrptwViolationKind.DuplicateCustomer, r, c, $"Customer {c} is visited more than once (again in route {r + 1})."));
                }

                load += instance.Demand[c];
                var arrival = time + instance.Travel(prev, c);
                var start = Math.Max(arrival, instance.Ready[c]);
                if (start > instance.Due[c])
                {
                    errors.Add(new(VrptwViolationKind.LateArrival, r, c,
                        $"Route {r + 1} reaches customer {c} at {arrival}, after its due time {instance.Due[c]}."));
                }

                time = start + instance.Service[c];
                prev = c;
            }

            if (load > instance.Capacity)
            {
                errors.Add(new(VrptwViolationKind.CapacityExceeded, r, 0,
                    $"Route {r + 1} carries {load}, more than the capacity {instance.Capacity}."));
            }

            if (routeOk && route.Count > 0)
            {
                var back = time + instance.Travel(prev, 0);
                if (back > instance.Due[0])
                {
                    errors.Add(new(VrptwViolationKind.LateReturn, r, 0,
                        $"Route {r + 1} returns to the depot at {back}, after its closing time {instance.Due[0]}."));
                }
            }
        }

        for (var c = 1; c < instance.NodeCount; c++)
        {
            if (seen[c] == 0)
            {
                errors.Add(new(VrptwViolationKind.MissingCustomer, -1, c, $"Customer {c} is not visited."));
            }
        }

        return errors;
    }
}
