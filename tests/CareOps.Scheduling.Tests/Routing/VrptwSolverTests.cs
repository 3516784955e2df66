using CareOps.Scheduling.Routing;
using Microsoft.Extensions.Time.Testing;

namespace CareOps.Scheduling.Tests.Routing;

public class VrptwSolverTests
{
    private static VrptwSolverOptions Budget(int seed = 1, long iterations = 3000) =>
        new() { TimeProvider = new FakeTimeProvider(), Seed = seed, MaxIterations = iterations, TimeLimit = TimeSpan.FromMinutes(1) };

    [Theory]
    [InlineData(1, 5)]
    [InlineData(2, 6)]
    [InlineData(3, 7)]
    [InlineData(4, 7)]
    [InlineData(5, 7)]
    [InlineData(6, 7)]
    public void Solve_TinyInstance_ReachesBruteForceOptimum(int seed, int customers)
    {
        var instance = TinyInstances.Random(seed, customers);
        var optimum = TinyInstances.BruteForceOptimum(instance);

        var result = VrptwSolver.Solve(instance, Budget());

        Assert.Empty(VrptwValidator.Validate(instance, result.Solution));
        Assert.Equal(optimum, result.Distance);
        Assert.Equal(result.Distance, result.Solution.Distance(instance));
    }

    [Fact]
    public void Solve_SameSeed_GivesSameRoutes()
    {
        var instance = TinyInstances.Random(11, 40);

        var a = VrptwSolver.Solve(instance, Budget(seed: 7, iterations: 2000));
        var b = VrptwSolver.Solve(instance, Budget(seed: 7, iterations: 2000));

        Assert.Equal(a.Distance, b.Distance);
        Assert.Equal(a.Solution.Routes.Select(r => string.Join(' ', r)), b.Solution.Routes.Select(r => string.Join(' ', r)));
    }

    [Fact]
    public void Solve_CancelledToken_ReturnsValidSolution()
    {
        var instance = TinyInstances.Random(12, 30);
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        var result = VrptwSolver.Solve(instance, new VrptwSolverOptions { TimeProvider = new FakeTimeProvider(), TimeLimit = TimeSpan.FromMinutes(5) }, cts.Token);

        Assert.True(result.Cancelled);
        Assert.Empty(VrptwValidator.Validate(instance, result.Solution));
    }

    [Fact]
    public void Solve_Progress_ReportsDecreasingBestDistance()
    {
        var instance = TinyInstances.Random(13, 30);
        var reports = new List<VrptwProgress>();

        var result = VrptwSolver.Solve(instance, Budget() with { Progress = reports.Add });

        Assert.NotEmpty(reports);
        Assert.Equal(result.Distance, reports[^1].Distance);
        Assert.True(reports.Zip(reports.Skip(1)).All(p => p.Second.Distance < p.First.Distance));
    }

    [Fact]
    public void Solve_SeveralThreads_ReturnsValidSolution()
    {
        var instance = TinyInstances.Random(14, 30);

        var result = VrptwSolver.Solve(instance, Budget() with { Threads = 2 });

        Assert.Empty(VrptwValidator.Validate(instance, result.Solution));
    }

    [Fact]
    public void OrTools_TinyInstance_ReturnsValidatorCleanSolution()
    {
        var instance = TinyInstances.Random(3, 7);

        var solution = OrToolsVrptw.Solve(instance, TimeSpan.FromSeconds(1));

        Assert.NotNull(solution);
        Assert.Empty(VrptwValidator.Validate(instance, solution));
        Assert.True(solution.Distance(instance) >= TinyInstances.BruteForceOptimum(instance));
    }
}
