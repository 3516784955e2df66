using CareOps.Billing.Policies;

namespace CareOps.Billing.Claims;

/// <summary>
/// Beijing-style coinsurance: eligible cost = counted minutes × hourly rate; the fund pays its share of
/// that cost up to the monthly benefit level (pro-rated by active days); the client pays the rest.
/// Uncertified care is not billable to anyone: the agency bears it.
/// </summary>
internal static class CoinsuranceRule
{
    public static List<ClaimLine> Lines(PolicyVersion policy, ClaimMonth month, List<VisitRecord> visits)
    {
        var rules = policy.Coinsurance ?? throw new ClaimException(new(BillingCode.ClaimRulesMissing, policy.City, policy.Version), $"Policy {policy.City} v{policy.Version} has no coinsurance rules.");
        var lines = new List<ClaimLine>();
        var inMonth = visits.Where(v => month.Contains(v.Date)).ToList();
        var standings = inMonth.ToDictionary(v => v.Id, v => VisitStanding.Of(v, policy.Visits, month));
        var counted = inMonth.Where(v => standings[v.Id] == Standing.Counted).ToList();
        var minutes = counted.Sum(v => v.Minutes!.Value);

        var cost = minutes * rules.HourlyRate / 60m;
        var active = policy.ProRateByDay ? month.ActiveDays : (month.ActiveDays > 0 ? month.DaysInMonth : 0);
        var cap = rules.MonthlyCap * active / month.DaysInMonth;
        var eligible = Math.Min(cost, cap);
        var fund = Money.Fen(eligible * rules.FundShare);
        var copay = Money.Fen(cost) - fund;
        var share = rules.FundShare * 100m;
        var capped = cost > cap;

        lines.Add(new ClaimLine
        {
            Kind = LineKind.Benefit,
            Payer = Payer.Fund,
            Payee = Payee.Agency,
            Amount = fund,
            Reason = capped ? "CoinsuranceCapped" : "Coinsurance",
            ExplanationZh = $"本月有效服务 {counted.Count} 次共 {minutes} 分钟，按每小时 {Money.Format(rules.HourlyRate)} 元计费用 {Money.Format(Money.Fen(cost))} 元；"
                + (capped ? $"超过本月限额 {Money.Format(Money.Fen(cap))} 元（每月 {Money.Format(rules.MonthlyCap)} 元 × 在护 {active}/{month.DaysInMonth} 天），按限额计；" : "")
                + $"基金支付 {share:0.##}%：{Money.Format(fund)} 元。",
            ExplanationEn = $"{counted.Count} valid visits, {minutes} min in all, at {Money.Format(rules.HourlyRate)} CNY an hour cost {Money.Format(Money.Fen(cost))} CNY; "
                + (capped ? $"that is above this month's benefit level of {Money.Format(Money.Fen(cap))} CNY ({Money.Format(rules.MonthlyCap)} a month × {active}/{month.DaysInMonth} days in care), so the level counts; " : "")
                + $"the fund pays {share:0.##} %: {Money.Format(fund)} CNY.",
            VisitIds = counted.Select(v => v.Id).ToList(),
        });

        lines.Add(new ClaimLine
        {
            Kind = LineKind.CoPayment,
            Payer = Payer.Client,
            Payee = Payee.Agency,
            Amount = copay,
            Reason = "CoPayment",
            ExplanationZh = $"个人自付：服务费用 {Money.Format(Money.Fen(cost))} 元减去基金支付 {Money.Format(fund)} 元 = {Money.Format(copay)} 元" + (capped ? "（含超出限额部分）。" : "。"),
            ExplanationEn = $"Client's share: cost {Money.Format(Money.Fen(cost))} minus fund {Money.Format(fund)} = {Money.Format(copay)} CNY" + (capped ? " (including the part above the benefit level)." : "."),
        });

        foreach (var visit in inMonth.Where(v => standings[v.Id] == Standing.Uncertified))
        {
            var excluded = Money.Fen(visit.Minutes!.Value * rules.HourlyRate / 60m);
            lines.Add(new ClaimLine
            {
                Kind = LineKind.Note,
                Payer = Payer.Fund,
                Payee = Payee.Agency,
                Amount = 0m,
                Reason = "UncertifiedVisit",
                ExplanationZh = $"{visit.Date:yyyy-MM-dd} 的上门由未持证护理员提供，费用 {Money.Format(excluded)} 元全额不予支付，也不向个人收取，由机构承担。",
                ExplanationEn = $"The visit on {visit.Date:yyyy-MM-dd} was by an uncertified caregiver: its cost of {Money.Format(excluded)} CNY is not paid by the fund nor charged to the client; the agency bears it.",
                VisitIds = [visit.Id],
            });
        }

        lines.AddRange(inMonth.Select(v => VisitStanding.NoteFor(v, standings[v.Id], policy.Visits)).OfType<ClaimLine>());
        return lines;
    }
}
