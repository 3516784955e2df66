using System.Diagnostics;

namespace CareOps.Bench;

/// <summary>Latencies from <see cref="Stopwatch.GetTimestamp"/> stamps (CLOCK_MONOTONIC: one clock for every process of the machine).</summary>
internal static class Latency
{
    public static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    /// <summary>Nearest rank: the smallest value with at least q of the values at or below it; NaN when there are none.</summary>
    public static (double Min, double P50, double P95, double P99, double Max) Percentiles(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return (double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        }

        double At(double q) => sorted[Math.Max(0, (int)Math.Ceiling(q * sorted.Length) - 1)];
        return (sorted[0], At(0.50), At(0.95), At(0.99), sorted[^1]);
    }
}
