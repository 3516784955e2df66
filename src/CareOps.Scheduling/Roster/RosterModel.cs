using CareOps.Scheduling.Travel;

namespace CareOps.Scheduling.Roster;

/// <summary>A time window within a day, in minutes after midnight; [Start, End).</summary>
/// <param name="Start">First minute.</param>
/// <param name="End">Minute after the last.</param>
public readonly record struct DayWindow(int Start, int End)
{
    /// <summary>Whether [from, to) lies inside the window.</summary>
    public bool Contains(int from, int to) => from >= Start && to <= End;
}

/// <summary>A required skill level; nursing implies basic.</summary>
public enum CareSkill
{
    /// <summary>Personal care items only.</summary>
    Basic,

    /// <summary>Medical-care items (needs a nursing caregiver).</summary>
    Nursing,
}

/// <summary>A visit the dispatcher pinned: it must stay on that day with that caregiver (and start time if given).</summary>
/// <param name="Date">Day of the visit.</param>
/// <param name="CaregiverId">Who does it.</param>
/// <param name="Start">Pinned start (minutes after midnight), or null to let the solver time it.</param>
public sealed record FixedVisit(DateOnly Date, string CaregiverId, int? Start);

/// <summary>A client and what her care plan requires this week.</summary>
public sealed class RosterClient
{
    /// <summary>Stable id.</summary>
    public required string Id { get; init; }

    /// <summary>Display name (optional).</summary>
    public string Name { get; init; } = "";

    /// <summary>Where the visits happen.</summary>
    public required GeoPoint Location { get; init; }

    /// <summary>Service region; caregivers are drawn from the same region when set.</summary>
    public string Region { get; init; } = "";

    /// <summary>Visits required this week.</summary>
    public int VisitsPerWeek { get; init; }

    /// <summary>Minimum minutes per visit.</summary>
    public int MinutesPerVisit { get; init; }

    /// <summary>Days on which a visit may take place.</summary>
    public IReadOnlySet<DayOfWeek> AllowedDays { get; init; } = AllDays;

    /// <summary>Hard window (visit must start and end inside), the same every day unless overridden.</summary>
    public DayWindow Window { get; init; } = new(8 * 60, 17 * 60);

    /// <summary>Per-day overrides of <see cref="Window"/>.</summary>
    public IReadOnlyDictionary<DayOfWeek, DayWindow> WindowByDay { get; init; } = new Dictionary<DayOfWeek, DayWindow>();

    /// <summary>Soft preferred window, or null.</summary>
    public DayWindow? PreferredWindow { get; init; }

    /// <summary>Skill the care-plan items need.</summary>
    public CareSkill RequiredSkill { get; init; }

    /// <summary>Caregivers the client knows (continuity history), preferred.</summary>
    public IReadOnlyList<string> PreferredCaregivers { get; init; } = [];

    /// <summary>Caregivers who must never visit her.</summary>
    public IReadOnlyList<string> ExcludedCaregivers { get; init; } = [];

    /// <summary>Visits pinned by the dispatcher; they count towards <see cref="VisitsPerWeek"/>.</summary>
    public IReadOnlyList<FixedVisit> FixedVisits { get; init; } = [];

    /// <summary>The hard window on a day.</summary>
    public DayWindow WindowOn(DayOfWeek day) => WindowByDay.TryGetValue(day, out var w) ? w : Window;

    /// <summary>Every day of the week.</summary>
    public static readonly IReadOnlySet<DayOfWeek> AllDays = new HashSet<DayOfWeek>(Enum.GetValues<DayOfWeek>());
}

/// <summary>A caregiver and her working rules for the week.</summary>
public sealed class RosterCaregiver
{
    /// <summary>Stable id.</summary>
    public required string Id { get; init; }

    /// <summary>Display name (optional).</summary>
    public string Name { get; init; } = "";

    /// <summary>Home: every working day starts and ends here.</summary>
    public required GeoPoint Home { get; init; }

    /// <summary>Service region of her agency.</summary>
    public string Region { get; init; } = "";

    /// <summary>Days she works.</summary>
    public IReadOnlySet<DayOfWeek> WorkingDays { get; init; } = new HashSet<DayOfWeek> { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday };

    /// <summary>Shift: leave home no earlier than Start, be back home by End.</summary>
    public DayWindow Shift { get; init; } = new(8 * 60, 17 * 60);

    /// <summary>Window in which the lunch break must lie, or null for no break.</summary>
    public DayWindow? LunchWindow { get; init; } = new(11 * 60 + 30, 13 * 60 + 30);

    /// <summary>Length of the lunch break.</summary>
    public int LunchMinutes { get; init; } = 60;

    /// <summary>Most minutes worked a day (leave home to back home, less the break).</summary>
    public int DailyMaxMinutes { get; init; } = 480;

    /// <summary>Most minutes worked in the week.</summary>
    public int WeeklyMaxMinutes { get; init; } = 2400;

    /// <summary>Skills held.</summary>
    public CareSkill Skill { get; init; }

    /// <summary>Last day on which the certificate is valid; null means no certificate.</summary>
    public DateOnly? CertificateValidUntil { get; init; }

    /// <summary>Dates on which she is unavailable (leave, sickness).</summary>
    public IReadOnlySet<DateOnly> UnavailableDates { get; init; } = new HashSet<DateOnly>();

    /// <summary>Whether she may work on the date: working day, certified, available.</summary>
    public bool Works(DateOnly date) =>
        WorkingDays.Contains(date.DayOfWeek) && CertificateValidUntil is { } v && date <= v && !UnavailableDates.Contains(date);

