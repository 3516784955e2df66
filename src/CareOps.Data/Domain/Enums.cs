namespace CareOps.Data.Domain;

public enum AgencyKind
{
    HomeCare,
    Institution,
}

public enum PlaceLink
{
    MainIsland,
    Bridge,
    Ferry,
}

public enum CareMode
{
    /// <summary>居家上门: ≥ 3 visits a week.</summary>
    Home,

    /// <summary>亲情护理 + 上门: a trained relative plus ≥ 2 agency visits a week.</summary>
    FamilyCare,

    /// <summary>机构护理.</summary>
    Institutional,
}

public enum ClientStatus
{
    Active,
    InHospital,
    Suspended,
    Ended,
    Deceased,
}

public enum CoverageKind
{
    /// <summary>舟惠保, the city's inclusive commercial plan.</summary>
    Zhuhuibao,

    /// <summary>社会救助: medical-assistance recipients.</summary>
    SocialAssistance,

    /// <summary>A commercial care-insurance product.</summary>
    Commercial,

    /// <summary>The family consents to pay for extra visits and co-payments.</summary>
    SelfPay,
}

public enum Skill
{
    Basic,
    Nursing,
}

public enum CertificateKind
{
    /// <summary>养老护理员.</summary>
    ElderlyCareWorker,

    /// <summary>健康照护师.</summary>
    HealthCareAssistant,
}

public enum VisitWindow
{
    AllDay,
    Morning,
    Afternoon,
}

public enum VisitStatus
{
    Planned,
    CheckedIn,
    Completed,
    Missed,
    Cancelled,
}

/// <summary>The rules' judgement of a finished visit.</summary>
public enum VisitVerdict
{
    Verified,
    Flagged,
}

/// <summary>Why a finished visit was flagged.</summary>
public enum FlagReason
{
    /// <summary>Shorter than the policy's minimum.</summary>
    TooShort,

    /// <summary>Checked in farther from the client's home than the agency's geofence.</summary>
    OutsideGeofence,

    /// <summary>The phone gave no location at check-in.</summary>
    NoLocation,

    /// <summary>The caregiver held no valid certificate that day.</summary>
    Uncertified,

    /// <summary>No care item recorded.</summary>
    NoItems,

    /// <summary>Started later or earlier than the planned time by more than the agency's tolerance.</summary>
    OffSchedule,

    /// <summary>The phone's clock disagreed with the server's by more than is plausible.</summary>
    DeviceClock,
}

/// <summary>A dispatcher's decision on a flagged visit.</summary>
public enum VisitReview
{
    Accepted,
    Rejected,
}

/// <summary>Where a visit stands, as the caregiver's phone shows it.</summary>
public enum VisitPhase
{
    Planned,
    InProgress,
    Verified,
    Flagged,
    Rejected,
    Missed,
    Cancelled,
}

/// <summary>Who pays for a visit.</summary>
public enum VisitFunding
{
    /// <summary>The LTC fund's monthly standard.</summary>
    Fund,

    /// <summary>舟惠保 service hours.</summary>
    Zhuhuibao,

    /// <summary>Social-assistance service.</summary>
    SocialAssistance,

    /// <summary>An extra visit the family pays for.</summary>
    SelfPay,
}

/// <summary>Days of the week as flags, Monday first (weeks run Monday–Sunday).</summary>
[Flags]
public enum WeekDays
{
    None = 0,
    Monday = 1,
    Tuesday = 2,
    Wednesday = 4,
    Thursday = 8,
    Friday = 16,
    Saturday = 32,
    Sunday = 64,
    MondayToFriday = Monday | Tuesday | Wednesday | Thursday | Friday,
    TuesdayToSaturday = Tuesday | Wednesday | Thursday | Friday | Saturday,
    Every = MondayToFriday | Saturday | Sunday,
}

public static class WeekDaysExtensions
{
    /// <summary>The days of a week in the order weeks run here: Monday to Sunday.</summary>
    public static readonly IReadOnlyList<DayOfWeek> MondayFirst =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    /// <summary>The Monday of the week that contains the date.</summary>
    public static DateOnly MondayOf(DateOnly date) => date.AddDays(-(((int)date.DayOfWeek + 6) % 7));

    public static WeekDays ToWeekDay(this DayOfWeek day) => day switch
    {
        DayOfWeek.Monday => WeekDays.Monday,
        DayOfWeek.Tuesday => WeekDays.Tuesday,
        DayOfWeek.Wednesday => WeekDays.Wednesday,
        DayOfWeek.Thursday => WeekDays.Thursday,
        DayOfWeek.Friday => WeekDays.Friday,
        DayOfWeek.Saturday => WeekDays.Saturday,
        _ => WeekDays.Sunday,
    };

    public static bool Includes(this WeekDays days, DayOfWeek day) => (days & day.ToWeekDay()) != 0;
}
