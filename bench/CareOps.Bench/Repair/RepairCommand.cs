using System.Globalization;
using CareOps.Scheduling.Roster;

namespace CareOps.Bench;

/// <summary>
/// repair --problem FILE --roster FILE --disruption FILE [--out FILE]: repairs a published roster and prints
/// the time taken, visits changed, the share of unaffected visits kept, and validator errors.
/// </summary>
public static class RepairCommand
{
    public static Task<int> RunAsync(string[] args)
    {
        var options = BenchArgs.Parse(args);
        if (options.Get("--problem") is not { } problemFile || options.Get("--roster") is not { } rosterFile || options.Get("--disruption") is not { } disruptionFile)
        {
            Console.Error.WriteLine("repair: give --problem FILE --roster FILE --disruption FILE");
            return Task.FromResult(2);
        }

        var problem = RosterJson.ReadProblem(File.ReadAllText(problemFile));
        var published = RosterJson.ReadRoster(File.ReadAllText(rosterFile));
        var disruption = RosterJson.ReadDisruption(File.ReadAllText(disruptionFile));
        var before = RosterValidator.Validate(problem, published);

        var result = RosterRepair.Repair(problem, published, disruption, TimeProvider.System);
        var errors = RosterValidator.Validate(result.Problem, result.Roster);

        // Affected: visits of an unavailable caregiver on those dates, or of a cancelled client.
        var off = disruption.CaregiverUnavailable.SelectMany(u => u.Dates.Select(d => (u.CaregiverId, d))).ToHashSet();
        var cancelled = disruption.ClientsCancelled.ToHashSet(StringComparer.Ordinal);
        var after = result.Roster.Days.SelectMany(d => d.Visits.Select(v => (v.ClientId, d.Date, d.CaregiverId, v.Start))).ToHashSet();
        var unaffected = published.Days.Where(d => !off.Contains((d.CaregiverId, d.Date)))
            .SelectMany(d => d.Visits.Where(v => !cancelled.Contains(v.ClientId)).Select(v => (v.ClientId, d.Date, d.CaregiverId, v.Start))).ToList();
        var kept = unaffected.Count(after.Contains);
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(inv, $"published: {published.VisitCount} visits, {before.Count} validator errors before the disruption"));
        Console.WriteLine(string.Create(inv, $"repaired: {result.Roster.VisitCount} visits, {result.Roster.Unscheduled.Count} unscheduled"));
        Console.WriteLine(string.Create(inv, $"time {result.Elapsed.TotalSeconds:0.00} s"));
        Console.WriteLine(string.Create(inv, $"visits changed {result.Changes.Count} (moved {result.Changes.Count(c => c.Kind == ChangeKind.Moved)}, removed {result.Changes.Count(c => c.Kind == ChangeKind.Removed)}, added {result.Changes.Count(c => c.Kind == ChangeKind.Added)})"));
        Console.WriteLine(string.Create(inv, $"unaffected visits unchanged {kept}/{unaffected.Count} ({(unaffected.Count == 0 ? 100 : 100.0 * kept / unaffected.Count):0.0} %)"));
        Console.WriteLine(string.Create(inv, $"validator errors {errors.Count}"));
        foreach (var e in errors.Take(10))
        {
            Console.WriteLine($"  {e.Kind}: {e.Message}");
        }

        if (options.Get("--out") is { } outFile)
        {
            File.WriteAllText(outFile, RosterJson.WriteRoster(result.Roster));
        }

        return Task.FromResult(errors.Count == 0 ? 0 : 1);
    }
}
