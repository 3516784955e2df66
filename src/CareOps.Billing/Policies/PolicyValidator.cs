namespace CareOps.Billing.Policies;

/// <summary>Checks a policy version before it is stored; each problem is a code the app words in the user's language.</summary>
public static class PolicyValidator
{
    public static IReadOnlyList<BillingProblem> Problems(PolicyVersion p)
    {
        var problems = new List<BillingProblem>();
        if (string.IsNullOrWhiteSpace(p.City))
        {
            problems.Add(new(BillingCode.PolicyCityMissing));
        }

        if (p.Version < 1)
        {
            problems.Add(new(BillingCode.PolicyVersionTooLow));
        }

        if (p.EffectiveTo is DateOnly to && to < p.EffectiveFrom)
        {
            problems.Add(new(BillingCode.PolicyEndBeforeStart));
        }

        if (p.Visits.MinMinutes is < 1 or > 480)
        {
            problems.Add(new(BillingCode.PolicyMinMinutes));
        }

        if (p.TopUps is { } t && (t.SelfPayVisitPrice < 0 || t.SocialAssistanceMonthly < 0
            || t.Zhuhuibao is { } z && (z.HomeMonthly < 0 || z.InstitutionalMonthly < 0 || z.ServiceHourValue <= 0)
            || t.CommercialProducts.Any(c => c.MonthlyCap < 0 || c.WaitingDays < 0 || c.BenefitPerDay < 0 || c.BenefitPerMonth < 0)))
        {
            problems.Add(new(BillingCode.PolicyTopUpAmounts));
        }

        problems.AddRange(FamilyCare(p));
        problems.AddRange(Devices(p.Devices));

        switch (p.Shape)
        {
            case PolicyShape.MonthlyPackage when p.Package is null:
                problems.Add(new(BillingCode.PolicyPackageMissing));
                break;
            case PolicyShape.MonthlyPackage:
                if (p.Package!.Modes.Count == 0)
                {
                    problems.Add(new(BillingCode.PolicyNoModes));
                }

                foreach (var mode in p.Package.Modes)
                {
                    if (mode.Monthly.Count == 0 || mode.Monthly.Any(m => m.Amount < 0 || m.Amount != Money.Fen(m.Amount)))
                    {
                        problems.Add(new(BillingCode.PolicyModeAmounts, mode.Mode));
                    }

                    if (mode.VisitsPerWeek is < 1 or > 21)
                    {
                        problems.Add(new(BillingCode.PolicyModeVisits, mode.Mode));
                    }
                }

                if (p.Package.Modes.GroupBy(m => m.Mode).Any(g => g.Count() > 1))
                {
                    problems.Add(new(BillingCode.PolicyModeTwice));
                }

                if (p.Package.UncertifiedPenalty < 0 || p.Package.UncertifiedVisitFee < 0)
                {
                    problems.Add(new(BillingCode.PolicyNegativeFees));
                }

                break;
            case PolicyShape.CappedCoinsurance when p.Coinsurance is null:
                problems.Add(new(BillingCode.PolicyCoinsuranceMissing));
                break;
            case PolicyShape.CappedCoinsurance:
                problems.AddRange(Share(p.Coinsurance!.FundShare));
                if (p.Coinsurance.HourlyRate <= 0 || p.Coinsurance.MonthlyCap <= 0)
                {
                    problems.Add(new(BillingCode.PolicyRateAndCap));
                }

                break;
            case PolicyShape.HourlyByGrade when p.Hourly is null:
                problems.Add(new(BillingCode.PolicyHourlyMissing));
                break;
            case PolicyShape.HourlyByGrade:
                problems.AddRange(Share(p.Hourly!.FundShare));
                if (p.Hourly.HourlyRate <= 0)
                {
                    problems.Add(new(BillingCode.PolicyHourlyRate));
                }

                var bands = p.Hourly.Bands.OrderBy(b => b.MinGrade).ToList();
                if (bands.Any(b => b.MaxGrade < b.MinGrade || b.VisitsPerWeek is < 1 or > 21)
                    || bands.Zip(bands.Skip(1)).Any(pair => pair.Second.MinGrade <= pair.First.MaxGrade))
                {
                    problems.Add(new(BillingCode.PolicyBands));
                }

                break;
        }

        return problems;
    }

    /// <summary>The relative is paid by one rule only, the one that checks her training.</summary>
    private static IEnumerable<BillingProblem> FamilyCare(PolicyVersion p)
    {
        if (p.FamilyCare is not { } family)
        {
            yield break;
        }

        if (family.Monthly < 0 || family.Monthly != Money.Fen(family.Monthly))
        {
            yield return new(BillingCode.PolicyFamilyCareAmount);
        }

        if (p.Package is { } package && package.Modes.Any(m => m.Monthly.Any(a => a.Payee == Payee.FamilyCaregiver)))
        {
            yield return new(BillingCode.PolicyFamilyCarePaidTwice);
        }

        if (p.Shape == PolicyShape.MonthlyPackage && p.Package is { } pk && pk.For(CareMode.FamilyCare) is null)
        {
            yield return new(BillingCode.PolicyFamilyCareModeMissing);
        }
    }

    private static IEnumerable<BillingProblem> Devices(IReadOnlyList<RentableDevice> devices)
    {
        foreach (var (device, i) in devices.Select((d, i) => (d, i)))
        {
            if (string.IsNullOrWhiteSpace(device.Code) || string.IsNullOrWhiteSpace(device.NameZh)
                || devices.Take(i).Any(d => string.Equals(d.Code, device.Code, StringComparison.OrdinalIgnoreCase)))
            {
                yield return new(BillingCode.PolicyDeviceCode, device.Code);
            }

            if (device.MonthlyRent <= 0 || device.MonthlyRent != Money.Fen(device.MonthlyRent))
            {
                yield return new(BillingCode.PolicyDeviceRent, device.Code);
            }

            var shareBroken = (device.FundShare, device.FundMonthly) switch
            {
                (decimal share, null) => share is < 0m or > 1m,
                (null, decimal amount) => amount < 0 || amount > device.MonthlyRent || amount != Money.Fen(amount),
                _ => true, // neither or both
            };
            if (shareBroken)
            {
                yield return new(BillingCode.PolicyDeviceShare, device.Code);
            }
        }
    }

    private static IEnumerable<BillingProblem> Share(decimal share)
    {
        if (share is < 0m or > 1m)
        {
            yield return new(BillingCode.PolicyShare);
        }
    }
}
