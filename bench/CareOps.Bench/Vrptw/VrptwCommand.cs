using System.Diagnostics;
using System.Globalization;
using CareOps.Scheduling.Routing;

namespace CareOps.Bench;

/// <summary>
/// <c>vrptw FILES… --seconds S --seed N --out DIR [--solver careops|ortools|both] [--threads T] [--bks FILE]</c>:
/// solves Solomon / Gehring–Homberger instances in the DIMACS convention and prints figures against bks.csv.
/// </summary>
public static class VrptwCommand
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static async Task<int> RunAsync(string[] args)
    {
        var files = new List<string>();
        double seconds = 10;
        var seed = 1;
        var outDir = "vrptw-out";
        var solver = "careops";
        var threads = 1;
        string? bksFile = null;
        // The bench is a composition root: it owns the clock.
        var tuned = new VrptwSolverOptions { TimeProvider = TimeProvider.System };
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--seconds": seconds = double.Parse(Next(), Inv); break;
                case "--seed": seed = int.Parse(Next(), Inv); break;
                case "--out": outDir = Next(); break;
                case "--solver": solver = Next(); break;
                case "--threads": threads = int.Parse(Next(), Inv); break;
                case "--bks": bksFile = Next(); break;
                // Tuning knobs (defaults are the tuned values).
                case "--t0": tuned = tuned with { InitialTemperature = double.Parse(Next(), Inv) }; break;
                case "--tf": tuned = tuned with { FinalTemperature = double.Parse(Next(), Inv) }; break;
                case "--removed": tuned = tuned with { AverageRemoved = double.Parse(Next(), Inv) }; break;
                case "--split-depth": tuned = tuned with { SplitDepth = double.Parse(Next(), Inv) }; break;
                case "--blink": tuned = tuned with { BlinkRate = double.Parse(Next(), Inv) }; break;
                case "--ls": tuned = tuned with { LocalSearch = Next() switch { "on" or "true" or "1" => true, "auto" => null, _ => false } }; break;
                case "--ls-margin": tuned = tuned with { LocalSearchMargin = double.Parse(Next(), Inv) }; break;
                case "--ls-neighbours": tuned = tuned with { LocalSearchNeighbours = int.Parse(Next(), Inv) }; break;
                default:
                    if (Directory.Exists(args[i]))
                    {
                        files.AddRange(Directory.GetFiles(args[i], "*.txt").Order(StringComparer.OrdinalIgnoreCase));
                    }
                    else if (File.Exists(args[i]))
                    {
                        files.Add(args[i]);
                    }
                    else
                    {
                        Console.Error.WriteLine($"vrptw: no such file or option: {args[i]}");
                        return 2;
                    }

                    break;
            }
        }

        if (files.Count == 0 || solver is not ("careops" or "ortools" or "both"))
        {
            Console.Error.WriteLine("usage: vrptw FILES… --seconds S --seed N --out DIR [--solver careops|ortools|both] [--threads T] [--bks FILE]");
            return 2;
        }

        var runCareOps = solver is "careops" or "both";
        var runOrTools = solver is "ortools" or "both";
        Directory.CreateDirectory(outDir);
        if (runOrTools)
        {
            Directory.CreateDirectory(Path.Combine(outDir, "ortools"));
        }

        Console.WriteLine($"vrptw: {files.Count} instance(s), {seconds.ToString(Inv)} s each, seed {seed}, threads {threads}, solver {solver}, {Environment.ProcessorCount} logical cores");
        Console.WriteLine(string.Create(Inv, $"careops: local search {(tuned.LocalSearch switch { true => "on", false => "off", null => $"auto (on up to {tuned.LocalSearchUpTo} customers)" })}, margin {tuned.LocalSearchMargin}, {tuned.LocalSearchNeighbours} neighbours"));
        Console.WriteLine($"{"instance",-10} {"solver",-8} {"routes",6} {"distance",10} {"bks",10} {"gap%",7} {"seconds",8} {"errors",6}");
        var rows = new List<Row>();
        var bksCache = new Dictionary<string, Dictionary<string, decimal>>();
        foreach (var file in files)
        {
            var name = Path.GetFileNameWithoutExtension(file);
            var instance = SolomonReader.Parse(await File.ReadAllTextAsync(file), name);
            var bks = LookupBks(bksFile ?? Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetFullPath(file)))!, "bks.csv"), name, bksCache);
            if (runCareOps)
            {
                var sw = Stopwatch.StartNew();
                var result = VrptwSolver.Solve(instance, tuned with
                {
                    Seed = seed,
                    TimeLimit = TimeSpan.FromSeconds(seconds),
                    Threads = threads,
                });
                rows.Add(await Report(instance, name, "careops", result.Solution, sw.Elapsed, bks, Path.Combine(outDir, name + ".sol"), result.Iterations));
            }

            if (runOrTools)
            {
                var sw = Stopwatch.StartNew();
                var solution = OrToolsVrptw.Solve(instance, TimeSpan.FromSeconds(seconds)) ?? new VrptwSolution([]);
                rows.Add(await Report(instance, name, "ortools", solution, sw.Elapsed, bks, Path.Combine(outDir, "ortools", name + ".sol")));
            }
        }

        Summarise(rows, runCareOps && runOrTools);
        return 0;
    }

    private sealed record Row(string Instance, string Class, string Solver, int Routes, long Distance, decimal? Bks, double Seconds, int Errors)
    {
        public decimal? Gap => Bks is { } b && Errors == 0 ? ((Distance / 10m) - b) / b * 100m : null;

        public bool AtBks => Bks is { } b && Errors == 0 && Distance <= (long)Math.Round(b * 10m);
    }

    private static async Task<Row> Report(VrptwInstance instance, string name, string solver, VrptwSolution solution, TimeSpan elapsed, decimal? bks, string path, long iterations = 0)
    {
        var distance = solution.Distance(instance);
        var errors = VrptwValidator.Validate(instance, solution);
        await File.WriteAllTextAsync(path, VrptwSolutionFile.Write(solution, distance));
        var row = new Row(name, ClassOf(name), solver, solution.RouteCount, distance, bks, elapsed.TotalSeconds, errors.Count);
        Console.WriteLine(string.Create(Inv,
            $"{name,-10} {solver,-8} {row.Routes,6} {distance / 10m,10:0.0} {(bks is { } b ? b.ToString("0.0", Inv) : "-"),10} {(row.Gap is { } g ? g.ToString("0.00", Inv) : "-"),7} {elapsed.TotalSeconds,8:0.0} {errors.Count,6}{(iterations > 0 ? $" {iterations} it" : "")}"));
        foreach (var e in errors.Take(5))
        {
            Console.WriteLine($"    {e.Kind}: {e.Message}");
        }

        return row;
    }

    private static void Summarise(List<Row> rows, bool both)
    {
        Console.WriteLine();
        Console.WriteLine($"{"class",-8} {"solver",-8} {"n",3} {"mean gap%",9} {"at BKS",6} {"invalid",7} {"routes",7}");
        foreach (var solverGroup in rows.GroupBy(r => r.Solver))
        {
            foreach (var g in solverGroup.GroupBy(r => r.Class).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                PrintGroup(g.Key, solverGroup.Key, g.ToList());
            }

            PrintGroup("all", solverGroup.Key, solverGroup.ToList());
        }

        if (!both)
        {
            return;
        }

        Console.WriteLine();
        Console.WriteLine($"{"class",-8} {"careops gap%",12} {"ortools gap%",12} {"careops better/equal/worse",27}");
        foreach (var g in rows.GroupBy(r => r.Class).OrderBy(g => g.Key, StringComparer.Ordinal).Append(rows.GroupBy(_ => "all").Single()))
        {
            var c = g.Where(r => r.Solver == "careops").ToList();
            var o = g.Where(r => r.Solver == "ortools").ToDictionary(r => r.Instance);
            int better = 0, equal = 0, worse = 0;
            foreach (var r in c)
            {
                if (!o.TryGetValue(r.Instance, out var other)) { continue; }
                var cd = r.Errors == 0 ? r.Distance : long.MaxValue;
                var od = other.Errors == 0 && other.Routes > 0 ? other.Distance : long.MaxValue;
                if (cd < od) { better++; } else if (cd == od) { equal++; } else { worse++; }
            }

            Console.WriteLine(string.Create(Inv, $"{g.Key,-8} {MeanGap(c),12} {MeanGap(o.Values.ToList()),12} {$"{better}/{equal}/{worse}",27}"));
        }
    }

    private static void PrintGroup(string cls, string solver, List<Row> g) =>
        Console.WriteLine(string.Create(Inv,
            $"{cls,-8} {solver,-8} {g.Count,3} {MeanGap(g),9} {g.Count(r => r.AtBks),6} {g.Count(r => r.Errors > 0),7} {g.Average(r => r.Routes),7:0.0}"));

    private static string MeanGap(List<Row> g)
    {
        var gaps = g.Where(r => r.Gap.HasValue).Select(r => r.Gap!.Value).ToList();
        return gaps.Count == 0 ? "-" : gaps.Average().ToString("0.000", Inv) + (gaps.Count < g.Count ? "*" : "");
    }

    private static string ClassOf(string name)
    {
        var upper = name.ToUpperInvariant();
        var letters = new string(upper.TakeWhile(char.IsLetter).ToArray());
        return upper.Length > letters.Length ? letters + upper[letters.Length] : letters;
    }

    private static decimal? LookupBks(string path, string name, Dictionary<string, Dictionary<string, decimal>> cache)
    {
        if (!cache.TryGetValue(path, out var table))
        {
            table = new Dictionary<string, decimal>(StringComparer.OrdinalIgnoreCase);
            if (File.Exists(path))
            {
                var lines = File.ReadAllLines(path);
                var header = lines[0].Split(',');
                var nameCol = Array.IndexOf(header, "instance");
                var distCol = Array.IndexOf(header, "dimacs_distance");
                foreach (var line in lines.Skip(1))
                {
                    var parts = line.Split(',');
                    if (parts.Length > Math.Max(nameCol, distCol) && decimal.TryParse(parts[distCol], NumberStyles.Float, Inv, out var d))
                    {
                        table[parts[nameCol]] = d;
                    }
                }
            }

            cache[path] = table;
        }

        return table.TryGetValue(name, out var v) ? v : null;
    }
}
