namespace CareOps.Billing.Claims;

/// <summary>Calendar facts of a claim month: days, active days, Monday–Sunday weeks that touch it.</summary>
internal sealed class ClaimMonth
{
    /// <exception cref="ClaimException">The client's status periods overlap or run backwards.</exception>
    public ClaimMonth(ClaimCase claim)
    {
        CaseRules.CheckStatus(claim.Client);
        CaseRules.CheckCareModes(claim.Client);
        client = claim.Client;
        First = new DateOnly(claim.Month.Year, claim.Month.Month, 1);
        Last = First.AddMonths(1).AddDays(-1);
        Status = claim.Client.Status;
        eligibleFrom = claim.Client.EligibleFrom;
        eligibleUntil = claim.Client.EligibleUntil;
        ActiveDays = Days(First, Last).Count(IsActive);
        InCareButNotEligible = Days(First, Last).Count(d => InCare(d) && !Eligible(d));
    }

    public DateOnly First { get; }

    public DateOnly Last { get; }

    public int DaysInMonth => Last.Day;

    public int ActiveDays { get; }

    private readonly ClientInfo client;
    private readonly DateOnly? eligibleFrom;
    private readonly DateOnly? eligibleUntil;

    /// <summary>Days in care this month that the assessment does not cover (expired, or the six months not yet reached).</summary>
    public int InCareButNotEligible { get; }

    public DateOnly? EligibleFrom => eligibleFrom;

    public DateOnly? EligibleUntil => eligibleUntil;

    private IReadOnlyList<StatusSpan> Status { get; }

    public bool Contains(DateOnly date) => First <= date && date <= Last;

    /// <summary>The client's care mode on a date.</summary>
    public Policies.CareMode ModeOn(DateOnly date) => client.ModeOn(date);

    /// <summary>The days of the month, first to last.</summary>
    public IEnumerable<DateOnly> AllDays => Days(First, Last);

    /// <summary>
    /// The days a part of the month is paid for, out of <see cref="DaysInMonth"/>: its payable days, or without pro-rating
    /// (a month with any payable day pays whole) its share of the payable days in a whole month.
    /// </summary>
    public decimal PaidDays(int payableDays, bool proRateByDay) =>
        proRateByDay ? payableDays : ActiveDays == 0 ? 0 : (decimal)DaysInMonth * payableDays / ActiveDays;

    /// <summary>Billable on that date: in care (the one status period covering it is Active) and eligible.</summary>
    public bool IsActive(DateOnly date) => InCare(date) && Eligible(date);

    private bool InCare(DateOnly date) => Status.FirstOrDefault(s => s.Covers(date))?.State == ClientState.Active;

    private bool Eligible(DateOnly date) => (eligibleFrom is null || date >= eligibleFrom) && (eligibleUntil is null || date <= eligibleUntil);

    /// <summary>The Monday–Sunday weeks that have at least one day in the month, in order.</summary>
    public IEnumerable<Week> Weeks()
    {
        var monday = First.AddDays(-(((int)First.DayOfWeek + 6) % 7));
        for (var number = 1; monday <= Last; monday = monday.AddDays(7), number++)
        {
            yield return new Week(number, monday, this);
        }
    }

    public static IEnumerable<DateOnly> Days(DateOnly from, DateOnly to)
    {
        for (var d = from; d <= to; d = d.AddDays(1))
        {
            yield return d;
        }
    }
}

/// <summary>One Monday–Sunday week seen from a claim month.</summary>
internal sealed record Week(int Number, DateOnly Monday, ClaimMonth Month)
{
    public DateOnly Sunday => Monday.AddDays(6);

    public IEnumerable<DateOnly> Days => ClaimMonth.Days(Monday, Sunday);

    /// <summary>Active days in the whole week (both months): what the week's standard is judged on.</summary>
    public int ActiveDays => Days.Count(Month.IsActive);

    /// <summary>Active days of the week inside the claim month: what the week's money is made of.</summary>
    public int ActiveDaysInMonth => Days.Count(d => Month.Contains(d) && Month.IsActive(d));

    /// <summary>The weekly standard scaled to the active days, rounded half-up (3 a week, active 5 days → 2).</summary>
    public int Required(int perWeek) => (int)Math.Round(perWeek * ActiveDays / 7m, MidpointRounding.AwayFromZero);

    public bool Contains(DateOnly date) => Monday <= date && date <= Sunday;

    public string Label(bool chinese) => chinese
        ? $"{Monday.Month}月{Monday.Day}日–{Sunday.Month}月{Sunday.Day}日"
        : Monday.ToString("MMM d", System.Globalization.CultureInfo.InvariantCulture) + "–" + Sunday.ToString("MMM d", System.Globalization.CultureInfo.InvariantCulture);
}
