using System.Text.Json.Serialization;
using CareOps.Billing.Claims;
using CareOps.Billing.Policies;

namespace CareOps.Billing.TopUps;

/// <summary>A client's top-up coverages and what was delivered on top of the fund in the month.</summary>
public sealed record TopUpCase
{
    public required DateOnly Month { get; init; }

    public required ClientInfo Client { get; init; }

    public IReadOnlyList<CoverageSpan> Coverages { get; init; } = [];

    /// <summary>Service hours delivered this month under 舟惠保.</summary>
    public decimal ZhuhuibaoHoursDelivered { get; init; }

    /// <summary>Value of the extra service delivered to a medical-assistance recipient this month.</summary>
    public decimal SocialAssistanceDelivered { get; init; }

    /// <summary>Visits beyond the entitlement that the family asked for (self-pay).</summary>
    public int ExtraVisits { get; init; }

    /// <summary>The client's co-payment from the month's fund claim (Beijing / Shanghai style).</summary>
    public decimal CoPayment { get; init; }
}

[JsonConverter(typeof(JsonStringEnumConverter<CoverageType>))]
public enum CoverageType
{
    Zhuhuibao,
    SocialAssistance,
    Commercial,
    SelfPay,
}

public sealed record CoverageSpan
{
    public required CoverageType Type { get; init; }

    public string? Product { get; init; }

    public required DateOnly From { get; init; }

    public DateOnly? To { get; init; }

    public bool Covers(DateOnly date) => From <= date && (To is null || date <= To);
}

/// <summary>One payer's invoice for one client-month.</summary>
public sealed record TopUpInvoice(TopUpPayer Payer, string PayerName, IReadOnlyList<TopUpLine> Lines)
{
    public decimal Total => Lines.Sum(l => l.Amount);
}

public sealed record TopUpLine(decimal Amount, string Reason, string ExplanationZh, string ExplanationEn);

/// <summary>
/// Bills the pillars on top of the fund for one client-month: one invoice per payer, each line explained.
/// Benefits follow the active days of the month like the fund claim does.
/// </summary>
public sealed class TopUpCalculator(TopUpRules rules)
{
    public IReadOnlyList<TopUpInvoice> Calculate(TopUpCase c)
    {
        var month = new ClaimMonth(new ClaimCase { City = "", Month = c.Month, Client = c.Client });
        var invoices = new List<TopUpInvoice>();
        if (Zhuhuibao(c, month) is { } z)
        {
            invoices.Add(z);
        }

        if (SocialAssistance(c, month) is { } s)
        {
            invoices.Add(s);
        }

        invoices.AddRange(Commercial(c, month));
        if (Family(c) is { } f)
        {
            invoices.Add(f);
        }

        return invoices;
    }

    private TopUpInvoice? Zhuhuibao(TopUpCase c, ClaimMonth month)
    {
        if (!HasCoverage(c, CoverageType.Zhuhuibao, month))
        {
            return null;
        }

        if (rules.Zhuhuibao is not { } z)
        {
            return new TopUpInvoice(TopUpPayer.ZhuhuibaoInsurer, "舟惠保承保公司", [NotInPolicy("舟惠保", "Zhuhuibao")]);
        }

        var monthly = c.Client.CareMode == CareMode.Institutional ? z.InstitutionalMonthly : z.HomeMonthly;
        var benefit = monthly * CoveredActiveDays(c, CoverageType.Zhuhuibao, null, month) / month.DaysInMonth;
        var owedHours = benefit / z.ServiceHourValue;
        var billedHours = Math.Min(c.ZhuhuibaoHoursDelivered, owedHours);
        var amount = Money.Fen(billedHours * z.ServiceHourValue);
        var line = new TopUpLine(
            amount,
            "ZhuhuibaoService",
            $"舟惠保护理服务：本月应提供 {owedHours:0.##} 小时（{Money.Format(Money.Fen(benefit))} 元 ÷ 每小时 {Money.Format(z.ServiceHourValue)} 元），已提供 {c.ZhuhuibaoHoursDelivered:0.##} 小时，按 {billedHours:0.##} 小时结算 {Money.Format(amount)} 元。"
                + (c.ZhuhuibaoHoursDelivered < owedHours ? $"尚欠 {owedHours - c.ZhuhuibaoHoursDelivered:0.##} 小时服务。" : ""),
            $"Zhuhuibao care service: {owedHours:0.##} h owed this month ({Money.Format(Money.Fen(benefit))} ÷ {Money.Format(z.ServiceHourValue)} an hour), {c.ZhuhuibaoHoursDelivered:0.##} h delivered, {billedHours:0.##} h billed: {Money.Format(amount)} CNY."
                + (c.ZhuhuibaoHoursDelivered < owedHours ? $" {owedHours - c.ZhuhuibaoHoursDelivered:0.##} h of service still owed." : ""));
        return new TopUpInvoice(TopUpPayer.ZhuhuibaoInsurer, "舟惠保承保公司", [line]);
    }

    private TopUpInvoice? SocialAssistance(TopUpCase c, ClaimMonth month)
    {
        if (!HasCoverage(c, CoverageType.SocialAssistance, month))
        {
            return null;
        }

        if (rules.SocialAssistanceMonthly is not decimal monthly)
        {
            return new TopUpInvoice(TopUpPayer.CivilAffairs, "民政部门（社会救助）", [NotInPolicy("社会救助", "social assistance")]);
        }

        var entitlement = monthly * CoveredActiveDays(c, CoverageType.SocialAssistance, null, month) / month.DaysInMonth;
        var amount = Money.Fen(Math.Min(c.SocialAssistanceDelivered, entitlement));
        return new TopUpInvoice(TopUpPayer.CivilAffairs, "民政部门（社会救助）",
        [
            new TopUpLine(amount, "SocialAssistanceService",
                $"社会救助护理服务：本月额度 {Money.Format(Money.Fen(entitlement))} 元，已提供服务 {Money.Format(c.SocialAssistanceDelivered)} 元，结算 {Money.Format(amount)} 元。",
                $"Social-assistance care: {Money.Format(Money.Fen(entitlement))} CNY available this month, {Money.Format(c.SocialAssistanceDelivered)} delivered, {Money.Format(amount)} CNY billed."),
        ]);
    }

