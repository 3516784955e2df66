namespace CareOps.Scheduling.Routing;

/// <summary>
/// Slack Induction by String Removals (Christiaens &amp; Vanden Berghe, 2020): ruin adjacent strings of
/// customers across nearby routes, recreate by greedy cheapest insertion with blinks, accept by simulated
/// annealing; optionally, candidates close to the best get a <see cref="LocalSearch"/> before the acceptance test. One
/// instance is single-threaded and deterministic for its seed and iteration budget.
/// </summary>
internal sealed class SisrSearch
{
    private readonly Problem _p;
    private readonly VrptwSolverOptions _o;
    private readonly Rng _rng;
    private readonly SearchState _current;
    private readonly SearchState _candidate;
    private readonly SearchState _best;
    private readonly int[] _removed;
    private int _removedCount;
    private readonly int[] _stamp;
    private int _stampValue;
    private readonly double[] _sortKey;
    private readonly LocalSearch? _localSearch;

    public SisrSearch(Problem p, VrptwSolverOptions options, ulong seed)
    {
        _p = p;
        _o = options;
        _rng = new Rng(seed);
        _current = new SearchState(p.N);
        _candidate = new SearchState(p.N);
        _best = new SearchState(p.N);
        _removed = new int[p.N];
        _stamp = new int[p.N];
        _sortKey = new double[p.N];
        _localSearch = (options.LocalSearch ?? p.N - 1 <= options.LocalSearchUpTo) ? new LocalSearch(p, options.LocalSearchNeighbours) : null;
    }

    public long BestCost { get; private set; } = long.MaxValue;

    public long Iterations { get; private set; }

    public SearchState Best => _best;

    /// <summary>Runs until <paramref name="shouldStop"/> says so; <paramref name="budgetUsed"/> maps an iteration to the fraction of the budget used.</summary>
    public void Run(Func<long, double> budgetUsed, Func<bool> shouldStop, Action<long, long, int>? improved)
    {
        // Initial solution: everything removed, then recreated.
        _removedCount = 0;
        for (var c = 1; c < _p.N; c++)
        {
            _removed[_removedCount++] = c;
        }

        Recreate(_candidate);
        _localSearch?.Run(_candidate, _rng);
        _current.CopyFrom(_candidate);
        _best.CopyFrom(_candidate);
        var currentCost = _candidate.Cost;
        BestCost = currentCost;
        improved?.Invoke(0, BestCost, _best.Count);

        var t0 = _o.InitialTemperature;
        var tf = _o.FinalTemperature;
        long it = 0;
        while (true)
        {
            if ((it & 15) == 0 && shouldStop())
            {
                break;
            }

            var used = Math.Clamp(budgetUsed(it), 0.0, 1.0);
            var temperature = t0 * Math.Pow(tf / t0, used);
            _candidate.CopyFrom(_current);
            Ruin(_candidate);
            Recreate(_candidate);
            var cost = _candidate.Cost;
            if (_localSearch is not null && cost < BestCost * (1.0 + _o.LocalSearchMargin))
            {
                _localSearch.Run(_candidate, _rng, touchedOnly: true);
                cost = _candidate.Cost;
            }

            if (cost < currentCost - (temperature * Math.Log(_rng.NextDouble() + 1e-300)))
            {
                _current.CopyFrom(_candidate);
                currentCost = cost;
                if (cost < BestCost)
                {
                    BestCost = cost;
                    _best.CopyFrom(_candidate);
                    improved?.Invoke(it, cost, _best.Count);
                }
            }

            it++;
            Iterations = it;
        }
    }

    private void Ruin(SearchState s)
    {
        _removedCount = 0;
        var customers = _p.N - 1;
        var avgCard = (double)customers / Math.Max(1, s.Count);
        var lsMax = Math.Min(_o.MaxStringLength, avgCard);
        var ksMax = (4.0 * _o.AverageRemoved / (1.0 + lsMax)) - 1.0;
        var ks = (int)(_rng.NextDouble() * ksMax) + 1;
        var seed = 1 + _rng.NextInt(customers);
        _stampValue++;
        var strings = 0;
        foreach (var c in _p.Adjacent[seed])
        {
            if (strings >= ks)
            {
                break;
            }

            var r = s.RouteOf[c];
            if (r < 0 || _stamp[r] == _stampValue)
            {
                continue;
            }

            _stamp[r] = _stampValue;
            var route = s.Routes[r];
            var lMax = Math.Min(route.Len, lsMax);
            var l = (int)(_rng.NextDouble() * lMax) + 1;
            if (l > route.Len)
            {
                l = route.Len;
            }

            if (l < route.Len && _rng.NextDouble() < _o.SplitRate)
            {
                RemoveSplitString(s, r, s.PosOf[c], l);
            }
            else
            {
                RemoveString(s, r, s.PosOf[c], l, 0, 0);
            }

            strings++;
        }

        s.Compact(_p);
    }

