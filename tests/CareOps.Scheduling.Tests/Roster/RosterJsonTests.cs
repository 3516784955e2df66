using System.Text.RegularExpressions;
using CareOps.Scheduling.Roster;
using Microsoft.Extensions.Time.Testing;

namespace CareOps.Scheduling.Tests.Roster;

public partial class RosterJsonTests
{
    private static string DocsExample()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "docs", "roster-format.md")))
        {
            dir = dir.Parent;
        }

        Assert.NotNull(dir);
        var markdown = File.ReadAllText(Path.Combine(dir.FullName, "docs", "roster-format.md"));
        return ExampleBlock().Match(markdown).Groups[1].Value;
    }

    [GeneratedRegex(@"<!-- example:problem -->\s*```json\s*(.*?)```", RegexOptions.Singleline)]
    private static partial Regex ExampleBlock();

    [Fact]
    public void ReadProblem_DocsExample_SolvesWithoutViolations()
    {
        var problem = RosterJson.ReadProblem(DocsExample());
        Assert.Equal(new DateOnly(2026, 11, 23), problem.WeekStart);
        Assert.Equal(3, problem.Clients.Count);
        Assert.True(problem.Network.IsSuspended("F4", new DateOnly(2026, 11, 26)));

        var result = RosterSolver.Solve(problem, new RosterSolverOptions { TimeProvider = new FakeTimeProvider(), TimeLimit = TimeSpan.FromSeconds(2), WorkLimit = 5_000, Threads = 1 });

        Assert.Empty(RosterValidator.Validate(problem, result.Roster));
        Assert.Equal(7, result.Score.Scheduled);
        // The island client needs nursing and excluded wang: only li, and never on the suspended Thursday.
        var xu = result.Roster.Days.Where(d => d.Visits.Any(v => v.ClientId == "xu")).ToList();
        Assert.All(xu, d => Assert.Equal("li", d.CaregiverId));
        Assert.DoesNotContain(xu, d => d.Date == new DateOnly(2026, 11, 26));
    }

    [Fact]
    public void Problem_WriteThenRead_KeepsEverything()
    {
        var problem = RosterJson.ReadProblem(DocsExample());
        var again = RosterJson.ReadProblem(RosterJson.WriteProblem(problem));
        Assert.Equal(RosterJson.WriteProblem(problem), RosterJson.WriteProblem(again));
    }

    [Fact]
    public void Roster_WriteThenRead_ValidatesTheSame()
    {
        var problem = Tiny.Problem();
        var roster = RosterSolver.Solve(problem, new RosterSolverOptions { TimeProvider = new FakeTimeProvider(), TimeLimit = TimeSpan.FromSeconds(1), WorkLimit = 5_000, Threads = 1 }).Roster;
        var json = RosterJson.WriteRoster(roster);
        var read = RosterJson.ReadRoster(json);
        Assert.Equal(json, RosterJson.WriteRoster(read));
        Assert.Empty(RosterValidator.Validate(problem, read));
    }

    [Fact]
    public void Disruption_WriteThenRead_RoundTrips()
    {
        var disruption = new RosterDisruption
        {
            CaregiverUnavailable = [("li", [new DateOnly(2026, 11, 25)])],
            FerrySuspended = [("F4", new DateOnly(2026, 11, 24))],
            ClientsCancelled = ["zhou"],
        };
        var json = RosterJson.WriteDisruption(disruption);
        Assert.Equal(json, RosterJson.WriteDisruption(RosterJson.ReadDisruption(json)));
    }
}
