using CareOps.Billing.Policies;
using CareOps.Billing.TopUps;
using CareOps.Web.Infrastructure;

namespace CareOps.Web.Features.Billing;

/// <summary>One amount of a policy as the operator edits it in the form: its label (a UI key and arguments) and value.</summary>
public sealed class PolicyFigure(string labelKey, object[] labelArgs, decimal value, Func<PolicyVersion, decimal, PolicyVersion> apply, bool whole = false)
{
    /// <summary>Minutes and visits are whole numbers: 2.5 is refused, not rounded.</summary>
    public bool Whole { get; } = whole;

    public string LabelKey { get; } = labelKey;

    public object[] LabelArgs { get; } = labelArgs;

    public decimal Value { get; set; } = value;

    public PolicyVersion ApplyTo(PolicyVersion version) => apply(version, Value);
}

/// <summary>
/// The figures form of the policy editor: the amounts a city changes between versions (package amounts, rates,
/// caps, shares, top-ups), each bound to a number field; everything else is edited in the JSON view.
/// </summary>
public static class PolicyFigures
{
    public static List<PolicyFigure> Of(PolicyVersion p)
    {
        var figures = new List<PolicyFigure>
        {
            new("PolicyForm.MinMinutes", [], p.Visits.MinMinutes, (v, x) => v with { Visits = v.Visits with { MinMinutes = (int)x } }, whole: true),
        };

        if (p.Package is { } package)
        {
            for (var m = 0; m < package.Modes.Count; m++)
            {
                var mi = m;
                var mode = package.Modes[m];
                for (var a = 0; a < mode.Monthly.Count; a++)
                {
                    var ai = a;
                    figures.Add(new("PolicyForm.ModeAmount", [ModeText(mode.Mode), new TextArg("Payee." + mode.Monthly[a].Payee)], mode.Monthly[a].Amount,
                        (v, x) => WithMode(v, mi, md => md with { Monthly = [.. md.Monthly.Select((amount, i) => i == ai ? amount with { Amount = x } : amount)] })));
                }

                if (mode.VisitsPerWeek is int visits)
                {
                    figures.Add(new("PolicyForm.ModeVisits", [ModeText(mode.Mode)], visits, (v, x) => WithMode(v, mi, md => md with { VisitsPerWeek = (int)x }), whole: true));
                }
            }

            figures.Add(new("PolicyForm.UncertifiedPenalty", [], package.UncertifiedPenalty, (v, x) => v with { Package = v.Package! with { UncertifiedPenalty = x } }));
        }

        if (p.Coinsurance is { } co)
        {
            figures.Add(new("PolicyForm.HourlyRate", [], co.HourlyRate, (v, x) => v with { Coinsurance = v.Coinsurance! with { HourlyRate = x } }));
            figures.Add(new("PolicyForm.MonthlyCap", [], co.MonthlyCap, (v, x) => v with { Coinsurance = v.Coinsurance! with { MonthlyCap = x } }));
            figures.Add(new("PolicyForm.FundShare", [], co.FundShare, (v, x) => v with { Coinsurance = v.Coinsurance! with { FundShare = x } }));
        }

        if (p.Hourly is { } hourly)
        {
            figures.Add(new("PolicyForm.HourlyRate", [], hourly.HourlyRate, (v, x) => v with { Hourly = v.Hourly! with { HourlyRate = x } }));
            figures.Add(new("PolicyForm.FundShare", [], hourly.FundShare, (v, x) => v with { Hourly = v.Hourly! with { FundShare = x } }));
        }

        if (p.TopUps is { } t)
        {
            if (t.Zhuhuibao is { } z)
            {
                figures.Add(new("PolicyForm.ZhuhuibaoHome", [], z.HomeMonthly, (v, x) => WithTopUps(v, u => u with { Zhuhuibao = u.Zhuhuibao! with { HomeMonthly = x } })));
                figures.Add(new("PolicyForm.ZhuhuibaoInstitutional", [], z.InstitutionalMonthly, (v, x) => WithTopUps(v, u => u with { Zhuhuibao = u.Zhuhuibao! with { InstitutionalMonthly = x } })));
                figures.Add(new("PolicyForm.ZhuhuibaoHourValue", [], z.ServiceHourValue, (v, x) => WithTopUps(v, u => u with { Zhuhuibao = u.Zhuhuibao! with { ServiceHourValue = x } })));
            }

            if (t.SocialAssistanceMonthly is decimal social)
            {
                figures.Add(new("PolicyForm.SocialAssistance", [], social, (v, x) => WithTopUps(v, u => u with { SocialAssistanceMonthly = x })));
            }

            figures.Add(new("PolicyForm.SelfPayVisit", [], t.SelfPayVisitPrice, (v, x) => WithTopUps(v, u => u with { SelfPayVisitPrice = x })));
            for (var c = 0; c < t.CommercialProducts.Count; c++)
            {
                var ci = c;
                figures.Add(new("PolicyForm.CommercialCap", [t.CommercialProducts[c].Name], t.CommercialProducts[c].MonthlyCap,
                    (v, x) => WithTopUps(v, u => u with { CommercialProducts = [.. u.CommercialProducts.Select((product, i) => i == ci ? product with { MonthlyCap = x } : product)] })));
            }
        }

        return figures;
    }

    /// <summary>
    /// The version with every figure of the form applied, or the problems (field: the figure's index) when a
    /// whole number has a fraction; the policy validator checks the rest (negative amounts, shares above 1 …).
    /// </summary>
    public static Outcome<PolicyVersion> Apply(PolicyVersion version, IReadOnlyList<PolicyFigure> figures)
    {
        var problems = new Problems();
        for (var i = 0; i < figures.Count; i++)
        {
            if (figures[i].Whole && (figures[i].Value != decimal.Truncate(figures[i].Value) || figures[i].Value > int.MaxValue || figures[i].Value < int.MinValue))
            {
                problems.Add(i.ToString(System.Globalization.CultureInfo.InvariantCulture), "Error.WholeNumber");
            }
        }

        return problems.IsEmpty ? Outcome.Done<PolicyVersion>(figures.Aggregate(version, (v, f) => f.ApplyTo(v))) : Outcome.Refused<PolicyVersion>(problems);
    }

    private static TextArg ModeText(CareMode mode) => new("CareMode." + mode);

    private static PolicyVersion WithMode(PolicyVersion v, int index, Func<ModePackage, ModePackage> change) =>
        v with { Package = v.Package! with { Modes = [.. v.Package.Modes.Select((m, i) => i == index ? change(m) : m)] } };

    private static PolicyVersion WithTopUps(PolicyVersion v, Func<TopUpRules, TopUpRules> change) =>
        v with { TopUps = change(v.TopUps!) };
}
