using System.Text.Json;
using CareOps.Billing.Policies;
using CareOps.Data;
using CareOps.Data.Billing;
using Microsoft.EntityFrameworkCore;

namespace CareOps.Web.Features.Billing;

/// <summary>
/// The operator adds a version of a city's policy as JSON: parsed, checked, then stored with the previous
/// version closed the day before. Nothing is stored when anything is wrong.
/// </summary>
public sealed class AddPolicyVersion(IDbContextFactory<CareOpsDb> dbFactory)
{
    public async Task<IReadOnlyList<string>> ExecuteAsync(string json, CancellationToken ct = default)
    {
        PolicyVersion? version;
        try
        {
            version = JsonSerializer.Deserialize<PolicyVersion>(json, PolicyBook.Json);
        }
        catch (JsonException e)
        {
            return [$"The text is not valid policy JSON (line {e.LineNumber + 1}): {e.Message.Split(". Path")[0]}"];
        }

        if (version is null)
        {
            return ["The text is empty."];
        }

        var problems = PolicyValidator.Problems(version);
        if (problems.Count > 0)
        {
            return problems;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        try
        {
            await PolicyStore.AddAsync(db, version, ct);
        }
        catch (InvalidOperationException e)
        {
            return [e.Message];
        }

        return [];
    }

    /// <summary>A starting point for the next version: the latest one, numbered on, starting next month.</summary>
    public static string Draft(PolicyVersion latest, DateOnly today) =>
        JsonSerializer.Serialize(latest with { Version = latest.Version + 1, EffectiveFrom = new DateOnly(today.Year, today.Month, 1).AddMonths(1), EffectiveTo = null }, PolicyBook.Json);
}