    /// <summary>Whether she has the skill.</summary>
    public bool Has(CareSkill skill) => Skill >= skill;

    /// <summary>Whether she may serve the client at all: the skill her care needs, and not excluded by her.</summary>
    public bool CanServe(RosterClient client) => Has(client.RequiredSkill) && !client.ExcludedCaregivers.Contains(Id);
}

/// <summary>A weekly roster problem: the clients, the caregivers and the travel network of one week.</summary>
public sealed class RosterProblem
{
    /// <summary>The Monday the week starts on.</summary>
    public required DateOnly WeekStart { get; init; }

    /// <summary>Clients to serve.</summary>
    public required IReadOnlyList<RosterClient> Clients { get; init; }

    /// <summary>Caregivers available.</summary>
    public required IReadOnlyList<RosterCaregiver> Caregivers { get; init; }

    /// <summary>Places, land travel, ferries and suspensions.</summary>
    public required FerryNetwork Network { get; init; }

    /// <summary>The seven dates of the week.</summary>
    public IEnumerable<DateOnly> Dates => Enumerable.Range(0, 7).Select(WeekStart.AddDays);
}

/// <summary>A visit in a roster.</summary>
/// <param name="ClientId">Who is visited.</param>
/// <param name="Start">Start, minutes after midnight.</param>
/// <param name="End">End, minutes after midnight.</param>
public sealed record PlannedVisit(string ClientId, int Start, int End);

/// <summary>One caregiver's day: visits in order, the break, and every travel leg including the way home.</summary>
/// <param name="CaregiverId">Whose day.</param>
/// <param name="Date">Which day.</param>
/// <param name="LeaveHome">When she leaves home.</param>
/// <param name="BackHome">When she is back home.</param>
/// <param name="LunchStart">Start of the break, or null.</param>
/// <param name="Visits">Visits in order.</param>
/// <param name="Legs">Travel legs in order (home → first visit … last visit → home).</param>
public sealed record CaregiverDay(string CaregiverId, DateOnly Date, int LeaveHome, int BackHome, int? LunchStart, IReadOnlyList<PlannedVisit> Visits, IReadOnlyList<TravelLeg> Legs);

/// <summary>Why a visit could not be scheduled.</summary>
public enum UnscheduledReason
{
    /// <summary>No caregiver in reach holds the skill and a valid certificate.</summary>
    NoQualifiedCaregiver,

    /// <summary>Qualified caregivers exist, but no sailing brings them back home before the shift ends.</summary>
    NoSailingBack,

    /// <summary>Allowed days and working days leave no day that keeps the visits spread.</summary>
    NoSuitableDay,

    /// <summary>Every qualified caregiver is fully booked on the possible days.</summary>
    CapacityExhausted,
}

/// <summary>A required visit the roster leaves out, with a sentence a dispatcher understands.</summary>
/// <param name="ClientId">Whose visit.</param>
/// <param name="Reason">Machine code.</param>
/// <param name="MessageZh">Explanation in Chinese.</param>
/// <param name="MessageEn">Explanation in English.</param>
public sealed record UnscheduledVisit(string ClientId, UnscheduledReason Reason, string MessageZh, string MessageEn)
{
    /// <summary>Nobody in reach holds the skill and a valid certificate.</summary>
    internal static UnscheduledVisit NoQualified(RosterClient client) => client.RequiredSkill == CareSkill.Nursing
        ? new(client.Id, UnscheduledReason.NoQualifiedCaregiver, "本周该岛没有持证的医疗护理员", "no certified nursing caregiver on that island that week")
        : new(client.Id, UnscheduledReason.NoQualifiedCaregiver, "本周该岛没有持证的护理员", "no certified caregiver on that island that week");

    /// <summary>No sailing lets a qualified caregiver make the visit and be back before her shift ends.</summary>
    internal static UnscheduledVisit NoSailingBack(RosterClient client, int shiftEnd) =>
        new(client.Id, UnscheduledReason.NoSailingBack,
            $"没有船班能让护理员完成服务、午休并在{shiftEnd / 60:D2}:{shiftEnd % 60:D2}班次结束前返回",
            $"no sailing lets a qualified caregiver make the visit, take her break and be back before the shift ends at {shiftEnd / 60:D2}:{shiftEnd % 60:D2}");

    /// <summary>Allowed days and working days leave no day that keeps the visits spread.</summary>
    internal static UnscheduledVisit NoSuitableDay(RosterClient client) =>
        new(client.Id, UnscheduledReason.NoSuitableDay, "可服务日期与护理员工作日无法满足本周的间隔要求",
            "her allowed days and the caregivers' working days leave no day that keeps the visits spread");

    /// <summary>Every qualified caregiver is fully booked on the possible days.</summary>
    internal static UnscheduledVisit CapacityExhausted(RosterClient client) =>
        new(client.Id, UnscheduledReason.CapacityExhausted, "符合条件的护理员在可选日期都已排满", "every qualified caregiver is fully booked on the possible days");
}

/// <summary>A weekly roster.</summary>
/// <param name="WeekStart">Monday of the week.</param>
/// <param name="Days">Caregiver days with at least one visit.</param>
/// <param name="Unscheduled">Required visits left out.</param>
public sealed record Roster(DateOnly WeekStart, IReadOnlyList<CaregiverDay> Days, IReadOnlyList<UnscheduledVisit> Unscheduled)
{
    /// <summary>Number of planned visits.</summary>
    public int VisitCount => Days.Sum(d => d.Visits.Count);
}
