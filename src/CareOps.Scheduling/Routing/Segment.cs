namespace CareOps.Scheduling.Routing;

/// <summary>
/// Time-window summary of a sequence of consecutive visits (Kindervater &amp; Savelsbergh 1997; Vidal et al.
/// 2013, "A hybrid genetic algorithm with adaptive diversity control"), so that a route rebuilt from a few
/// pieces of existing routes is checked in O(1) per piece. Times are service starts at <see cref="First"/>.
/// </summary>
/// <remarks>
/// Note: <see cref="TimeWarp"/> is the minimal lateness the sequence forces; our windows are hard, so a route
/// is feasible iff its depot-to-depot segment has zero time warp and fits the capacity. Waiting is free.
/// </remarks>
internal struct Segment
{
    /// <summary>First node of the sequence.</summary>
    public int First;

    /// <summary>Last node of the sequence.</summary>
    public int Last;

    /// <summary>Travel distance inside the sequence.</summary>
    public int Dist;

    /// <summary>Minimal duration from the service start at First to the service end at Last (travel, service, waits).</summary>
    public int Duration;

    /// <summary>Minimal total time warp (lateness) over all start times.</summary>
    public int TimeWarp;

    /// <summary>Earliest service start at First that achieves the minimal duration.</summary>
    public int Earliest;

    /// <summary>Latest service start at First that achieves the minimal time warp.</summary>
    public int Latest;

    /// <summary>Total demand.</summary>
    public int Load;

    public static Segment Of(Problem p, int node) => new()
    {
        First = node,
        Last = node,
        Dist = 0,
        Duration = p.Service[node],
        TimeWarp = 0,
        Earliest = p.Ready[node],
        Latest = p.Due[node],
        Load = p.Demand[node],
    };

    /// <summary>The sequence <paramref name="a"/> followed by <paramref name="b"/>, in O(1).</summary>
    public static Segment Concat(Problem p, in Segment a, in Segment b)
    {
        var t = p.T[(a.Last * p.N) + b.First];
        var delta = a.Duration - a.TimeWarp + t;
        var wait = Math.Max(b.Earliest - delta - a.Latest, 0);
        var warp = Math.Max(a.Earliest + delta - b.Latest, 0);
        return new Segment
        {
            First = a.First,
            Last = b.Last,
            Dist = a.Dist + t + b.Dist,
            Duration = a.Duration + b.Duration + t + wait,
            TimeWarp = a.TimeWarp + b.TimeWarp + warp,
            Earliest = Math.Max(b.Earliest - delta, a.Earliest) - wait,
            Latest = Math.Min(b.Latest - delta, a.Latest) + warp,
            Load = a.Load + b.Load,
        };
    }

    /// <summary>True when the sequence has no time warp and fits <paramref name="capacity"/>.</summary>
    public readonly bool Feasible(int capacity) => TimeWarp == 0 && Load <= capacity;
}
