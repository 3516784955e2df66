namespace CareOps.Scheduling.Routing;

/// <summary>Move families of <see cref="LocalSearch"/> (all on in the solver; tests switch them one at a time).</summary>
[Flags]
internal enum LocalSearchMoves
{
    None = 0,
    Relocate = 1,
    OrOpt = 2,
    Swap = 4,
    TwoOptStar = 8,
    TwoOpt = 16,
    All = Relocate | OrOpt | Swap | TwoOptStar | TwoOpt,
}

/// <summary>
/// Granular local search with the classic VRPTW moves: relocate of 1–3 consecutive customers (or-opt, intra and
/// inter-route), swap of 1–2 with 1–2 consecutive customers (inter-route), 2-opt* (exchange of route tails) and
/// intra-route 2-opt. Each move rebuilds at most two routes from a few pieces of the current ones; a per-route
/// table of <see cref="Segment"/>s for every sub-sequence (forward and reversed) makes the distance and the
/// time-window check of a move O(1) (Vidal et al. 2013). Moves are tried only between a customer and its
/// nearest neighbours and applied at the first improvement, until no move improves the distance.
/// Deterministic: the only randomness is the customer order, drawn from the caller's generator.
/// </summary>
internal sealed class LocalSearch
{
    private readonly Problem _p;
    private readonly int _neighbours;
    private readonly LocalSearchMoves _allowed;
    private readonly Segment[] _single;
    private readonly int[][] _seq;
    private readonly int[] _len;
    private readonly Segment[][] _fwd;
    private readonly Segment[][] _rev;
    private readonly int[] _stride;
    private readonly int[] _modified;
    private readonly int[] _routeOf;
    private readonly int[] _posOf;
    private readonly int[] _lastTested;
    private readonly int[] _order;
    private readonly int[] _bufA;
    private readonly int[] _bufB;
    private int _routes;
    private int _moves;

    /// <summary>Called after every applied move (tests check each intermediate solution).</summary>
    public Action<LocalSearch>? AfterMove { get; init; }

    /// <summary>The routes as they stand inside a run (non-empty routes only).</summary>
    public VrptwSolution Snapshot()
    {
        var routes = new List<IReadOnlyList<int>>();
        for (var r = 0; r < _routes; r++)
        {
            if (_len[r] > 0)
            {
                routes.Add(_seq[r].AsSpan(1, _len[r]).ToArray());
            }
        }

        return new VrptwSolution(routes);
    }

    /// <summary>Creates a search for <paramref name="p"/> trying each customer's <paramref name="neighbours"/> nearest customers.</summary>
    public LocalSearch(Problem p, int neighbours, LocalSearchMoves allowed = LocalSearchMoves.All)
    {
        _p = p;
        _allowed = allowed;
        _neighbours = Math.Clamp(neighbours, 1, Math.Max(1, p.N - 2));
        _single = new Segment[p.N];
        for (var c = 0; c < p.N; c++)
        {
            _single[c] = Segment.Of(p, c);
        }

        _seq = new int[p.N][];
        _fwd = new Segment[p.N][];
        _rev = new Segment[p.N][];
        for (var r = 0; r < p.N; r++)
        {
            _seq[r] = new int[p.N + 2];
            _fwd[r] = [];
            _rev[r] = [];
        }

        _len = new int[p.N];
        _stride = new int[p.N];
        _modified = new int[p.N];
        _routeOf = new int[p.N];
        _posOf = new int[p.N];
        _lastTested = new int[p.N];
        _order = new int[p.N - 1];
        _bufA = new int[p.N + 2];
        _bufB = new int[p.N + 2];
    }

    /// <summary>Improves <paramref name="s"/> in place until no move improves it; returns the number of moves applied.</summary>
    public int Run(SearchState s, Rng rng)
    {
        Load(s);
        var customers = _p.N - 1;
        for (var i = 0; i < customers; i++)
        {
            _order[i] = i + 1;
        }

        for (var i = customers - 1; i > 0; i--)
        {
            var j = rng.NextInt(i + 1);
            (_order[i], _order[j]) = (_order[j], _order[i]);
        }

        Array.Fill(_lastTested, -1);
        var improved = true;
        for (var loop = 0; improved; loop++)
        {
            improved = false;
            for (var i = 0; i < customers; i++)
            {
                var u = _order[i];
                var lastTested = _lastTested[u];
                _lastTested[u] = _moves;
                var near = _p.Adjacent[u];
                for (var j = 1; j <= _neighbours; j++)
                {
                    var v = near[j];
                    // Note: a pair is retried only when one of its routes changed since u was last scanned (HGS).
                    if (loop > 0 && Math.Max(_modified[_routeOf[u]], _modified[_routeOf[v]]) <= lastTested)
                    {
                        continue;
                    }

                    if (TryMoves(u, v))
                    {
                        improved = true;
                    }
                }
            }
        }

        Store(s);
        return _moves;
    }

