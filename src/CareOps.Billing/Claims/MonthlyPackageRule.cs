using System.Globalization;
using CareOps.Billing.Policies;

namespace CareOps.Billing.Claims;

/// <summary>
/// Zhoushan-style packages: each payee's monthly amount, pro-rated by active days; a week below the
/// visit standard loses that week's days of the agency amount; a visit by an uncertified caregiver loses
/// its fee (and the penalty) unless its week was already deducted — the same money is never taken twice.
/// </summary>
internal static class MonthlyPackageRule
{
    public static List<ClaimLine> Lines(PolicyVersion policy, ClaimMonth month, List<VisitRecord> visits)
    {
        var rules = policy.Package ?? throw new ClaimException(new(BillingCode.ClaimRulesMissing, policy.City, policy.Version), $"Policy {policy.City} v{policy.Version} has no package rules.");

        // Note: a client whose mode changed in the month (careModes) is paid each mode's package for its own days; with one
        // mode all month every sum below is the single-mode formula (amount × active days ÷ days in month).
        var modes = month.AllDays.Select(month.ModeOn).Distinct()
            .Select(m => rules.For(m) ?? throw new ClaimException(new(BillingCode.ClaimCareModeNotPaid, policy.City, policy.Version, m), $"Policy {policy.City} v{policy.Version} does not pay care mode {m}."))
            .ToList();
        var lines = new List<ClaimLine>();
        var days = month.DaysInMonth;

        foreach (var mode in modes)
        {
            var active = month.PaidDays(month.AllDays.Count(d => month.IsActive(d) && month.ModeOn(d) == mode.Mode), policy.ProRateByDay);
            var modeZh = modes.Count > 1 ? ModeZh(mode.Mode) : "";
            var modeEn = modes.Count > 1 ? ModeEn(mode.Mode) + ", " : "";
            foreach (var share in mode.Monthly)
            {
                var amount = Money.Fen(share.Amount * active / days);
                lines.Add(new ClaimLine
                {
                    Kind = LineKind.Benefit,
                    Payer = Payer.Fund,
                    Payee = share.Payee,
                    Amount = amount,
                    Reason = "Package",
                    ExplanationZh = $"{month.First:yyyy年M月}{modeZh}在护 {Days(active)}/{days} 天：{PayeeZh(share.Payee)}包干 {Money.Format(share.Amount)} 元 × {Days(active)}/{days} = {Money.Format(amount)} 元。",
                    ExplanationEn = $"{month.First.ToString("MMMM yyyy", CultureInfo.InvariantCulture)}, {modeEn}in care {Days(active)} of {days} days: {PayeeEn(share.Payee)} package {Money.Format(share.Amount)} × {Days(active)}/{days} = {Money.Format(amount)} CNY.",
                });
            }
        }

        // What each day weighs: the agency's monthly amount of the day's mode, and its weekly standard (0 without one).
        decimal AgencyMonthly(ModePackage m) => m.Monthly.Where(a => a.Payee == Payee.Agency).Sum(a => a.Amount);
        int PerWeek(ModePackage? m) => m?.VisitsPerWeek is int p && AgencyMonthly(m) > 0 ? p : 0;
        ModePackage? On(DateOnly d) => rules.For(month.ModeOn(d)); // null only on a day of the neighbouring month in an unpaid mode

        var standings = visits.ToDictionary(v => v.Id, v => VisitStanding.Of(v, policy.Visits, month));
        var agencyBenefit = lines.Where(l => l.Payee == Payee.Agency).Sum(l => l.Amount);
        var deducted = 0m;
        foreach (var week in month.Weeks().Where(w => w.ActiveDaysInMonth > 0))
        {
            var activeDays = week.Days.Where(month.IsActive).ToList();
            var standard = activeDays.Sum(d => PerWeek(On(d)));
            if (standard == 0)
            {
                continue; // no day of the week has a visit standard (institutional care)
            }

            var inWeek = visits.Where(v => week.Contains(v.Date)).ToList();
            var counted = inWeek.Count(v => standings[v.Id] == Standing.Counted);
            var required = (int)Math.Round(standard / 7m, MidpointRounding.AwayFromZero); // 3 a week, active 5 days → 2
            var perWeek = string.Join("/", activeDays.Select(d => PerWeek(On(d))).Where(p => p > 0).Distinct());
            var uncertified = inWeek.Where(v => month.Contains(v.Date) && standings[v.Id] == Standing.Uncertified).ToList();
            if (counted < required)
            {
                var amount = Cap(activeDays.Where(month.Contains).Sum(d => AgencyMonthly(On(d)!)) / days, agencyBenefit, ref deducted);
                lines.Add(WeekBelowStandard(week, counted, required, perWeek, policy.Visits.MinMinutes, amount, inWeek));
                lines.AddRange(uncertified.Select(v => UncertifiedInDeductedWeek(v)));
            }
            else
            {
                lines.AddRange(uncertified.Select(v => UncertifiedVisit(v, Cap(Fee(rules, On(v.Date)!), agencyBenefit, ref deducted))));
            }

            lines.AddRange(uncertified.Where(_ => rules.UncertifiedPenalty > 0).Select(v => Penalty(v, Cap(rules.UncertifiedPenalty, agencyBenefit, ref deducted))));
        }

        lines.AddRange(visits.Where(v => month.Contains(v.Date))
            .Select(v => VisitStanding.NoteFor(v, standings[v.Id], policy.Visits))
            .OfType<ClaimLine>());
        return lines;
    }

