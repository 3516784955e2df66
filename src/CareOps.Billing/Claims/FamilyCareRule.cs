using System.Globalization;
using CareOps.Billing.Policies;

namespace CareOps.Billing.Claims;

/// <summary>
/// Family care (亲情护理): the relative's monthly amount for the payable days in family-care mode, pro-rated like the
/// packages; where the policy requires training, the days before she completed it are deducted (paid from the
/// completion date onward). The agency's part and its visit standard are the FamilyCare mode's package, not this rule.
/// </summary>
internal static class FamilyCareRule
{
    public static IEnumerable<ClaimLine> Lines(PolicyVersion policy, ClientInfo client, ClaimMonth month)
    {
        if (policy.FamilyCare is not { } rules)
        {
            yield break;
        }

        var familyDays = month.AllDays.Where(d => month.IsActive(d) && month.ModeOn(d) == CareMode.FamilyCare).ToList();
        if (familyDays.Count == 0)
        {
            yield break;
        }

        var days = month.DaysInMonth;
        var paid = month.PaidDays(familyDays.Count, policy.ProRateByDay);
        var amount = Money.Fen(rules.Monthly * paid / days);
        var relative = client.FamilyCaregiver;
        var who = relative is { Name.Length: > 0 } ? relative.Name : "";
        yield return new ClaimLine
        {
            Kind = LineKind.Benefit,
            Payer = Payer.Fund,
            Payee = Payee.FamilyCaregiver,
            Amount = amount,
            Reason = "FamilyCare",
            ExplanationZh = $"{month.First:yyyy年M月}亲情护理 {Days(paid)}/{days} 天：亲情护理人员{who}每月 {Money.Format(rules.Monthly)} 元 × {Days(paid)}/{days} = {Money.Format(amount)} 元。",
            ExplanationEn = $"{month.First.ToString("MMMM yyyy", CultureInfo.InvariantCulture)}, family care {Days(paid)} of {days} days: the family caregiver{(who.Length > 0 ? $" ({who})" : "")} {Money.Format(rules.Monthly)} a month × {Days(paid)}/{days} = {Money.Format(amount)} CNY.",
        };

        var untrained = rules.RequiresTraining ? familyDays.Count(d => relative?.TrainedOn(d) != true) : 0;
        if (untrained == 0)
        {
            yield break;
        }

        // Note: computed like the benefit from fewer days, so it never exceeds it (all days untrained: exactly the benefit).
        var deduction = Money.Fen(rules.Monthly * month.PaidDays(untrained, policy.ProRateByDay) / days);
        var (zh, en) = relative?.Training?.CompletedOn is DateOnly done
            ? ($"于 {Day(done)} 完成护理实践培训", $"completed the care-practice training on {Day(done)}")
            : ("尚无完成护理实践培训的记录", "has no completed care-practice training on record");
        yield return new ClaimLine
        {
            Kind = LineKind.Deduction,
            Payer = Payer.Fund,
            Payee = Payee.FamilyCaregiver,
            Amount = -deduction,
            Reason = "FamilyCareUntrained",
            ExplanationZh = $"亲情护理人员{who}{zh}；按规定经护理实践培训后方可支付，扣减培训完成前的亲情护理 {untrained} 天：{Money.Format(rules.Monthly)} 元 × {Days(month.PaidDays(untrained, policy.ProRateByDay))}/{days} = {Money.Format(deduction)} 元。",
            ExplanationEn = $"The family caregiver{(who.Length > 0 ? $" ({who})" : "")} {en}; she is paid only once trained, so the {untrained} days of family care before it are deducted: {Money.Format(rules.Monthly)} × {Days(month.PaidDays(untrained, policy.ProRateByDay))}/{days} = {Money.Format(deduction)} CNY.",
        };
    }

    private static string Days(decimal days) => days.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