    private IEnumerable<TopUpInvoice> Commercial(TopUpCase c, ClaimMonth month)
    {
        // One product, one cap: rows of the same product (ended and restarted, renamed back) are taken together,
        // and the waiting period runs from the product's first start.
        foreach (var rows in c.Coverages.Where(x => x.Type == CoverageType.Commercial).GroupBy(x => x.Product))
        {
            var product = rules.CommercialProducts.FirstOrDefault(p => p.Name == rows.Key);
            if (product is null && ClaimMonth.Days(month.First, month.Last).Any(d => rows.Any(r => r.Covers(d))))
            {
                // Said, not skipped: a product name the policy does not list (a typo, a product not approved here) bills nothing.
                yield return new TopUpInvoice(TopUpPayer.CommercialInsurer, rows.Key ?? "", [NotInPolicy(rows.Key ?? "（未填产品名）", rows.Key ?? "(no product name)")]);
                continue;
            }

            if (product is null)
            {
                continue;
            }

            var benefitFrom = rows.Min(r => r.From).AddDays(product.WaitingDays);
            var days = ClaimMonth.Days(month.First, month.Last).Count(d => d >= benefitFrom && rows.Any(r => r.Covers(d)) && month.IsActive(d));
            var raw = product.BenefitPerDay is decimal perDay ? perDay * days : (product.BenefitPerMonth ?? 0m) * days / month.DaysInMonth;
            var amount = Money.Fen(Math.Min(raw, product.MonthlyCap));
            if (days == 0)
            {
                yield return new TopUpInvoice(TopUpPayer.CommercialInsurer, product.Name,
                [
                    new TopUpLine(0.00m, "WaitingPeriod",
                        $"{product.Name}：等待期 {product.WaitingDays} 天，自 {benefitFrom:yyyy-MM-dd} 起给付，本月无给付。",
                        $"{product.Name}: waiting period of {product.WaitingDays} days, benefits from {benefitFrom:yyyy-MM-dd}; nothing this month."),
                ]);
                continue;
            }

            var rate = product.BenefitPerDay is decimal d2 ? $"每天 {Money.Format(d2)} 元 × {days} 天" : $"每月 {Money.Format(product.BenefitPerMonth ?? 0m)} 元 × {days}/{month.DaysInMonth} 天";
            var rateEn = product.BenefitPerDay is decimal d3 ? $"{Money.Format(d3)} a day × {days} days" : $"{Money.Format(product.BenefitPerMonth ?? 0m)} a month × {days}/{month.DaysInMonth} days";
            yield return new TopUpInvoice(TopUpPayer.CommercialInsurer, product.Name,
            [
                new TopUpLine(amount, raw > product.MonthlyCap ? "CommercialCapped" : "CommercialBenefit",
                    $"{product.Name}：{rate}" + (raw > product.MonthlyCap ? $"，超过每月上限，按上限 {Money.Format(product.MonthlyCap)} 元给付。" : $" = {Money.Format(amount)} 元。"),
                    $"{product.Name}: {rateEn}" + (raw > product.MonthlyCap ? $", above the monthly cap: {Money.Format(product.MonthlyCap)} CNY." : $" = {Money.Format(amount)} CNY.")),
            ]);
        }
    }

    private TopUpInvoice? Family(TopUpCase c)
    {
        var lines = new List<TopUpLine>();
        if (c.ExtraVisits > 0)
        {
            var amount = Money.Fen(c.ExtraVisits * rules.SelfPayVisitPrice);
            lines.Add(new TopUpLine(amount, "ExtraVisits",
                $"额外上门 {c.ExtraVisits} 次 × {Money.Format(rules.SelfPayVisitPrice)} 元 = {Money.Format(amount)} 元（自费）。",
                $"{c.ExtraVisits} extra visits × {Money.Format(rules.SelfPayVisitPrice)} = {Money.Format(amount)} CNY (self-pay)."));
        }

        if (c.CoPayment > 0)
        {
            lines.Add(new TopUpLine(Money.Fen(c.CoPayment), "CoPayment",
                $"长护险个人自付部分 {Money.Format(c.CoPayment)} 元。",
                $"The client's share of the LTC claim: {Money.Format(c.CoPayment)} CNY."));
        }

        return lines.Count == 0 ? null : new TopUpInvoice(TopUpPayer.Family, c.Client.Name, lines);
    }

    /// <summary>A coverage the city's policy has no rules for: nothing billed, and the line says so.</summary>
    private static TopUpLine NotInPolicy(string zh, string en) => new(0.00m, "NotInPolicy",
        $"{zh}：本市政策未规定该保障的给付规则，本月不结算。",
        $"{en}: this city's policy has no rules for this coverage; nothing is billed this month.");

    private static bool HasCoverage(TopUpCase c, CoverageType type, ClaimMonth month) =>
        c.Coverages.Any(x => x.Type == type && ClaimMonth.Days(month.First, month.Last).Any(x.Covers));

    private static int CoveredActiveDays(TopUpCase c, CoverageType type, string? product, ClaimMonth month) =>
        ClaimMonth.Days(month.First, month.Last).Count(d => month.IsActive(d) && c.Coverages.Any(x => x.Type == type && (product is null || x.Product == product) && x.Covers(d)));
}
