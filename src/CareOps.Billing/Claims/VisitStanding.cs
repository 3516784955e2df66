using CareOps.Billing.Policies;

namespace CareOps.Billing.Claims;

/// <summary>Whether a visit counts as delivered care, and if not, why.</summary>
internal enum Standing
{
    Counted,
    NotActive,
    NoCheckInOut,
    LocationUnverified,
    TooShort,
    NotVerified,
    Uncertified,
}

internal static class VisitStanding
{
    public static Standing Of(VisitRecord visit, VisitRules rules, ClaimMonth month)
    {
        if (!month.IsActive(visit.Date))
        {
            return Standing.NotActive;
        }

        if (visit.Minutes is not int minutes)
        {
            return Standing.NoCheckInOut;
        }

        if (rules.RequireLocation && !visit.LocationVerified)
        {
            return Standing.LocationUnverified;
        }

        if (minutes < rules.MinMinutes)
        {
            return Standing.TooShort;
        }

        if (!visit.Verified)
        {
            return Standing.NotVerified;
        }

        // Note: certification is judged last so that an uncertified visit is one that was otherwise real care.
        return visit.CaregiverCertified ? Standing.Counted : Standing.Uncertified;
    }

    /// <summary>A note line for a visit of the month that does not count, in words a family understands.</summary>
    public static ClaimLine? NoteFor(VisitRecord visit, Standing standing, VisitRules rules)
    {
        var (zh, en) = standing switch
        {
            Standing.NotActive => ("当天参保人不在可支付的护理状态（住院、暂停、终止、身故，或不在失能评估有效期内），不计入服务次数。", "the client was not billable that day (in hospital, suspended, ended, deceased, or outside the assessment's validity), so it does not count."),
            Standing.NoCheckInOut => ("缺少签到或签退记录，不计入服务次数。", "check-in or check-out is missing, so it does not count."),
            Standing.LocationUnverified => ("签到定位未在参保人家中核验通过，不计入服务次数。", "the check-in location was not verified at the client's home, so it does not count."),
            Standing.NotVerified => ("上门记录未通过核验（被标记后未经复核通过，或已被驳回），不计入服务次数。", "the visit record failed verification (flagged and not accepted on review, or rejected), so it does not count."),
            Standing.TooShort => ($"服务时长 {visit.Minutes} 分钟，不足 {rules.MinMinutes} 分钟，不计入服务次数。", $"it lasted {visit.Minutes} min, less than {rules.MinMinutes} min, so it does not count."),
            _ => (null, null),
        };
        if (zh is null)
        {
            return null;
        }

        return new ClaimLine
        {
            Kind = LineKind.Note,
            Payer = Payer.Fund,
            Payee = Payee.Agency,
            Amount = 0m,
            Reason = "VisitNotCounted." + standing,
            ExplanationZh = $"{visit.Date:yyyy-MM-dd} 的上门服务：{zh}",
            ExplanationEn = $"The visit on {visit.Date:yyyy-MM-dd}: {en}",
            VisitIds = [visit.Id],
        };
    }
}
