using CareOps.Billing.Policies;

namespace CareOps.Billing.Claims;

/// <summary>
/// Shanghai-style hours: each week entitles the client to a number of one-hour visits by grade (scaled to
/// active days); the earliest counted visits of the week up to that number are paid at the hourly price,
/// the fund paying its share and the client the rest. Visits beyond the entitlement are not insured.
/// </summary>
internal static class HourlyByGradeRule
{
    public static List<ClaimLine> Lines(PolicyVersion policy, ClientInfo client, ClaimMonth month, List<VisitRecord> visits)
    {
        var rules = policy.Hourly ?? throw new ClaimException(new(BillingCode.ClaimRulesMissing, policy.City, policy.Version), $"Policy {policy.City} v{policy.Version} has no hourly rules.");
        var lines = new List<ClaimLine>();
        var standings = visits.ToDictionary(v => v.Id, v => VisitStanding.Of(v, policy.Visits, month));
        if (rules.VisitsPerWeekFor(client.Grade) is not int perWeek)
        {
            lines.Add(new ClaimLine
            {
                Kind = LineKind.Note,
                Payer = Payer.Fund,
                Payee = Payee.Agency,
                Amount = 0m,
                Reason = "GradeNotCovered",
                ExplanationZh = $"评估等级 {client.Grade} 级不在居家护理支付范围内，本月不申报。",
                ExplanationEn = $"Assessed grade {client.Grade} is not covered for home care; nothing is claimed this month.",
            });
            return lines;
        }

        var covered = new List<VisitRecord>();
        var beyond = new List<VisitRecord>();
        foreach (var week in month.Weeks())
        {
            var entitled = week.Required(perWeek);
            var counted = visits.Where(v => week.Contains(v.Date) && standings[v.Id] == Standing.Counted).ToList();
            covered.AddRange(counted.Take(entitled).Where(v => month.Contains(v.Date)));
            beyond.AddRange(counted.Skip(entitled).Where(v => month.Contains(v.Date)));
        }

        var cost = covered.Count * rules.HourlyRate;
        var fund = Money.Fen(cost * rules.FundShare);
        var copay = Money.Fen(cost) - fund;
        lines.Add(new ClaimLine
        {
            Kind = LineKind.Benefit,
            Payer = Payer.Fund,
            Payee = Payee.Agency,
            Amount = fund,
            Reason = "HourlyVisits",
            ExplanationZh = $"评估等级 {client.Grade} 级，每周可享 {perWeek} 次、每次 1 小时；本月计入 {covered.Count} 次 × {Money.Format(rules.HourlyRate)} 元 = {Money.Format(cost)} 元，基金支付 {rules.FundShare * 100m:0.##}%：{Money.Format(fund)} 元。",
            ExplanationEn = $"Grade {client.Grade} entitles {perWeek} one-hour visits a week; {covered.Count} count this month × {Money.Format(rules.HourlyRate)} = {Money.Format(cost)} CNY, the fund pays {rules.FundShare * 100m:0.##} %: {Money.Format(fund)} CNY.",
            VisitIds = covered.Select(v => v.Id).ToList(),
        });
        lines.Add(new ClaimLine
        {
            Kind = LineKind.CoPayment,
            Payer = Payer.Client,
            Payee = Payee.Agency,
            Amount = copay,
            Reason = "CoPayment",
            ExplanationZh = $"个人自付 {(1m - rules.FundShare) * 100m:0.##}%：{Money.Format(copay)} 元。",
            ExplanationEn = $"Client's share of {(1m - rules.FundShare) * 100m:0.##} %: {Money.Format(copay)} CNY.",
        });

        foreach (var visit in beyond)
        {
            lines.Add(new ClaimLine
            {
                Kind = LineKind.Note,
                Payer = Payer.Client,
                Payee = Payee.Agency,
                Amount = 0m,
                Reason = "BeyondEntitlement",
                ExplanationZh = $"{visit.Date:yyyy-MM-dd} 的上门超出本周 {perWeek} 次的待遇，不属于长护险支付，可按自费项目结算。",
                ExplanationEn = $"The visit on {visit.Date:yyyy-MM-dd} is beyond the {perWeek} a week insured; it can be billed as self-pay.",
                VisitIds = [visit.Id],
            });
        }

        foreach (var visit in visits.Where(v => month.Contains(v.Date) && standings[v.Id] == Standing.Uncertified))
        {
            lines.Add(new ClaimLine
            {
                Kind = LineKind.Note,
                Payer = Payer.Fund,
                Payee = Payee.Agency,
                Amount = 0m,
                Reason = "UncertifiedVisit",
                ExplanationZh = $"{visit.Date:yyyy-MM-dd} 的上门由未持证护理员提供，不予支付，由机构承担。",
                ExplanationEn = $"The visit on {visit.Date:yyyy-MM-dd} was by an uncertified caregiver: not paid; the agency bears it.",
                VisitIds = [visit.Id],
            });
        }

        lines.AddRange(visits.Where(v => month.Contains(v.Date)).Select(v => VisitStanding.NoteFor(v, standings[v.Id], policy.Visits)).OfType<ClaimLine>());
        return lines;
    }
}
