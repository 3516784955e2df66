namespace CareOps.Billing.Policies;

/// <summary>Checks a policy version before it is stored; each problem is a sentence an administrator understands.</summary>
public static class PolicyValidator
{
    public static IReadOnlyList<string> Problems(PolicyVersion p)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(p.City))
        {
            problems.Add("The city is missing.");
        }

        if (p.Version < 1)
        {
            problems.Add("The version must be 1 or more.");
        }

        if (p.EffectiveTo is DateOnly to && to < p.EffectiveFrom)
        {
            problems.Add("The end date is before the start date.");
        }

        if (p.Visits.MinMinutes is < 1 or > 480)
        {
            problems.Add("The minimum visit length must be between 1 and 480 minutes.");
        }

        if (p.TopUps is { } t && (t.SelfPayVisitPrice < 0 || t.SocialAssistanceMonthly < 0
            || t.Zhuhuibao is { } z && (z.HomeMonthly < 0 || z.InstitutionalMonthly < 0 || z.ServiceHourValue <= 0)
            || t.CommercialProducts.Any(c => c.MonthlyCap < 0 || c.WaitingDays < 0 || c.BenefitPerDay < 0 || c.BenefitPerMonth < 0)))
        {
            problems.Add("Top-up amounts cannot be negative, and an hour of 舟惠保 service must be worth more than zero.");
        }

        switch (p.Shape)
        {
            case PolicyShape.MonthlyPackage when p.Package is null:
                problems.Add("A monthly-package policy needs a \"package\" block.");
                break;
            case PolicyShape.MonthlyPackage:
                if (p.Package!.Modes.Count == 0)
                {
                    problems.Add("The package lists no care mode.");
                }

                foreach (var mode in p.Package.Modes)
                {
                    if (mode.Monthly.Count == 0 || mode.Monthly.Any(m => m.Amount < 0 || m.Amount != Money.Fen(m.Amount)))
                    {
                        problems.Add($"{mode.Mode}: monthly amounts must be zero or more, in whole fen.");
                    }

                    if (mode.VisitsPerWeek is < 1 or > 21)
                    {
                        problems.Add($"{mode.Mode}: visits per week must be between 1 and 21.");
                    }
                }

                if (p.Package.Modes.GroupBy(m => m.Mode).Any(g => g.Count() > 1))
                {
                    problems.Add("A care mode is listed twice.");
                }

                if (p.Package.UncertifiedPenalty < 0 || p.Package.UncertifiedVisitFee < 0)
                {
                    problems.Add("Fees and penalties cannot be negative.");
                }

                break;
            case PolicyShape.CappedCoinsurance when p.Coinsurance is null:
                problems.Add("A coinsurance policy needs a \"coinsurance\" block.");
                break;
            case PolicyShape.CappedCoinsurance:
                problems.AddRange(Share(p.Coinsurance!.FundShare));
                if (p.Coinsurance.HourlyRate <= 0 || p.Coinsurance.MonthlyCap <= 0)
                {
                    problems.Add("The hourly rate and the monthly cap must be more than zero.");
                }

                break;
            case PolicyShape.HourlyByGrade when p.Hourly is null:
                problems.Add("An hourly policy needs an \"hourly\" block.");
                break;
            case PolicyShape.HourlyByGrade:
                problems.AddRange(Share(p.Hourly!.FundShare));
                if (p.Hourly.HourlyRate <= 0)
                {
                    problems.Add("The hourly rate must be more than zero.");
                }

                var bands = p.Hourly.Bands.OrderBy(b => b.MinGrade).ToList();
                if (bands.Any(b => b.MaxGrade < b.MinGrade || b.VisitsPerWeek is < 1 or > 21)
                    || bands.Zip(bands.Skip(1)).Any(pair => pair.Second.MinGrade <= pair.First.MaxGrade))
                {
                    problems.Add("Grade bands must not overlap, and each gives 1 to 21 visits a week.");
                }

                break;
        }

        return problems;
    }

    private static IEnumerable<string> Share(decimal share)
    {
        if (share is < 0m or > 1m)
        {
            yield return "The fund's share must be between 0 and 1 (e.g. 0.70).";
        }
    }
}
