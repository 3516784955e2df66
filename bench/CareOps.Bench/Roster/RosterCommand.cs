using System.Diagnostics;
using System.Globalization;
using CareOps.Scheduling.Baselines;
using CareOps.Scheduling.Roster;

namespace CareOps.Bench;

/// <summary>
/// roster (--demo | --problem FILE) --seconds S --seed N [--threads T] [--solver greedy|careops|ortools|all]
/// [--out FILE] [--write-problem FILE] [--write-dropout FILE]: solves a weekly roster and prints its KPIs side by side
/// with the baselines — greedy, OR-Tools alone (its own times), OR-Tools re-timed exactly — all checked by the validator.
/// </summary>
public static class RosterCommand
{
    public static Task<int> RunAsync(string[] args)
    {
        var options = BenchArgs.Parse(args);
        var seconds = options.Double("--seconds", 60);
        var seed = options.Int("--seed", 1);
        var threads = options.Int("--threads", 2);
        var which = options.Get("--solver") ?? "all";
        if (which is not ("greedy" or "careops" or "ortools" or "all"))
        {
            Console.Error.WriteLine("roster: --solver is greedy, careops, ortools or all");
            return Task.FromResult(2);
        }

        RosterProblem problem;
        if (options.Flag("--demo"))
        {
            problem = DemoProblem.Build();
        }
        else if (options.Get("--problem") is { } file)
        {
            problem = RosterJson.ReadProblem(File.ReadAllText(file));
        }
        else
        {
            Console.Error.WriteLine("roster: give --demo or --problem FILE");
            return Task.FromResult(2);
        }

        if (options.Get("--write-problem") is { } problemOut)
        {
            File.WriteAllText(problemOut, RosterJson.WriteProblem(problem));
        }

        Console.WriteLine($"week {problem.WeekStart:yyyy-MM-dd}: {problem.Clients.Count} clients, {problem.Clients.Sum(c => c.VisitsPerWeek)} visits, {problem.Caregivers.Count} caregivers, {problem.Network.Sailings.Select(s => s.Line).Distinct().Count()} ferry lines");

        var columns = new List<Column>();
        var sw = Stopwatch.StartNew();
        if (which is "greedy" or "all")
        {
            var greedy = GreedyRoster.Solve(problem);
            columns.Add(new Column("greedy", greedy, RosterValidator.Validate(problem, greedy), sw.Elapsed));
        }

        if (which is "ortools" or "all")
        {
            sw.Restart();
            var alone = OrToolsRoster.Solve(problem, new OrToolsRosterOptions
            {
                TimeLimit = TimeSpan.FromSeconds(seconds),
                Progress = p => Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {sw.Elapsed.TotalSeconds,6:0.0}s ortools {p.Date:ddd} {p.Region}: {p.Visits} visits, {p.Vehicles} caregivers, {p.Dropped} dropped, {p.Status}")),
            });
            var aloneTime = sw.Elapsed;
            columns.Add(new Column("ortools", alone, RosterValidator.Validate(problem, alone), aloneTime));
            sw.Restart();
            var retimed = OrToolsRoster.Retime(problem, alone);
            columns.Add(new Column("ortools+retimed", retimed, RosterValidator.Validate(problem, retimed), aloneTime + sw.Elapsed));
        }

        Roster? solved = null;
        if (which is "careops" or "all")
        {
            sw.Restart();
            var result = RosterSolver.Solve(problem, new RosterSolverOptions
            {
                // The bench is a composition root: it owns the clock.
                TimeProvider = TimeProvider.System,
                TimeLimit = TimeSpan.FromSeconds(seconds),
                Seed = seed,
                Threads = threads,
                ContinuityWeightMinutes = options.Int("--continuity", 15),
                WorkLimit = options.Get("--work") is { } work ? long.Parse(work, CultureInfo.InvariantCulture) : null,
                Progress = p => Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {p.Elapsed.TotalSeconds,6:0.0}s {p.Phase,-16} scheduled {p.Scheduled} travel {p.TravelMinutes} min work {p.Work}")),
            });
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"careops work: {result.Work} exact day timings"));
            solved = result.Roster;
            columns.Add(new Column("careops", solved, RosterValidator.Validate(problem, solved), sw.Elapsed));
        }

        var peak = Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0);
        Print(problem, columns);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peak memory {peak:0} MB"));
        var main = columns[^1];
        foreach (var group in main.Roster.Unscheduled.GroupBy(u => u.Reason))
        {
            Console.WriteLine($"unscheduled {group.Key}: {group.Count()} — {group.First().MessageEn} / {group.First().MessageZh}");
        }

        foreach (var column in columns.Where(c => c.Name.StartsWith("ortools", StringComparison.Ordinal)))
        {
            var kinds = column.Errors.GroupBy(e => e.Kind).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}");
            Console.WriteLine($"{column.Name} violations by kind: {(column.Errors.Count == 0 ? "none" : string.Join(", ", kinds))}");
            var reasons = column.Roster.Unscheduled.GroupBy(u => u.Reason).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}");
            Console.WriteLine($"{column.Name} unscheduled by reason: {(column.Roster.Unscheduled.Count == 0 ? "none" : string.Join(", ", reasons))}");
        }

        foreach (var column in columns)
        {
            var label = column.Name == "careops" ? "solver" : column.Name;
            foreach (var error in column.Errors.Take(column.Name == "careops" ? 10 : 5))
            {
                Console.WriteLine($"{label} violation {error.Kind}: {error.Message}");
            }
        }

        if (options.Get("--out") is { } outFile)
        {
            File.WriteAllText(outFile, RosterJson.WriteRoster(main.Roster));
        }

        if (options.Get("--write-dropout") is { } dropout && solved is not null)
        {
            // The caregiver with the most visits drops out for the whole week: the issue's repair scenario.
            var who = solved.Days.GroupBy(d => d.CaregiverId).OrderByDescending(g => g.Sum(d => d.Visits.Count)).ThenBy(g => g.Key, StringComparer.Ordinal).First().Key;
            File.WriteAllText(dropout, RosterJson.WriteDisruption(new RosterDisruption
            {
                CaregiverUnavailable = [(who, [.. problem.Dates])],
            }));
        }

        // Exit status: whether the roster we would publish is valid (OR-Tools alone is expected to fail the validator).
        return Task.FromResult(main.Errors.Count == 0 ? 0 : 1);
    }

    private sealed record Column(string Name, Roster Roster, IReadOnlyList<Violation> Errors, TimeSpan Time);

    private static void Print(RosterProblem problem, IReadOnlyList<Column> columns)
    {
        var inv = CultureInfo.InvariantCulture;
        var scores = columns.Select(c => RosterScore.Of(problem, c.Roster)).ToArray();
        Console.WriteLine($"{"KPI",-34}{string.Concat(columns.Select(c => $"{c.Name,17}"))}");
        void Row(string name, Func<int, string> cell) => Console.WriteLine($"{name,-34}{string.Concat(Enumerable.Range(0, columns.Count).Select(i => $"{cell(i),17}"))}");
        Row("visits required", i => scores[i].Required.ToString(inv));
        Row("visits scheduled", i => scores[i].Scheduled.ToString(inv));
        Row("travel minutes (land + ferry)", i => scores[i].TravelMinutes.ToString(inv));
        Row("ferry minutes", i => scores[i].FerryMinutes.ToString(inv));
        Row("distinct caregivers per client", i => scores[i].DistinctCaregiversPerClient.ToString("0.000", inv));
        Row("workload spread (min/week)", i => scores[i].WorkloadSpreadMinutes.ToString(inv));
        Row("spread preference misses", i => scores[i].SpreadMisses.ToString(inv));
        Row("overtime minutes", i => scores[i].OvertimeMinutes.ToString(inv));
        Row("validator errors", i => columns[i].Errors.Count.ToString(inv));
        Row("time (s)", i => columns[i].Time.TotalSeconds.ToString("0.0", inv));
        var careops = columns.ToList().FindIndex(c => c.Name == "careops");
        if (careops < 0)
        {
            return;
        }

        void Versus(string baseline)
        {
            var b = columns.ToList().FindIndex(c => c.Name == baseline);
            if (b >= 0)
            {
                var saving = scores[b].TravelMinutes == 0 ? 0 : 100.0 * (scores[b].TravelMinutes - scores[careops].TravelMinutes) / scores[b].TravelMinutes;
                Console.WriteLine(string.Create(inv, $"travel vs {baseline}: {saving:0.0} % lower"));
            }
        }

        Versus("greedy");
        Versus("ortools+retimed");
    }
}

/// <summary>Tiny "--name value" parser shared by the roster and repair commands.</summary>
internal sealed class BenchArgs
{
    private readonly Dictionary<string, string?> values = new(StringComparer.Ordinal);

    public static BenchArgs Parse(string[] args)
    {
        var result = new BenchArgs();
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                continue;
            }

            var hasValue = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal);
            result.values[args[i]] = hasValue ? args[++i] : null;
        }

        return result;
    }

    public bool Flag(string name) => values.ContainsKey(name);

    public string? Get(string name) => values.GetValueOrDefault(name);

    public int Int(string name, int fallback) => Get(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public double Double(string name, double fallback) => Get(name) is { } v ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;
}
