using System.Globalization;

namespace CareOps.Scheduling.Routing;

/// <summary>Reads Solomon and Gehring–Homberger text instances in the DIMACS convention (×10, truncated).</summary>
internal static class SolomonReader
{
    /// <summary>Parses the text of an instance file.</summary>
    /// <param name="text">File content: name line, VEHICLE section (number, capacity), CUSTOMER table.</param>
    /// <param name="fallbackName">Name used when the first line is empty.</param>
    /// <exception cref="FormatException">When the text does not follow the format.</exception>
    public static VrptwInstance Parse(string text, string fallbackName = "instance")
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.Split('\n').Select(l => l.Trim()).ToList();
        var name = lines.FirstOrDefault(l => l.Length > 0) ?? fallbackName;
        int fleet = -1, capacity = -1;
        var x = new List<double>();
        var y = new List<double>();
        var demand = new List<int>();
        var ready = new List<double>();
        var due = new List<double>();
        var service = new List<double>();
        var section = "";
        foreach (var line in lines.Skip(1))
        {
            if (line.StartsWith("VEHICLE", StringComparison.OrdinalIgnoreCase)) { section = "vehicle"; continue; }
            if (line.StartsWith("CUSTOMER", StringComparison.OrdinalIgnoreCase)) { section = "customer"; continue; }
            var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0 || !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            {
                continue;
            }

            var v = parts.Select(p => double.Parse(p, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray();
            if (section == "vehicle" && v.Length >= 2)
            {
                fleet = (int)v[0];
                capacity = (int)v[1];
            }
            else if (section == "customer" && v.Length >= 7)
            {
                if ((int)v[0] != x.Count)
                {
                    throw new FormatException($"Customer numbers must run 0, 1, 2, …; found {(int)v[0]} at position {x.Count}.");
                }

                x.Add(v[1]); y.Add(v[2]); demand.Add((int)v[3]); ready.Add(v[4]); due.Add(v[5]); service.Add(v[6]);
            }
        }

        if (capacity < 0 || x.Count < 1)
        {
            throw new FormatException("Missing VEHICLE capacity or CUSTOMER table.");
        }

        return VrptwInstance.FromCoordinates(name, capacity, x, y, demand, ready, due, service, fleet);
    }
}