    private void Load(SearchState s)
    {
        _routes = s.Count;
        _moves = 0;
        for (var r = 0; r < _routes; r++)
        {
            var route = s.Routes[r];
            Array.Copy(route.Seq, _seq[r], route.Len + 2);
            _seq[r][0] = 0;
            _seq[r][route.Len + 1] = 0;
            _len[r] = route.Len;
            Rebuild(r);
        }
    }

    private void Store(SearchState s)
    {
        for (var r = 0; r < _routes; r++)
        {
            var route = s.Routes[r];
            Array.Copy(_seq[r], route.Seq, _len[r] + 2);
            route.Len = _len[r];
            s.Refresh(_p, r);
        }

        s.Count = _routes;
        s.Compact(_p);
    }

    /// <summary>Recomputes the sub-sequence tables of route <paramref name="r"/>: O(length²), once per applied move.</summary>
    private void Rebuild(int r)
    {
        var seq = _seq[r];
        var m = _len[r] + 2;
        if (m > _stride[r])
        {
            var stride = Math.Min(_p.N + 1, m + 8);
            _stride[r] = stride;
            _fwd[r] = new Segment[stride * stride];
            _rev[r] = new Segment[stride * stride];
        }

        var st = _stride[r];
        var fwd = _fwd[r];
        var rev = _rev[r];
        for (var i = 0; i < m; i++)
        {
            var s = _single[seq[i]];
            fwd[(i * st) + i] = s;
            for (var j = i + 1; j < m; j++)
            {
                s = Segment.Concat(_p, s, _single[seq[j]]);
                fwd[(i * st) + j] = s;
            }
        }

        for (var j = 0; j < m; j++)
        {
            var s = _single[seq[j]];
            rev[(j * st) + j] = s;
            for (var i = j - 1; i >= 0; i--)
            {
                s = Segment.Concat(_p, s, _single[seq[i]]);
                rev[(i * st) + j] = s;
            }
        }

        for (var k = 1; k < m - 1; k++)
        {
            _routeOf[seq[k]] = r;
            _posOf[seq[k]] = k;
        }

        _modified[r] = _moves;
    }

    /// <summary>Positions <paramref name="i"/>..<paramref name="j"/> of route <paramref name="r"/> (depots at 0 and Len + 1).</summary>
    private ref readonly Segment S(int r, int i, int j) => ref _fwd[r][(i * _stride[r]) + j];

    /// <summary>Positions <paramref name="j"/> down to <paramref name="i"/> of route <paramref name="r"/>.</summary>
    private ref readonly Segment R(int r, int i, int j) => ref _rev[r][(i * _stride[r]) + j];

    private int T(int a, int b) => _p.T[(a * _p.N) + b];

    private int Link(in Segment a, in Segment b) => a.Dist + T(a.Last, b.First) + b.Dist;

    private int Link(in Segment a, in Segment b, in Segment c) => Link(a, b) + T(b.Last, c.First) + c.Dist;

    private int Link(in Segment a, in Segment b, in Segment c, in Segment d) => Link(a, b, c) + T(c.Last, d.First) + d.Dist;

    private bool Ok(in Segment a, in Segment b) => Segment.Concat(_p, a, b).Feasible(_p.Capacity);

    private bool Ok(in Segment a, in Segment b, in Segment c) =>
        Segment.Concat(_p, Segment.Concat(_p, a, b), c).Feasible(_p.Capacity);

    private bool Ok(in Segment a, in Segment b, in Segment c, in Segment d) =>
        Segment.Concat(_p, Segment.Concat(_p, Segment.Concat(_p, a, b), c), d).Feasible(_p.Capacity);

