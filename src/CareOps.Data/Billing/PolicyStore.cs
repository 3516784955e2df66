using System.Text.Json;
using CareOps.Billing.Policies;
using CareOps.Data.Domain;
using Microsoft.EntityFrameworkCore;

namespace CareOps.Data.Billing;

/// <summary>City policies in the database: seeded from the shipped JSON, extended by administrators with new versions.</summary>
public static class PolicyStore
{
    public static async Task<PolicyBook> LoadAsync(CareOpsDb db, CancellationToken ct = default)
    {
        var json = await db.PolicyVersions.AsNoTracking().OrderBy(p => p.City).ThenBy(p => p.Version).Select(p => p.Json).ToListAsync(ct);
        return new PolicyBook(json.Select(FromJson));
    }

    /// <summary>The city's version in force on a date, or null when none is.</summary>
    public static async Task<PolicyVersion?> InForceAsync(CareOpsDb db, string city, DateOnly on, CancellationToken ct = default)
    {
        var json = await db.PolicyVersions.AsNoTracking()
            .Where(p => p.City == city && p.EffectiveFrom <= on && (p.EffectiveTo == null || p.EffectiveTo >= on))
            .OrderByDescending(p => p.Version).Select(p => p.Json).FirstOrDefaultAsync(ct);
        return json is null ? null : FromJson(json);
    }

    /// <summary>Adds a version; refuses one that repeats a version number or does not start after the latest.</summary>
    public static async Task AddAsync(CareOpsDb db, PolicyVersion version, CancellationToken ct = default)
    {
        var latest = await db.PolicyVersions.Where(p => p.City == version.City).OrderByDescending(p => p.Version).FirstOrDefaultAsync(ct);
        if (latest is not null && (version.Version <= latest.Version || version.EffectiveFrom <= latest.EffectiveFrom))
        {
            throw new InvalidOperationException($"A new {version.City} version must have a higher number than {latest.Version} and start after {latest.EffectiveFrom:yyyy-MM-dd}.");
        }

        if (latest is not null && latest.EffectiveTo is null)
        {
            // The previous version ends the day before the new one starts, so exactly one is in force on any date.
            var previous = ToRecord(FromJson(latest.Json) with { EffectiveTo = version.EffectiveFrom.AddDays(-1) });
            latest.EffectiveTo = previous.EffectiveTo;
            latest.Json = previous.Json;
        }

        db.PolicyVersions.Add(ToRecord(version));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The stored row of a version: the JSON the engine reads, with its key fields beside it for queries.</summary>
    public static PolicyVersionRecord ToRecord(PolicyVersion version) => new()
    {
        City = version.City,
        Version = version.Version,
        EffectiveFrom = version.EffectiveFrom,
        EffectiveTo = version.EffectiveTo,
        Json = JsonSerializer.Serialize(version, PolicyBook.Json),
    };

    private static PolicyVersion FromJson(string json) => JsonSerializer.Deserialize<PolicyVersion>(json, PolicyBook.Json)!;
}
