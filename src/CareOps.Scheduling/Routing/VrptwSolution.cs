using System.Globalization;
using System.Text;

namespace CareOps.Scheduling.Routing;

/// <summary>A set of routes; each route lists customer nodes in visiting order, without the depot.</summary>
/// <param name="Routes">The routes.</param>
internal sealed record VrptwSolution(IReadOnlyList<IReadOnlyList<int>> Routes)
{
    /// <summary>Total travel distance of the routes (depot to depot), in instance units.</summary>
    public long Distance(VrptwInstance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        long total = 0;
        foreach (var route in Routes)
        {
            var prev = 0;
            foreach (var c in route)
            {
                total += instance.Travel(prev, c);
                prev = c;
            }

            if (route.Count > 0)
            {
                total += instance.Travel(prev, 0);
            }
        }

        return total;
    }

    /// <summary>Number of non-empty routes.</summary>
    public int RouteCount => Routes.Count(r => r.Count > 0);
}

/// <summary>Writes and reads the usual solution text: <c>Route #k: c1 c2 …</c> lines, then <c>Cost X</c>.</summary>
internal static class VrptwSolutionFile
{
    /// <summary>Formats a solution; the cost is the distance divided by <paramref name="scale"/>, one decimal.</summary>
    public static string Write(VrptwSolution solution, long distance, int scale = 10)
    {
        ArgumentNullException.ThrowIfNull(solution);
        var sb = new StringBuilder();
        var k = 1;
        foreach (var route in solution.Routes.Where(r => r.Count > 0))
        {
            sb.Append(CultureInfo.InvariantCulture, $"Route #{k++}:");
            foreach (var c in route)
            {
                sb.Append(' ').Append(c.ToString(CultureInfo.InvariantCulture));
            }

            sb.Append('\n');
        }

        sb.Append("Cost ").Append(((decimal)distance / scale).ToString("0.0", CultureInfo.InvariantCulture)).Append('\n');
        return sb.ToString();
    }

    /// <summary>Parses solution text; returns the routes and the stated cost (null when absent).</summary>
    /// <exception cref="FormatException">When a route line holds a non-integer.</exception>
    public static (VrptwSolution Solution, decimal? Cost) Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var routes = new List<IReadOnlyList<int>>();
        decimal? cost = null;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith("Route", StringComparison.OrdinalIgnoreCase))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                var body = colon < 0 ? "" : line[(colon + 1)..];
                routes.Add(body.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
                    .Select(s => int.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture)).ToArray());
            }
            else if (line.StartsWith("Cost", StringComparison.OrdinalIgnoreCase))
            {
                cost = decimal.Parse(line[4..].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture);
            }
        }

        return (new VrptwSolution(routes), cost);
    }
}
