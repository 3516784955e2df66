using System.Text.Json;

namespace CareOps.Data.Rostering;

/// <summary>A visit the dispatcher pinned: it stays with that caregiver on that day (and at that start, if given).</summary>
/// <param name="ClientId">Whose visit.</param>
/// <param name="CaregiverId">Who keeps it.</param>
/// <param name="Date">Its day.</param>
/// <param name="Start">Its start, or null to let the optimizer time it.</param>
public sealed record RosterPin(Guid ClientId, Guid CaregiverId, DateOnly Date, TimeOnly? Start)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The pins stored with a week (none when null or empty).</summary>
    public static IReadOnlyList<RosterPin> Read(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize<List<RosterPin>>(json, Json) ?? [];

    /// <summary>The pins as stored with a week (null when there are none).</summary>
    public static string? Write(IReadOnlyCollection<RosterPin> pins) => pins.Count == 0 ? null : JsonSerializer.Serialize(pins, Json);
}