    private bool TryMoves(int u, int v)
    {
        var ra = _routeOf[u];
        var rb = _routeOf[v];
        var pu = _posOf[u];
        var pv = _posOf[v];
        if (ra != rb)
        {
            for (var k = 1; k <= 3 && pu + k - 1 <= _len[ra]; k++)
            {
                if (!Allowed(k))
                {
                    continue;
                }

                if (RelocateInter(ra, pu, k, rb, pv - 1) || RelocateInter(ra, pu, k, rb, pv))
                {
                    return true;
                }
            }

            for (var ka = 1; (_allowed & LocalSearchMoves.Swap) != 0 && ka <= 2 && pu + ka - 1 <= _len[ra]; ka++)
            {
                for (var kb = 1; kb <= 2 && pv + kb - 1 <= _len[rb]; kb++)
                {
                    if (SwapInter(ra, pu, ka, rb, pv, kb))
                    {
                        return true;
                    }
                }
            }

            return (_allowed & LocalSearchMoves.TwoOptStar) != 0 && (TwoOptStar(ra, pu, rb, pv - 1) || TwoOptStar(ra, pu, rb, pv));
        }

        for (var k = 1; k <= 3 && pu + k - 1 <= _len[ra]; k++)
        {
            if (!Allowed(k))
            {
                continue;
            }

            if (RelocateIntra(ra, pu, k, pv - 1) || RelocateIntra(ra, pu, k, pv))
            {
                return true;
            }
        }

        var i = Math.Min(pu, pv);
        var j = Math.Max(pu, pv);
        return (_allowed & LocalSearchMoves.TwoOpt) != 0 && (Reverse(ra, i + 1, j) || Reverse(ra, i, j - 1));
    }

    private bool Allowed(int blockLength) =>
        (_allowed & (blockLength == 1 ? LocalSearchMoves.Relocate : LocalSearchMoves.OrOpt)) != 0;

    /// <summary>Moves positions pu..pu+k−1 of route ra to after position q of route rb.</summary>
    private bool RelocateInter(int ra, int pu, int k, int rb, int q)
    {
        int ea = _len[ra] + 1, eb = _len[rb] + 1;
        ref readonly var a0 = ref S(ra, 0, pu - 1);
        ref readonly var block = ref S(ra, pu, pu + k - 1);
        ref readonly var a1 = ref S(ra, pu + k, ea);
        ref readonly var b0 = ref S(rb, 0, q);
        ref readonly var b1 = ref S(rb, q + 1, eb);
        var before = S(ra, 0, ea).Dist + S(rb, 0, eb).Dist;
        if (Link(a0, a1) + Link(b0, block, b1) >= before
            || b0.Load + block.Load + b1.Load > _p.Capacity
            || !Ok(a0, a1) || !Ok(b0, block, b1))
        {
            return false;
        }

        var na = Put(_bufA, 0, ra, 0, pu - 1);
        na = Put(_bufA, na, ra, pu + k, ea);
        var nb = Put(_bufB, 0, rb, 0, q);
        nb = Put(_bufB, nb, ra, pu, pu + k - 1);
        nb = Put(_bufB, nb, rb, q + 1, eb);
        Commit(ra, _bufA, na, rb, _bufB, nb);
        return true;
    }

    /// <summary>Exchanges positions pu..pu+ka−1 of route ra with positions pv..pv+kb−1 of route rb.</summary>
    private bool SwapInter(int ra, int pu, int ka, int rb, int pv, int kb)
    {
        int ea = _len[ra] + 1, eb = _len[rb] + 1;
        ref readonly var a0 = ref S(ra, 0, pu - 1);
        ref readonly var ba = ref S(ra, pu, pu + ka - 1);
        ref readonly var a1 = ref S(ra, pu + ka, ea);
        ref readonly var b0 = ref S(rb, 0, pv - 1);
        ref readonly var bb = ref S(rb, pv, pv + kb - 1);
        ref readonly var b1 = ref S(rb, pv + kb, eb);
        var before = S(ra, 0, ea).Dist + S(rb, 0, eb).Dist;
        if (Link(a0, bb, a1) + Link(b0, ba, b1) >= before || !Ok(a0, bb, a1) || !Ok(b0, ba, b1))
        {
            return false;
        }

        var na = Put(_bufA, 0, ra, 0, pu - 1);
        na = Put(_bufA, na, rb, pv, pv + kb - 1);
        na = Put(_bufA, na, ra, pu + ka, ea);
        var nb = Put(_bufB, 0, rb, 0, pv - 1);
        nb = Put(_bufB, nb, ra, pu, pu + ka - 1);
        nb = Put(_bufB, nb, rb, pv + kb, eb);
        Commit(ra, _bufA, na, rb, _bufB, nb);
        return true;
    }

