using CareOps.Billing.Policies;

namespace CareOps.Billing.Claims;

/// <summary>
/// Prices one client's month under the city policy in force on the month's first day. Pure: the same
/// case and policy book always give the same lines. Amounts are rounded half-up to the fen per line.
/// </summary>
public sealed class ClaimCalculator(PolicyBook policies)
{
    public ClaimResult Calculate(ClaimCase claim)
    {
        var month = new ClaimMonth(claim);
        var policy = policies.Resolve(claim.City, month.First)
            ?? throw new ClaimException($"No policy of '{claim.City}' is in force on {month.First:yyyy-MM-dd}.");
        var visits = claim.Visits.OrderBy(v => v.Date).ThenBy(v => v.CheckIn).ThenBy(v => v.Id, StringComparer.Ordinal).ToList();

        var lines = policy.Shape switch
        {
            PolicyShape.MonthlyPackage => MonthlyPackageRule.Lines(policy, claim.Client, month, visits),
            PolicyShape.CappedCoinsurance => CoinsuranceRule.Lines(policy, month, visits),
            PolicyShape.HourlyByGrade => HourlyByGradeRule.Lines(policy, claim.Client, month, visits),
            _ => throw new ClaimException($"Policy shape {policy.Shape} is not supported."),
        };

        return new ClaimResult
        {
            City = policy.City,
            PolicyVersion = policy.Version,
            ClientId = claim.Client.Id,
            Month = month.First,
            ActiveDays = month.ActiveDays,
            DaysInMonth = month.DaysInMonth,
            Lines = lines,
        };
    }
}

/// <summary>A case that cannot be priced, with a sentence saying why.</summary>
public sealed class ClaimException(string message) : Exception(message);