    /// <summary>The fee of one uncertified visit: the policy's, else the mode's agency amount spread over its standard's visits in an average month.</summary>
    private static decimal Fee(MonthlyPackageRules rules, ModePackage mode)
    {
        var agency = mode.Monthly.Where(a => a.Payee == Payee.Agency).Sum(a => a.Amount);
        return rules.UncertifiedVisitFee ?? (mode.VisitsPerWeek is int perWeek ? agency * 12m / (52m * perWeek) : 0m);
    }

    private static string Days(decimal days) => days.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>Deductions never take the agency below zero for the month.</summary>
    private static decimal Cap(decimal amount, decimal benefit, ref decimal deducted)
    {
        var capped = Math.Min(Money.Fen(amount), benefit - deducted);
        deducted += capped;
        return capped;
    }

    private static ClaimLine WeekBelowStandard(Week week, int counted, int required, string perWeek, int minMinutes, decimal amount, List<VisitRecord> inWeek) => new()
    {
        Kind = LineKind.Deduction,
        Payer = Payer.Fund,
        Payee = Payee.Agency,
        Amount = -amount,
        Reason = "WeekBelowStandard",
        ExplanationZh = $"第 {week.Number} 周（{week.Label(true)}）有效上门 {counted} 次，少于应达 {required} 次（标准每周 {perWeek} 次、每次满 {minMinutes} 分钟）：扣减该周本月在护 {week.ActiveDaysInMonth} 天对应的机构费用 {Money.Format(amount)} 元。",
        ExplanationEn = $"Week {week.Number} ({week.Label(false)}): {counted} valid visit{(counted == 1 ? "" : "s")}, fewer than the {required} required (standard {perWeek} a week of at least {minMinutes} min): the agency amount for its {week.ActiveDaysInMonth} days in this month, {Money.Format(amount)} CNY, is deducted.",
        VisitIds = inWeek.Select(v => v.Id).ToList(),
    };

    private static ClaimLine UncertifiedVisit(VisitRecord visit, decimal fee) => new()
    {
        Kind = LineKind.Deduction,
        Payer = Payer.Fund,
        Payee = Payee.Agency,
        Amount = -fee,
        Reason = "UncertifiedVisit",
        ExplanationZh = $"{visit.Date:yyyy-MM-dd} 的上门由未持证护理员{Name(visit)}提供：按规定全额扣除该次服务费用 {Money.Format(fee)} 元。",
        ExplanationEn = $"The visit on {visit.Date:yyyy-MM-dd} was by an uncertified caregiver{NameEn(visit)}: its fee, {Money.Format(fee)} CNY, is deducted in full.",
        VisitIds = [visit.Id],
    };

    private static ClaimLine UncertifiedInDeductedWeek(VisitRecord visit) => new()
    {
        Kind = LineKind.Note,
        Payer = Payer.Fund,
        Payee = Payee.Agency,
        Amount = 0m,
        Reason = "UncertifiedVisit",
        ExplanationZh = $"{visit.Date:yyyy-MM-dd} 的上门由未持证护理员{Name(visit)}提供，不计入服务次数；该周费用已整周扣减，不再重复扣除。",
        ExplanationEn = $"The visit on {visit.Date:yyyy-MM-dd} was by an uncertified caregiver{NameEn(visit)} and does not count; its week is already deducted, so nothing more is taken.",
        VisitIds = [visit.Id],
    };

    private static ClaimLine Penalty(VisitRecord visit, decimal amount) => new()
    {
        Kind = LineKind.Deduction,
        Payer = Payer.Fund,
        Payee = Payee.Agency,
        Amount = -amount,
        Reason = "UncertifiedPenalty",
        ExplanationZh = $"{visit.Date:yyyy-MM-dd} 未持证上岗处罚 {Money.Format(amount)} 元。",
        ExplanationEn = $"Penalty for uncertified care on {visit.Date:yyyy-MM-dd}: {Money.Format(amount)} CNY.",
        VisitIds = [visit.Id],
    };

    private static string Name(VisitRecord v) => string.IsNullOrEmpty(v.Caregiver) ? "" : v.Caregiver;

    private static string NameEn(VisitRecord v) => string.IsNullOrEmpty(v.Caregiver) ? "" : $" ({v.Caregiver})";

    internal static string PayeeZh(Payee payee) => payee == Payee.FamilyCaregiver ? "亲情护理员" : "护理机构";

    internal static string PayeeEn(Payee payee) => payee == Payee.FamilyCaregiver ? "family caregiver" : "agency";

    private static string ModeZh(CareMode mode) => mode switch
    {
        CareMode.Home => "居家上门",
        CareMode.FamilyCare => "亲情护理 + 上门",
        _ => "机构护理",
    };

    private static string ModeEn(CareMode mode) => mode switch
    {
        CareMode.Home => "home care",
        CareMode.FamilyCare => "family care + visits",
        _ => "institutional care",
    };
}
