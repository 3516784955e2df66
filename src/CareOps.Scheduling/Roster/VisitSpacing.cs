namespace CareOps.Scheduling.Roster;

/// <summary>A hard spread rule: days at least <paramref name="MinGap"/> apart, first to last at least <paramref name="MinSpan"/> days.</summary>
/// <param name="MinGap">Smallest allowed distance in days between two visits (1 = different days).</param>
/// <param name="MinSpan">Smallest allowed distance between the first and the last visit once all are planned.</param>
public readonly record struct SpreadRule(int MinGap, int MinSpan);

/// <summary>
/// How a client's visits must spread over the week (docs/roster-format.md, "Spread rule").
/// Hard: never two visits on one day; 2 a week → not on consecutive days (gap ≥ 2); 3 a week → not three days
/// in a row (first to last ≥ 3 days); relaxed step by step only when her allowed days cannot hold that.
/// Soft (a preference, scored): 2 a week ≥ 3 days apart, 3 a week no two on consecutive days.
/// </summary>
/// <remarks>
/// Note: "no consecutive days" as a hard rule for 3 a week pins Monday–Friday caregivers to Mon/Wed/Fri; the demo
/// week then has ~30 000 more minutes of care on those days than caregivers can give, so it is a preference instead.
/// </remarks>
public static class VisitSpacing
{
    /// <summary>The hard rule for a frequency before relaxation.</summary>
    public static SpreadRule DefaultRule(int visitsPerWeek) => visitsPerWeek switch
    {
        2 => new SpreadRule(2, 0),
        3 => new SpreadRule(1, 3),
        _ => new SpreadRule(1, 0),
    };

    /// <summary>The preferred (soft) smallest gap: 3 days for 2 a week, 2 for 3 a week, else 1.</summary>
    public static int PreferredGap(int visitsPerWeek) => visitsPerWeek switch
    {
        2 => 3,
        3 => 2,
        _ => 1,
    };

    /// <summary>The hard rule for a client whose visits may fall on <paramref name="allowedDayIndexes"/> (0 = Monday), relaxed until it can be met.</summary>
    public static SpreadRule Rule(int visitsPerWeek, IEnumerable<int> allowedDayIndexes)
    {
        var days = allowedDayIndexes.Distinct().Order().ToArray();
        var rule = DefaultRule(visitsPerWeek);
        while (Patterns(days, visitsPerWeek, rule).Count == 0 && (rule.MinSpan > 0 || rule.MinGap > 1))
        {
            rule = rule.MinSpan > 0 ? rule with { MinSpan = rule.MinSpan - 1 } : rule with { MinGap = rule.MinGap - 1 };
        }

        return rule;
    }

    /// <summary>Whether sorted, planned day indexes keep the rule; the span counts only when all <paramref name="visitsPerWeek"/> are planned.</summary>
    public static bool Satisfies(SpreadRule rule, IReadOnlyList<int> sortedDays, int visitsPerWeek)
    {
        for (var i = 1; i < sortedDays.Count; i++)
        {
            if (sortedDays[i] - sortedDays[i - 1] < Math.Max(1, rule.MinGap))
            {
                return false;
            }
        }

        return sortedDays.Count < visitsPerWeek || sortedDays.Count == 0 || sortedDays[^1] - sortedDays[0] >= rule.MinSpan;
    }

    /// <summary>Whether planned days meet the preferred gap.</summary>
    public static bool MeetsPreference(IReadOnlyList<int> sortedDays, int visitsPerWeek)
    {
        var gap = PreferredGap(visitsPerWeek);
        for (var i = 1; i < sortedDays.Count; i++)
        {
            if (sortedDays[i] - sortedDays[i - 1] < gap)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Every set of <paramref name="count"/> days from <paramref name="days"/> (sorted) that keeps the rule.</summary>
    public static List<int[]> Patterns(int[] days, int count, SpreadRule rule)
    {
        var result = new List<int[]>();
        var chosen = new List<int>();
        void Walk(int from)
        {
            if (chosen.Count == count)
            {
                if (Satisfies(rule, chosen, count))
                {
                    result.Add([.. chosen]);
                }

                return;
            }

            for (var i = from; i < days.Length; i++)
            {
                if (chosen.Count == 0 || days[i] - chosen[^1] >= Math.Max(1, rule.MinGap))
                {
                    chosen.Add(days[i]);
                    Walk(i + 1);
                    chosen.RemoveAt(chosen.Count - 1);
                }
            }
        }

        if (count > 0)
        {
            Walk(0);
        }

        return result;
    }

    /// <summary>Day index of a date in the week that starts on <paramref name="weekStart"/>.</summary>
    public static int DayIndex(DateOnly weekStart, DateOnly date) => date.DayNumber - weekStart.DayNumber;

    /// <summary>The allowed day indexes (0 = Monday) of a client.</summary>
    public static int[] AllowedIndexes(RosterClient client, DateOnly weekStart) =>
        [.. Enumerable.Range(0, 7).Where(i => client.AllowedDays.Contains(weekStart.AddDays(i).DayOfWeek))];
}
