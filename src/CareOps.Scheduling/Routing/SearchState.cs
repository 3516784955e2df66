namespace CareOps.Scheduling.Routing;

/// <summary>A full solution in solver form: compact route array plus node → (route, position) maps.</summary>
internal sealed class SearchState
{
    public readonly RouteState[] Routes;
    public int Count;
    public readonly int[] RouteOf;
    public readonly int[] PosOf;

    public SearchState(int n)
    {
        Routes = new RouteState[n];
        for (var i = 0; i < n; i++)
        {
            Routes[i] = new RouteState(n);
        }

        RouteOf = new int[n];
        PosOf = new int[n];
        Array.Fill(RouteOf, -1);
    }

    public long Cost
    {
        get
        {
            long c = 0;
            for (var r = 0; r < Count; r++)
            {
                c += Routes[r].Dist;
            }

            return c;
        }
    }

    public void CopyFrom(SearchState o)
    {
        for (var r = 0; r < o.Count; r++)
        {
            Routes[r].CopyFrom(o.Routes[r]);
        }

        Count = o.Count;
        Array.Copy(o.RouteOf, RouteOf, RouteOf.Length);
        Array.Copy(o.PosOf, PosOf, PosOf.Length);
    }

    /// <summary>Refreshes a route after its sequence changed and re-indexes its customers.</summary>
    public void Refresh(Problem p, int r)
    {
        var route = Routes[r];
        route.Update(p);
        route.Touched = true;
        for (var k = 1; k <= route.Len; k++)
        {
            RouteOf[route.Seq[k]] = r;
            PosOf[route.Seq[k]] = k;
        }
    }

    /// <summary>Drops empty routes, keeping the array compact.</summary>
    public void Compact(Problem p)
    {
        for (var r = Count - 1; r >= 0; r--)
        {
            if (Routes[r].Len == 0)
            {
                var last = Count - 1;
                if (r != last)
                {
                    (Routes[r], Routes[last]) = (Routes[last], Routes[r]);
                    Refresh(p, r);
                }

                Count--;
            }
        }
    }

    public VrptwSolution ToSolution()
    {
        var routes = new List<IReadOnlyList<int>>();
        for (var r = 0; r < Count; r++)
        {
            var route = Routes[r];
            if (route.Len > 0)
            {
                routes.Add(route.Seq.AsSpan(1, route.Len).ToArray());
            }
        }

        return new VrptwSolution(routes);
    }
}

/// <summary>xoshiro256** — fast, and identical on every platform and .NET version.</summary>
internal sealed class Rng
{
    private ulong _s0, _s1, _s2, _s3;

    public Rng(ulong seed)
    {
        _s0 = SplitMix(ref seed);
        _s1 = SplitMix(ref seed);
        _s2 = SplitMix(ref seed);
        _s3 = SplitMix(ref seed);
    }

    private static ulong SplitMix(ref ulong x)
    {
        var z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public ulong Next()
    {
        var result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [0, n).</summary>
    public int NextInt(int n) => (int)((Next() >> 33) * (ulong)n >> 31);
}
