using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using CareOps.Billing.Policies;
using CareOps.Data;
using CareOps.Data.Billing;
using CareOps.Data.Domain;
using CareOps.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CareOps.Web.Features.Billing;

/// <summary>
/// The operator adds a version of a city's policy as JSON (typed, or written by the figures form): parsed,
/// checked, then stored with the previous version closed the day before. Nothing is stored when anything is
/// wrong, or when the version would change nothing.
/// </summary>
public sealed class AddPolicyVersion(IDbContextFactory<CareOpsDb> dbFactory, Caller caller)
{
    /// <summary>For people: Chinese stays Chinese (the stored JSON is the engine's and may escape it).</summary>
    public static readonly JsonSerializerOptions Display = new(PolicyBook.Json) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public async Task<Problems> ExecuteAsync(string json, CancellationToken ct = default)
    {
        var problems = await caller.RequireAsync(Policies.Operator);
        if (!problems.IsEmpty)
        {
            return problems;
        }

        PolicyVersion? version;
        try
        {
            version = JsonSerializer.Deserialize<PolicyVersion>(json, PolicyBook.Json);
        }
        catch (JsonException e)
        {
            // Note: the serializer's own message is English; the line and the JSON path are what the operator needs.
            return Problems.Of("Error.PolicyJson", (e.LineNumber ?? 0) + 1, e.Path ?? "$");
        }

        if (version is null)
        {
            return Problems.Of("Error.PolicyEmpty");
        }

        problems.AddRange(PolicyValidator.Problems(version).Select(p => Problem.From(p)));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        Checks.Text(problems, version.City, "city", Columns.Width<PolicyVersionRecord>(db.Model, p => p.City));
        if (!problems.IsEmpty)
        {
            return problems;
        }

        var latest = (await PolicyStore.LoadAsync(db, ct)).Versions
            .Where(v => string.Equals(v.City, version.City, StringComparison.Ordinal))
            .MaxBy(v => v.Version);
        if (latest is not null && SameFigures(latest, version))
        {
            return Problems.Of("Error.PolicyUnchanged", latest.Version);
        }

        if (latest is not null && (version.Version <= latest.Version || version.EffectiveFrom <= latest.EffectiveFrom))
        {
            return Problems.Of("Error.PolicyOrder", latest.Version, latest.EffectiveFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }

        try
        {
            await PolicyStore.AddAsync(db, version, ct);
        }
        catch (Exception e) when (e is InvalidOperationException or DbUpdateException)
        {
            // Another operator stored a version of the same city a moment ago.
            return Problems.Of("Error.PolicyOrder", latest?.Version ?? 0, latest?.EffectiveFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "");
        }

        return problems;
    }

    /// <summary>A starting point for the next version: the latest one, numbered on, starting next month (Chinese as Chinese).</summary>
    public static string Draft(PolicyVersion latest, DateOnly today) =>
        JsonSerializer.Serialize(Next(latest, today), Display);

    /// <summary>The latest version numbered on and starting on the first of next month, open-ended.</summary>
    public static PolicyVersion Next(PolicyVersion latest, DateOnly today) =>
        latest with { Version = latest.Version + 1, EffectiveFrom = new DateOnly(today.Year, today.Month, 1).AddMonths(1), EffectiveTo = null };

    /// <summary>Everything but the number and the dates is the same: such a version would change nothing.</summary>
    internal static bool SameFigures(PolicyVersion a, PolicyVersion b) =>
        JsonSerializer.Serialize(Undated(a), PolicyBook.Json) == JsonSerializer.Serialize(Undated(b), PolicyBook.Json);

    private static PolicyVersion Undated(PolicyVersion v) => v with { Version = 0, EffectiveFrom = default, EffectiveTo = null };
}