    private void RemoveSplitString(SearchState s, int r, int pos, int l)
    {
        var route = s.Routes[r];
        var m = 1;
        while (l + m < route.Len && _rng.NextDouble() > _o.SplitDepth)
        {
            m++;
        }

        var total = l + m;
        // Keep m consecutive customers somewhere inside the window, remove the other l.
        RemoveString(s, r, pos, total, 1 + _rng.NextInt(l), m);
    }

    /// <summary>Removes a window of <paramref name="total"/> customers containing <paramref name="pos"/>, except
    /// <paramref name="keep"/> customers starting at offset <paramref name="keepAt"/> inside the window.</summary>
    private void RemoveString(SearchState s, int r, int pos, int total, int keepAt, int keep)
    {
        var route = s.Routes[r];
        var lo = Math.Max(1, pos - total + 1);
        var hi = Math.Min(pos, route.Len - total + 1);
        var start = lo + _rng.NextInt(hi - lo + 1);
        var seq = route.Seq;
        var w = 1;
        for (var k = 1; k <= route.Len; k++)
        {
            var off = k - start;
            if (off >= 0 && off < total && !(keep > 0 && off >= keepAt && off < keepAt + keep))
            {
                _removed[_removedCount++] = seq[k];
                s.RouteOf[seq[k]] = -1;
            }
            else
            {
                seq[w++] = seq[k];
            }
        }

        route.Len = w - 1;
        s.Refresh(_p, r);
    }

    private void Recreate(SearchState s)
    {
        SortRemoved();
        var p = _p;
        var n = p.N;
        var t = p.T;
        var blink = _o.BlinkRate;
        for (var i = 0; i < _removedCount; i++)
        {
            var c = _removed[i];
            var dc = p.Demand[c];
            var rc = p.Ready[c];
            var duec = p.Due[c];
            var sc = p.Service[c];
            // The fleet is unlimited: an empty vehicle is always a candidate (it is always feasible, CheckServable).
            long best = t[c] + t[c * n];
            int bestRoute = -1, bestPos = -1;
            for (var r = 0; r < s.Count; r++)
            {
                var route = s.Routes[r];
                if (route.Load + dc > p.Capacity)
                {
                    continue;
                }

                var seq = route.Seq;
                var early = route.Early;
                var late = route.Late;
                for (var k = 0; k <= route.Len; k++)
                {
                    int a = seq[k], b = seq[k + 1];
                    long delta = t[(a * n) + c] + t[(c * n) + b] - t[(a * n) + b];
                    if (delta >= best)
                    {
                        continue;
                    }

                    var ec = early[k] + p.Service[a] + t[(a * n) + c];
                    if (ec < rc)
                    {
                        ec = rc;
                    }

                    if (ec > duec)
                    {
                        continue;
                    }

                    var eb = ec + sc + t[(c * n) + b];
                    if (eb > late[k + 1] || (blink > 0 && _rng.NextDouble() < blink))
                    {
                        continue;
                    }

                    best = delta;
                    bestRoute = r;
                    bestPos = k;
                }
            }

            if (bestRoute < 0)
            {
                bestRoute = s.Count++;
                s.Routes[bestRoute].Len = 0;
                bestPos = 0;
            }

            var target = s.Routes[bestRoute];
            var sq = target.Seq;
            Array.Copy(sq, bestPos + 1, sq, bestPos + 2, target.Len - bestPos);
            sq[bestPos + 1] = c;
            target.Len++;
            s.Refresh(p, bestRoute);
        }

        _removedCount = 0;
    }

    private void SortRemoved()
    {
        var k = _removedCount;
        var roll = _rng.NextDouble() * 11.0;
        var p = _p;
        for (var i = 0; i < k; i++)
        {
            var c = _removed[i];
            _sortKey[i] = roll switch
            {
                < 4.0 => _rng.NextDouble(),
                < 8.0 => -p.Demand[c],
                < 10.0 => -p.T[c],
                _ => p.T[c],
            };
        }

        // Insertion sort: the removed set is small (about 10 customers), and it keeps ties in a stable order.
        for (var i = 1; i < k; i++)
        {
            var key = _sortKey[i];
            var val = _removed[i];
            var j = i - 1;
            while (j >= 0 && _sortKey[j] > key)
            {
                _sortKey[j + 1] = _sortKey[j];
                _removed[j + 1] = _removed[j];
                j--;
            }

            _sortKey[j + 1] = key;
            _removed[j + 1] = val;
        }
    }
}
