using CareOps.Scheduling.Routing;

namespace CareOps.Scheduling.Tests.Routing;

/// <summary>Hand-made and random tiny instances, and a brute-force optimum for them.</summary>
internal static class TinyInstances
{
    /// <summary>Depot at the origin, customers on a line east of it: 1 at 10, 2 at 20, 3 at 30 (unscaled, service 1).</summary>
    public static VrptwInstance Line(int capacity = 100, int[]? due = null, int depotDue = 1000) =>
        VrptwInstance.FromCoordinates(
            "line", capacity,
            x: [0, 10, 20, 30], y: [0, 0, 0, 0],
            demand: [0, 10, 10, 10],
            ready: [0, 0, 0, 0],
            due: due is null ? [depotDue, 100, 100, 100] : [depotDue, .. due],
            service: [0, 1, 1, 1],
            fleetHint: 3,
            scale: 1);

    public static VrptwInstance Random(int seed, int customers, int capacity = 20)
    {
        var rng = new System.Random(seed);
        var n = customers + 1;
        var x = new double[n];
        var y = new double[n];
        var demand = new int[n];
        var ready = new double[n];
        var due = new double[n];
        var service = new double[n];
        x[0] = 25;
        y[0] = 25;
        due[0] = 400;
        for (var c = 1; c < n; c++)
        {
            x[c] = rng.Next(0, 51);
            y[c] = rng.Next(0, 51);
            demand[c] = rng.Next(1, 11);
            var d0 = Math.Sqrt(((x[c] - 25) * (x[c] - 25)) + ((y[c] - 25) * (y[c] - 25)));
            ready[c] = rng.Next(0, 200);
            due[c] = Math.Max(ready[c] + rng.Next(20, 120), Math.Ceiling(d0));
            service[c] = 10;
            if (due[c] + service[c] + d0 + 1 > due[0])
            {
                due[c] = due[0] - service[c] - Math.Ceiling(d0) - 1;
                ready[c] = Math.Min(ready[c], due[c]);
            }
        }

        return VrptwInstance.FromCoordinates($"rand{seed}", capacity, x, y, demand, ready, due, service, customers);
    }

    /// <summary>Exact optimum: best feasible single route per subset (all orders), then best partition.</summary>
    public static long BruteForceOptimum(VrptwInstance instance)
    {
        var m = instance.CustomerCount;
        var full = (1 << m) - 1;
        var routeCost = new long[full + 1];
        Array.Fill(routeCost, long.MaxValue);
        var perm = new int[m];
        for (var set = 1; set <= full; set++)
        {
            var k = 0;
            long load = 0;
            for (var c = 0; c < m; c++)
            {
                if ((set & (1 << c)) != 0)
                {
                    perm[k++] = c + 1;
                    load += instance.Demand[c + 1];
                }
            }

            if (load > instance.Capacity)
            {
                continue;
            }

            routeCost[set] = BestOrder(instance, perm.AsSpan(0, k).ToArray());
        }

        var best = new long[full + 1];
        Array.Fill(best, long.MaxValue);
        best[0] = 0;
        for (var set = 1; set <= full; set++)
        {
            var low = set & -set;
            for (var sub = set; sub > 0; sub = (sub - 1) & set)
            {
                if ((sub & low) == 0 || routeCost[sub] == long.MaxValue || best[set ^ sub] == long.MaxValue)
                {
                    continue;
                }

                best[set] = Math.Min(best[set], routeCost[sub] + best[set ^ sub]);
            }
        }

        return best[full];
    }

    private static long BestOrder(VrptwInstance instance, int[] nodes)
    {
        var best = long.MaxValue;
        Permute(nodes, 0, ref best, instance);
        return best;
    }

    private static void Permute(int[] a, int i, ref long best, VrptwInstance instance)
    {
        if (i == a.Length)
        {
            var cost = RouteCostIfFeasible(instance, a);
            if (cost < best)
            {
                best = cost;
            }

            return;
        }

        for (var j = i; j < a.Length; j++)
        {
            (a[i], a[j]) = (a[j], a[i]);
            Permute(a, i + 1, ref best, instance);
            (a[i], a[j]) = (a[j], a[i]);
        }
    }

    private static long RouteCostIfFeasible(VrptwInstance instance, int[] route)
    {
        long time = instance.Ready[0];
        long dist = 0;
        var prev = 0;
        foreach (var c in route)
        {
            var t = instance.Travel(prev, c);
            dist += t;
            time = Math.Max(time + t, instance.Ready[c]);
            if (time > instance.Due[c])
            {
                return long.MaxValue;
            }

            time += instance.Service[c];
            prev = c;
        }

        var back = instance.Travel(prev, 0);
        return time + back > instance.Due[0] ? long.MaxValue : dist + back;
    }
}
