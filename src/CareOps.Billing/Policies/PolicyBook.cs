using System.Text.Json;

namespace CareOps.Billing.Policies;

/// <summary>All versions of all city policies; picks the one in force on a date.</summary>
public sealed class PolicyBook(IEnumerable<PolicyVersion> versions)
{
    private readonly List<PolicyVersion> versions = versions.OrderBy(v => v.City, StringComparer.Ordinal).ThenBy(v => v.EffectiveFrom).ToList();

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public IReadOnlyList<PolicyVersion> Versions => versions;

    /// <summary>The version of the city's policy in force on the date, or null when none is.</summary>
    public PolicyVersion? Resolve(string city, DateOnly on) =>
        versions.LastOrDefault(v => string.Equals(v.City, city, StringComparison.OrdinalIgnoreCase) && v.AppliesOn(on));

    /// <summary>The shipped policies: Zhoushan, Beijing (Shijingshan pilot), Shanghai, Jining (device rentals at illustrative figures).</summary>
    public static PolicyBook Seed()
    {
        using var stream = typeof(PolicyBook).Assembly.GetManifestResourceStream("CareOps.Billing.policies.json")
            ?? throw new InvalidOperationException("The seed policies are not embedded.");
        return new PolicyBook(JsonSerializer.Deserialize<List<PolicyVersion>>(stream, Json) ?? []);
    }

    public static PolicyBook FromJson(string json) => new(JsonSerializer.Deserialize<List<PolicyVersion>>(json, Json) ?? []);
}
