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
/// intra-route 2-opt. Each move rebuilds at most two routes from a few pieces of the current ones. Per route we
/// keep prefix and suffix <see cref="Segment"/>s and cumulative distances, so a move's distance change is O(1)
/// and, for inter-route moves, so is its time-window and capacity check (Vidal et al. 2013). Intra-route moves
/// fold their middle piece, O(length), but only once the distance has improved. Moves are tried only between a customer and its
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
    private readonly Segment[][] _pre;
    private readonly Segment[][] _suf;
    private readonly int[][] _rcum;
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
        _pre = new Segment[p.N][];
        _suf = new Segment[p.N][];
        _rcum = new int[p.N][];
        for (var r = 0; r < p.N; r++)
        {
            _seq[r] = new int[p.N + 2];
            _pre[r] = [];
            _suf[r] = [];
            _rcum[r] = [];
        }

        _len = new int[p.N];
        _modified = new int[p.N];
        _routeOf = new int[p.N];
        _posOf = new int[p.N];
        _lastTested = new int[p.N];
        _order = new int[p.N - 1];
        _bufA = new int[p.N + 2];
        _bufB = new int[p.N + 2];
    }

    /// <summary>
    /// Improves <paramref name="s"/> in place until no move improves it; returns the number of moves applied.
    /// With <paramref name="touchedOnly"/>, the first pass skips pairs of customers whose routes were both left
    /// untouched since the state was copied (<see cref="RouteState.Touched"/>): after a ruin-and-recreate of a
    /// locally optimal solution only moves near the recreated routes can improve it.
    /// </summary>
    public int Run(SearchState s, Rng rng, bool touchedOnly = false)
    {
        Load(s);
        if (touchedOnly)
        {
            for (var r = 0; r < _routes; r++)
            {
                if (!s.Routes[r].Touched)
                {
                    _modified[r] = 0;
                }
            }
        }

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

        Array.Fill(_lastTested, 0);
        var improved = true;
        while (improved)
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
                    if (Math.Max(_modified[_routeOf[u]], _modified[_routeOf[v]]) <= lastTested)
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
        return _moves - 1;
    }

    private void Load(SearchState s)
    {
        _routes = s.Count;
        _moves = 1;
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

    /// <summary>Recomputes the prefix and suffix segments of route <paramref name="r"/>: O(length), once per applied move.</summary>
    private void Rebuild(int r)
    {
        var seq = _seq[r];
        var m = _len[r] + 2;
        if (_pre[r].Length < m)
        {
            var size = Math.Min(_p.N + 2, m + 16);
            _pre[r] = new Segment[size];
            _suf[r] = new Segment[size];
            _rcum[r] = new int[size];
        }

        var pre = _pre[r];
        var suf = _suf[r];
        var rcum = _rcum[r];
        pre[0] = _single[seq[0]];
        rcum[0] = 0;
        for (var k = 1; k < m; k++)
        {
            pre[k] = Segment.Concat(_p, pre[k - 1], _single[seq[k]]);
            rcum[k] = rcum[k - 1] + T(seq[k], seq[k - 1]);
        }

        suf[m - 1] = _single[seq[m - 1]];
        for (var k = m - 2; k >= 0; k--)
        {
            suf[k] = Segment.Concat(_p, _single[seq[k]], suf[k + 1]);
        }

        for (var k = 1; k < m - 1; k++)
        {
            _routeOf[seq[k]] = r;
            _posOf[seq[k]] = k;
        }

        _modified[r] = _moves;
    }

    /// <summary>
    /// Positions <paramref name="i"/>..<paramref name="j"/> of route <paramref name="r"/> (depots at 0 and Len + 1):
    /// O(1) for a prefix or suffix, otherwise folded, which moves only do once their distance has improved.
    /// </summary>
    private Segment S(int r, int i, int j)
    {
        if (i == 0)
        {
            return _pre[r][j];
        }

        if (j == _len[r] + 1)
        {
            return _suf[r][i];
        }

        var seq = _seq[r];
        var s = _single[seq[i]];
        for (var k = i + 1; k <= j; k++)
        {
            s = Segment.Concat(_p, s, _single[seq[k]]);
        }

        return s;
    }

    /// <summary>Positions <paramref name="j"/> down to <paramref name="i"/> of route <paramref name="r"/>, folded.</summary>
    private Segment R(int r, int i, int j)
    {
        var seq = _seq[r];
        var s = _single[seq[j]];
        for (var k = j - 1; k >= i; k--)
        {
            s = Segment.Concat(_p, s, _single[seq[k]]);
        }

        return s;
    }

    /// <summary>Travel distance along positions i..j of route r.</summary>
    private int D(int r, int i, int j) => _pre[r][j].Dist - _pre[r][i].Dist;

    /// <summary>Demand of positions i..j of route r.</summary>
    private int Q(int r, int i, int j) => _pre[r][j].Load - (i == 0 ? 0 : _pre[r][i - 1].Load);

    private int T(int a, int b) => _p.T[(a * _p.N) + b];

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
        int[] sa = _seq[ra], sb = _seq[rb];
        int pa = sa[pu - 1], first = sa[pu], last = sa[pu + k - 1], na = sa[pu + k], x = sb[q], y = sb[q + 1];
        var delta = T(pa, na) - T(pa, first) - T(last, na) + T(x, first) + T(last, y) - T(x, y);
        if (delta >= 0 || _pre[rb][eb].Load + Q(ra, pu, pu + k - 1) > _p.Capacity)
        {
            return false;
        }

        if (!Ok(_pre[ra][pu - 1], _suf[ra][pu + k]) || !Ok(_pre[rb][q], S(ra, pu, pu + k - 1), _suf[rb][q + 1]))
        {
            return false;
        }

        var n1 = Put(_bufA, 0, ra, 0, pu - 1);
        n1 = Put(_bufA, n1, ra, pu + k, ea);
        var n2 = Put(_bufB, 0, rb, 0, q);
        n2 = Put(_bufB, n2, ra, pu, pu + k - 1);
        n2 = Put(_bufB, n2, rb, q + 1, eb);
        Commit(ra, _bufA, n1, rb, _bufB, n2);
        return true;
    }

    /// <summary>Exchanges positions pu..pu+ka−1 of route ra with positions pv..pv+kb−1 of route rb.</summary>
    private bool SwapInter(int ra, int pu, int ka, int rb, int pv, int kb)
    {
        int ea = _len[ra] + 1, eb = _len[rb] + 1;
        int[] sa = _seq[ra], sb = _seq[rb];
        int pa = sa[pu - 1], a1 = sa[pu], a2 = sa[pu + ka - 1], na = sa[pu + ka];
        int pb = sb[pv - 1], b1 = sb[pv], b2 = sb[pv + kb - 1], nb = sb[pv + kb];
        var delta = T(pa, b1) + T(b2, na) - T(pa, a1) - T(a2, na) + T(pb, a1) + T(a2, nb) - T(pb, b1) - T(b2, nb);
        if (delta >= 0)
        {
            return false;
        }

        var blockA = S(ra, pu, pu + ka - 1);
        var blockB = S(rb, pv, pv + kb - 1);
        if (!Ok(_pre[ra][pu - 1], blockB, _suf[ra][pu + ka]) || !Ok(_pre[rb][pv - 1], blockA, _suf[rb][pv + kb]))
        {
            return false;
        }

        var n1 = Put(_bufA, 0, ra, 0, pu - 1);
        n1 = Put(_bufA, n1, rb, pv, pv + kb - 1);
        n1 = Put(_bufA, n1, ra, pu + ka, ea);
        var n2 = Put(_bufB, 0, rb, 0, pv - 1);
        n2 = Put(_bufB, n2, ra, pu, pu + ka - 1);
        n2 = Put(_bufB, n2, rb, pv + kb, eb);
        Commit(ra, _bufA, n1, rb, _bufB, n2);
        return true;
    }

    /// <summary>2-opt*: route ra keeps its prefix up to pu and takes rb's tail after q, and vice versa.</summary>
    private bool TwoOptStar(int ra, int pu, int rb, int q)
    {
        int ea = _len[ra] + 1, eb = _len[rb] + 1;
        int[] sa = _seq[ra], sb = _seq[rb];
        int u = sa[pu], x = sa[pu + 1], v = sb[q], y = sb[q + 1];
        var delta = T(u, y) + T(v, x) - T(u, x) - T(v, y);
        if (delta >= 0 || !Ok(_pre[ra][pu], _suf[rb][q + 1]) || !Ok(_pre[rb][q], _suf[ra][pu + 1]))
        {
            return false;
        }

        var n1 = Put(_bufA, 0, ra, 0, pu);
        n1 = Put(_bufA, n1, rb, q + 1, eb);
        var n2 = Put(_bufB, 0, rb, 0, q);
        n2 = Put(_bufB, n2, ra, pu + 1, ea);
        Commit(ra, _bufA, n1, rb, _bufB, n2);
        return true;
    }

    /// <summary>Moves positions pu..pu+k−1 of route r to after its position q.</summary>
    private bool RelocateIntra(int r, int pu, int k, int q)
    {
        if (q >= pu - 1 && q <= pu + k - 1)
        {
            return false;
        }

        var e = _len[r] + 1;
        var sq = _seq[r];
        int pa = sq[pu - 1], first = sq[pu], last = sq[pu + k - 1], na = sq[pu + k], x = sq[q], y = sq[q + 1];
        var delta = T(pa, na) - T(pa, first) - T(last, na) + T(x, first) + T(last, y) - T(x, y);
        if (delta >= 0)
        {
            return false;
        }

        var block = S(r, pu, pu + k - 1);
        int n;
        if (q < pu - 1)
        {
            if (!Ok(_pre[r][q], block, S(r, q + 1, pu - 1), _suf[r][pu + k]))
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
            if (!Ok(_pre[r][pu - 1], S(r, pu + k, q), block, _suf[r][q + 1]))
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
        var sq = _seq[r];
        var delta = T(sq[i - 1], sq[j]) + (_rcum[r][j] - _rcum[r][i]) + T(sq[i], sq[j + 1])
            - T(sq[i - 1], sq[i]) - D(r, i, j) - T(sq[j], sq[j + 1]);
        if (delta >= 0 || !Ok(_pre[r][i - 1], R(r, i, j), _suf[r][j + 1]))
        {
            return false;
        }

        var n = Put(_bufA, 0, r, 0, i - 1);
        for (var k = j; k >= i; k--)
        {
            _bufA[n++] = sq[k];
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