    /// <summary>2-opt*: route ra keeps its prefix up to pu and takes rb's tail after q, and vice versa.</summary>
    private bool TwoOptStar(int ra, int pu, int rb, int q)
    {
        int ea = _len[ra] + 1, eb = _len[rb] + 1;
        ref readonly var a0 = ref S(ra, 0, pu);
        ref readonly var a1 = ref S(ra, pu + 1, ea);
        ref readonly var b0 = ref S(rb, 0, q);
        ref readonly var b1 = ref S(rb, q + 1, eb);
        var before = S(ra, 0, ea).Dist + S(rb, 0, eb).Dist;
        if (Link(a0, b1) + Link(b0, a1) >= before || !Ok(a0, b1) || !Ok(b0, a1))
        {
            return false;
        }

        var na = Put(_bufA, 0, ra, 0, pu);
        na = Put(_bufA, na, rb, q + 1, eb);
        var nb = Put(_bufB, 0, rb, 0, q);
        nb = Put(_bufB, nb, ra, pu + 1, ea);
        Commit(ra, _bufA, na, rb, _bufB, nb);
        return true;
    }

    /// <summary>Moves positions pu..pu+k−1 of route r to after its position q.</summary>
    private bool RelocateIntra(int r, int pu, int k, int q)
    {
        var e = _len[r] + 1;
        if (q >= pu - 1 && q <= pu + k - 1)
        {
            return false;
        }

        var before = S(r, 0, e).Dist;
        int n;
        if (q < pu - 1)
        {
            ref readonly var s0 = ref S(r, 0, q);
            ref readonly var block = ref S(r, pu, pu + k - 1);
            ref readonly var mid = ref S(r, q + 1, pu - 1);
            ref readonly var s1 = ref S(r, pu + k, e);
            if (Link(s0, block, mid, s1) >= before || !Ok(s0, block, mid, s1))
            {
                return false;
            }

            n = Put(_bufA, 0, r, 0, q);
            n = Put(_bufA, n, r, pu, pu + k - 1);
            n = Put(_bufA, n, r, q + 1, pu - 1);
            n = Put(_bufA, n, r, pu + k, e);
        }
        else
        {
            ref readonly var s0 = ref S(r, 0, pu - 1);
            ref readonly var mid = ref S(r, pu + k, q);
            ref readonly var block = ref S(r, pu, pu + k - 1);
            ref readonly var s1 = ref S(r, q + 1, e);
            if (Link(s0, mid, block, s1) >= before || !Ok(s0, mid, block, s1))
            {
                return false;
            }

            n = Put(_bufA, 0, r, 0, pu - 1);
            n = Put(_bufA, n, r, pu + k, q);
            n = Put(_bufA, n, r, pu, pu + k - 1);
            n = Put(_bufA, n, r, q + 1, e);
        }

        Commit(r, _bufA, n);
        return true;
    }

    /// <summary>2-opt: reverses positions i..j of route r (1 ≤ i &lt; j ≤ Len).</summary>
    private bool Reverse(int r, int i, int j)
    {
        if (i < 1 || j <= i || j > _len[r])
        {
            return false;
        }

        var e = _len[r] + 1;
        ref readonly var s0 = ref S(r, 0, i - 1);
        ref readonly var mid = ref R(r, i, j);
        ref readonly var s1 = ref S(r, j + 1, e);
        if (Link(s0, mid, s1) >= S(r, 0, e).Dist || !Ok(s0, mid, s1))
        {
            return false;
        }

        var n = Put(_bufA, 0, r, 0, i - 1);
        for (var k = j; k >= i; k--)
        {
            _bufA[n++] = _seq[r][k];
        }

        n = Put(_bufA, n, r, j + 1, e);
        Commit(r, _bufA, n);
        return true;
    }

    private int Put(int[] buf, int n, int r, int from, int to)
    {
        var count = to - from + 1;
        if (count > 0)
        {
            Array.Copy(_seq[r], from, buf, n, count);
        }

        return n + count;
    }

    private void Commit(int r, int[] buf, int n)
    {
        _moves++;
        Array.Copy(buf, _seq[r], n);
        _len[r] = n - 2;
        Rebuild(r);
        AfterMove?.Invoke(this);
    }

    private void Commit(int ra, int[] bufA, int na, int rb, int[] bufB, int nb)
    {
        _moves++;
        Array.Copy(bufA, _seq[ra], na);
        _len[ra] = na - 2;
        Array.Copy(bufB, _seq[rb], nb);
        _len[rb] = nb - 2;
        Rebuild(ra);
        Rebuild(rb);
        AfterMove?.Invoke(this);
    }
}
