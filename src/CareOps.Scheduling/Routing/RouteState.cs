namespace CareOps.Scheduling.Routing;

/// <summary>
/// One route with its time-window bookkeeping, the feasibility engine of the solver. <see cref="Seq"/> holds
/// the depot at 0 and at <c>Len + 1</c>. <see cref="Early"/>[k] is the earliest service start at position k
/// given the prefix; <see cref="Late"/>[k] is the latest service start at k that keeps the suffix feasible.
/// Inserting node c between positions k and k+1 is feasible in O(1) iff c can start by its due time and the
/// pushed start at k+1 stays within <see cref="Late"/>[k+1] (waiting absorbs the rest).
/// </summary>
/// <remarks>
/// Note: the later roster layer replaces the constant travel lookup with ferry-aware, time-dependent legs;
/// the forward pass stays valid (FIFO legs), the backward slack then needs the inverse leg function.
/// </remarks>
internal sealed class RouteState
{
    public int[] Seq;
    public int[] Early;
    public int[] Late;
    public int Len;
    public int Load;
    public long Dist;

    /// <summary>Set when the route is refreshed, cleared when copied: marks the routes a ruin-and-recreate changed.</summary>
    public bool Touched;

    public RouteState(int capacity)
    {
        Seq = new int[capacity + 2];
        Early = new int[capacity + 2];
        Late = new int[capacity + 2];
    }

    public void CopyFrom(RouteState o)
    {
        var m = o.Len + 2;
        Array.Copy(o.Seq, Seq, m);
        Array.Copy(o.Early, Early, m);
        Array.Copy(o.Late, Late, m);
        Len = o.Len;
        Load = o.Load;
        Dist = o.Dist;
        Touched = false;
    }

    /// <summary>Recomputes load, distance and the forward/backward time arrays after Seq changed.</summary>
    public void Update(Problem p)
    {
        var seq = Seq;
        var last = Len + 1;
        seq[0] = 0;
        seq[last] = 0;
        var load = 0;
        long dist = 0;
        Early[0] = p.Ready[0];
        for (var k = 1; k <= last; k++)
        {
            int a = seq[k - 1], b = seq[k];
            var t = p.T[(a * p.N) + b];
            dist += t;
            load += p.Demand[b];
            var e = Early[k - 1] + p.Service[a] + t;
            Early[k] = e > p.Ready[b] ? e : p.Ready[b];
        }

        Late[last] = p.Due[0];
        for (var k = last - 1; k >= 0; k--)
        {
            int a = seq[k], b = seq[k + 1];
            var l = Late[k + 1] - p.Service[a] - p.T[(a * p.N) + b];
            Late[k] = l < p.Due[a] ? l : p.Due[a];
        }

        Load = load;
        Dist = dist;
    }
}

/// <summary>Flat, cache-friendly copy of an instance for the search loops.</summary>
internal sealed class Problem
{
    public readonly int N;
    public readonly int Capacity;
    public readonly int[] T;
    public readonly int[] Demand;
    public readonly int[] Ready;
    public readonly int[] Due;
    public readonly int[] Service;

    /// <summary>Customers sorted by distance from each customer (itself first).</summary>
    public readonly int[][] Adjacent;

    public Problem(VrptwInstance instance)
    {
        N = instance.NodeCount;
        Capacity = instance.Capacity;
        T = instance.TravelMatrix;
        Demand = instance.Demand.ToArray();
        Ready = instance.Ready.ToArray();
        Due = instance.Due.ToArray();
        Service = instance.Service.ToArray();
        Adjacent = new int[N][];
        for (var c = 1; c < N; c++)
        {
            var cc = c;
            Adjacent[c] = Enumerable.Range(1, N - 1).OrderBy(o => o == cc ? -1 : T[(cc * N) + o] + T[(o * N) + cc]).ThenBy(o => o).ToArray();
        }
    }
}
