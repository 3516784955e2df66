using System.Globalization;
using CareOps.Billing.Policies;
using CareOps.Billing.TopUps;

namespace CareOps.Billing.Claims;

/// <summary>
/// Prices one client's month under the city policy in force on the month's first day. Pure: the same
/// case and policy book always give the same lines. Amounts are rounded half-up to the fen per line.
/// </summary>
public sealed class ClaimCalculator(PolicyBook policies)
{
    private static ClaimLine EligibilityNote(ClaimMonth month) => new()
    {
        Kind = LineKind.Note,
        Payer = Payer.Fund,
        Payee = Policies.Payee.Agency,
        Amount = 0m,
        Reason = "NotEligible",
        ExplanationZh = $"本月有 {month.InCareButNotEligible} 天不在失能评估的有效期内（可支付期间 {month.EligibleFrom?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "—"} 至 {month.EligibleUntil?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "—"}，需失能满 6 个月且评估未过期），这些天不予支付，请安排重新评估。",
        ExplanationEn = $"{month.InCareButNotEligible} days of this month fall outside the assessment's validity (payable {month.EligibleFrom?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "—"} to {month.EligibleUntil?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "—"}: six months of disability and an unexpired assessment); they are not paid. Arrange a reassessment.",
    };

    /// <exception cref="ClaimException">
    /// The case cannot be priced: no policy in force, a policy without the rules it needs, or a broken case
    /// (overlapping or reversed status or care-mode periods, a check-out not after its check-in, a negative top-up figure,
    /// an invalid family caregiver's resident ID, a reversed or doubled rental, a device the policy does not rent out).
    /// </exception>
    public ClaimResult Calculate(ClaimCase claim)
    {
        var month = new ClaimMonth(claim);
        CaseRules.CheckVisits(claim.Client, claim.Visits);
        CaseRules.CheckFamilyCaregiver(claim.Client);
        CaseRules.CheckRentals(claim.Client, claim.Rentals);
        if (claim.TopUps is { } t)
        {
            CaseRules.CheckTopUps(claim.Client, t);
        }

        var policy = policies.Resolve(claim.City, month.First)
            ?? throw new ClaimException(new(BillingCode.ClaimNoPolicy, claim.City, month.First.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                $"No policy of '{claim.City}' is in force on {month.First:yyyy-MM-dd}.");
        var visits = claim.Visits.OrderBy(v => v.Date).ThenBy(v => v.CheckIn).ThenBy(v => v.Id, StringComparer.Ordinal).ToList();

        var lines = (policy.Shape switch
        {
            PolicyShape.MonthlyPackage => MonthlyPackageRule.Lines(policy, month, visits),
            PolicyShape.CappedCoinsurance => CoinsuranceRule.Lines(policy, month, visits),
            PolicyShape.HourlyByGrade => HourlyByGradeRule.Lines(policy, claim.Client, month, visits),
            _ => throw new ClaimException(new(BillingCode.ClaimRulesMissing, policy.City, policy.Version), $"Policy shape {policy.Shape} is not supported."),
        }).ToList();
        lines.AddRange(FamilyCareRule.Lines(policy, claim.Client, month));
        lines.AddRange(DeviceRentalRule.Lines(policy, claim, month));

        if (month.InCareButNotEligible > 0)
        {
            lines.Add(EligibilityNote(month));
        }

        var clientTotal = lines.Where(l => l.Payer == Payer.Client).Sum(l => l.Amount);
        return new ClaimResult
        {
            City = policy.City,
            PolicyVersion = policy.Version,
            ClientId = claim.Client.Id,
            Month = month.First,
            ActiveDays = month.ActiveDays,
            DaysInMonth = month.DaysInMonth,
            Lines = lines,
            TopUps = claim.TopUps is { } topUps ? TopUpsOf(claim, topUps, policy, clientTotal) : [],
        };
    }

    /// <summary>The top-up invoices of the month under the policy's own top-up rules; the family's carries this claim's co-payment.</summary>
    private static IReadOnlyList<TopUpInvoice> TopUpsOf(ClaimCase claim, CaseTopUps topUps, PolicyVersion policy, decimal coPayment) =>
        new TopUpCalculator(policy.TopUps ?? new TopUpRules()).Calculate(new TopUpCase
        {
            Month = claim.Month,
            Client = claim.Client,
            Coverages = topUps.Coverages,
            ZhuhuibaoHoursDelivered = topUps.ZhuhuibaoHoursDelivered,
            SocialAssistanceDelivered = topUps.SocialAssistanceDelivered,
            ExtraVisits = topUps.ExtraVisits,
            CoPayment = coPayment,
        });
}

/// <summary>
/// A case that cannot be priced: the code says why (the app words it in the user's language); the message is the
/// English sentence the CLI prints for integrators.
/// </summary>
public sealed class ClaimException(BillingProblem problem, string message) : Exception(message)
{
    public BillingProblem Problem { get; } = problem;
}
