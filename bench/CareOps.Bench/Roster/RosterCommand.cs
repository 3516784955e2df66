using System.Diagnostics;
using System.Globalization;
using CareOps.Scheduling.Roster;

namespace CareOps.Bench;

/// <summary>
/// roster (--demo | --problem FILE) --seconds S --seed N [--threads T] [--out FILE] [--write-problem FILE] [--write-dropout FILE]:
/// solves a weekly roster and prints its KPIs beside the greedy baseline, both checked by the validator.
/// </summary>
public static class RosterCommand
{
    public static Task<int> RunAsync(string[] args)
    {
        var options = BenchArgs.Parse(args);
        var seconds = options.Double("--seconds", 60);
        var seed = options.Int("--seed", 1);
        var threads = options.Int("--threads", 2);
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

        var sw = Stopwatch.StartNew();
        var greedy = GreedyRoster.Solve(problem);
        var greedyTime = sw.Elapsed;
        var greedyErrors = RosterValidator.Validate(problem, greedy);

        sw.Restart();
        var result = RosterSolver.Solve(problem, new RosterSolverOptions
        {
            TimeLimit = TimeSpan.FromSeconds(seconds),
            Seed = seed,
            Threads = threads,
            ContinuityWeightMinutes = options.Int("--continuity", 15),
            Progress = p => Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {p.Elapsed.TotalSeconds,6:0.0}s {p.Phase,-13} scheduled {p.Scheduled} travel {p.TravelMinutes} min")),
        });
        var solverTime = sw.Elapsed;
        var solverErrors = RosterValidator.Validate(problem, result.Roster);
        var peak = Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0);

        Print(problem, greedy, greedyErrors, greedyTime, result.Roster, solverErrors, solverTime);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peak memory {peak:0} MB"));
        foreach (var group in result.Roster.Unscheduled.GroupBy(u => u.Reason))
        {
            Console.WriteLine($"unscheduled {group.Key}: {group.Count()} — {group.First().MessageEn} / {group.First().MessageZh}");
        }

        foreach (var error in solverErrors.Take(10))
        {
            Console.WriteLine($"solver violation {error.Kind}: {error.Message}");
        }

        foreach (var error in greedyErrors.Take(5))
        {
            Console.WriteLine($"greedy violation {error.Kind}: {error.Message}");
        }

        if (options.Get("--out") is { } outFile)
        {
            File.WriteAllText(outFile, RosterJson.WriteRoster(result.Roster));
        }

        if (options.Get("--write-dropout") is { } dropout)
        {
            // The caregiver with the most visits drops out for the whole week: the issue's repair scenario.
            var who = result.Roster.Days.GroupBy(d => d.CaregiverId).OrderByDescending(g => g.Sum(d => d.Visits.Count)).ThenBy(g => g.Key, StringComparer.Ordinal).First().Key;
            File.WriteAllText(dropout, RosterJson.WriteDisruption(new RosterDisruption
            {
                CaregiverUnavailable = [(who, [.. problem.Dates])],
            }));
        }

        return Task.FromResult(solverErrors.Count == 0 ? 0 : 1);
    }

    private static void Print(RosterProblem problem, Roster greedy, IReadOnlyList<Violation> greedyErrors, TimeSpan greedyTime, Roster solved, IReadOnlyList<Violation> solvedErrors, TimeSpan solvedTime)
    {
        var g = RosterScore.Of(problem, greedy);
        var s = RosterScore.Of(problem, solved);
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine($"{"KPI",-34}{"greedy",12}{"careops",12}");
        void Row(string name, string a, string b) => Console.WriteLine($"{name,-34}{a,12}{b,12}");
        Row("visits required", g.Required.ToString(inv), s.Required.ToString(inv));
        Row("visits scheduled", g.Scheduled.ToString(inv), s.Scheduled.ToString(inv));
        Row("travel minutes (land + ferry)", g.TravelMinutes.ToString(inv), s.TravelMinutes.ToString(inv));
        Row("ferry minutes", g.FerryMinutes.ToString(inv), s.FerryMinutes.ToString(inv));
        Row("distinct caregivers per client", g.DistinctCaregiversPerClient.ToString("0.000", inv), s.DistinctCaregiversPerClient.ToString("0.000", inv));
        Row("workload spread (min/week)", g.WorkloadSpreadMinutes.ToString(inv), s.WorkloadSpreadMinutes.ToString(inv));
        Row("spread preference misses", g.SpreadMisses.ToString(inv), s.SpreadMisses.ToString(inv));
        Row("overtime minutes", g.OvertimeMinutes.ToString(inv), s.OvertimeMinutes.ToString(inv));
        Row("validator errors", greedyErrors.Count.ToString(inv), solvedErrors.Count.ToString(inv));
        Row("time (s)", greedyTime.TotalSeconds.ToString("0.0", inv), solvedTime.TotalSeconds.ToString("0.0", inv));
        var saving = g.TravelMinutes == 0 ? 0 : 100.0 * (g.TravelMinutes - s.TravelMinutes) / g.TravelMinutes;
        Console.WriteLine(string.Create(inv, $"travel vs greedy: {saving:0.0} % lower"));
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
