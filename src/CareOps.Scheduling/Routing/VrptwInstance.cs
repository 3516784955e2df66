namespace CareOps.Scheduling.Routing;

/// <summary>
/// A capacitated vehicle routing problem with time windows, in integer units. Node 0 is the depot,
/// nodes 1..n are customers. Travel time equals travel distance (the DIMACS convention).
/// </summary>
internal sealed class VrptwInstance
{
    private readonly int[] _travel;

    /// <summary>Creates an instance; arrays are indexed by node (0 = depot) and are not copied.</summary>
    /// <param name="name">Instance name (e.g. <c>C101</c>).</param>
    /// <param name="capacity">Vehicle capacity.</param>
    /// <param name="demand">Demand per node (depot 0).</param>
    /// <param name="ready">Earliest service start per node; for the depot, the earliest departure.</param>
    /// <param name="due">Latest service start per node; for the depot, the latest return.</param>
    /// <param name="service">Service duration per node.</param>
    /// <param name="travel">Row-major travel matrix of size nodes × nodes.</param>
    /// <param name="fleetHint">Vehicle count stated by the source file (the fleet is unlimited for our solver).</param>
    public VrptwInstance(string name, int capacity, int[] demand, int[] ready, int[] due, int[] service, int[] travel, int fleetHint)
    {
        ArgumentNullException.ThrowIfNull(demand);
        ArgumentNullException.ThrowIfNull(ready);
        ArgumentNullException.ThrowIfNull(due);
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(travel);
        var n = demand.Length;
        if (n < 1 || ready.Length != n || due.Length != n || service.Length != n || travel.Length != n * n)
        {
            throw new ArgumentException("Node arrays must have equal length and the travel matrix must be nodes × nodes.");
        }

        Name = name;
        Capacity = capacity;
        Demand = demand;
        Ready = ready;
        Due = due;
        Service = service;
        _travel = travel;
        FleetHint = fleetHint;
    }

    /// <summary>Instance name.</summary>
    public string Name { get; }

    /// <summary>Vehicle capacity.</summary>
    public int Capacity { get; }

    /// <summary>Demand per node.</summary>
    public IReadOnlyList<int> Demand { get; }

    /// <summary>Earliest service start per node.</summary>
    public IReadOnlyList<int> Ready { get; }

    /// <summary>Latest service start per node (for the depot: latest return).</summary>
    public IReadOnlyList<int> Due { get; }

    /// <summary>Service duration per node.</summary>
    public IReadOnlyList<int> Service { get; }

    /// <summary>Vehicle count stated by the source; only the OR-Tools baseline uses it as its fleet bound.</summary>
    public int FleetHint { get; }

    /// <summary>Number of nodes including the depot.</summary>
    public int NodeCount => Demand.Count;

    /// <summary>Number of customers.</summary>
    public int CustomerCount => Demand.Count - 1;

    /// <summary>Travel distance (= time) from node <paramref name="from"/> to node <paramref name="to"/>.</summary>
    public int Travel(int from, int to) => _travel[(from * NodeCount) + to];

    internal int[] TravelMatrix => _travel;

    /// <summary>
    /// Builds an instance from coordinates in the DIMACS convention: coordinates and times are multiplied
    /// by <paramref name="scale"/> and Euclidean distances truncated to integers.
    /// </summary>
    /// <param name="name">Instance name.</param>
    /// <param name="capacity">Vehicle capacity.</param>
    /// <param name="x">X coordinate per node.</param>
    /// <param name="y">Y coordinate per node.</param>
    /// <param name="demand">Demand per node.</param>
    /// <param name="ready">Ready time per node (unscaled).</param>
    /// <param name="due">Due time per node (unscaled).</param>
    /// <param name="service">Service time per node (unscaled).</param>
    /// <param name="fleetHint">Vehicle count from the source.</param>
    /// <param name="scale">Multiplier, 10 in DIMACS.</param>
    public static VrptwInstance FromCoordinates(
        string name, int capacity, IReadOnlyList<double> x, IReadOnlyList<double> y, IReadOnlyList<int> demand,
        IReadOnlyList<double> ready, IReadOnlyList<double> due, IReadOnlyList<double> service, int fleetHint, int scale = 10)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(demand);
        ArgumentNullException.ThrowIfNull(ready);
        ArgumentNullException.ThrowIfNull(due);
        ArgumentNullException.ThrowIfNull(service);
        var n = x.Count;
        var travel = new int[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var dx = (x[i] - x[j]) * scale;
                var dy = (y[i] - y[j]) * scale;
                travel[(i * n) + j] = (int)Math.Floor(Math.Sqrt((dx * dx) + (dy * dy)) + 1e-9);
            }
        }

        return new VrptwInstance(
            name, capacity, demand.ToArray(),
            ready.Select(v => (int)Math.Round(v * scale)).ToArray(),
            due.Select(v => (int)Math.Round(v * scale)).ToArray(),
            service.Select(v => (int)Math.Round(v * scale)).ToArray(),
            travel, fleetHint);
    }
}
