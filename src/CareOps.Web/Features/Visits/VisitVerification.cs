using CareOps.Data.Domain;

namespace CareOps.Web.Features.Visits;

/// <summary>What the rules judge a finished visit on: its record, the caregiver's certificate, and the agency's and policy's limits.</summary>
/// <param name="PlannedStart">The planned start (agency time, on the visit's date).</param>
/// <param name="CheckIn">Check-in as recorded.</param>
/// <param name="CheckOut">Check-out as recorded.</param>
/// <param name="CheckInDevice">The phone's clock at check-in.</param>
/// <param name="CheckOutDevice">The phone's clock at check-out.</param>
/// <param name="DistanceMeters">Metres from the client's home at check-in; null without a location.</param>
/// <param name="GeofenceMeters">The agency's geofence.</param>
/// <param name="CaregiverCertified">The caregiver held a valid certificate on the visit's date.</param>
/// <param name="ItemCount">Care items recorded.</param>
/// <param name="MinMinutes">The policy's minimum minutes of a visit.</param>
/// <param name="StartToleranceMinutes">How far from the planned time a visit may start.</param>
public sealed record VisitFacts(
    DateTimeOffset PlannedStart,
    DateTimeOffset CheckIn,
    DateTimeOffset CheckOut,
    DateTimeOffset? CheckInDevice,
    DateTimeOffset? CheckOutDevice,
    double? DistanceMeters,
    int GeofenceMeters,
    bool CaregiverCertified,
    int ItemCount,
    int MinMinutes,
    int StartToleranceMinutes);

/// <summary>
/// The verification rules of a finished visit (issue 10): it is Verified when none applies, otherwise Flagged with
/// every reason that applies, for a dispatcher to accept or reject.
/// </summary>
public static class VisitVerification
{
    /// <summary>How far a phone's clock may differ from the recorded time before the times are doubted.</summary>
    public static readonly TimeSpan ClockTolerance = TimeSpan.FromMinutes(5);

    public static IReadOnlyList<FlagReason> Judge(VisitFacts facts)
    {
        var flags = new List<FlagReason>();
        // Whole minutes, as the claim engine counts them from the civil times of check-in and check-out.
        var minutes = (int)Math.Floor((facts.CheckOut - facts.CheckIn).TotalMinutes);
        if (minutes < facts.MinMinutes)
        {
            flags.Add(FlagReason.TooShort);
        }

        if (facts.DistanceMeters is not { } distance)
        {
            flags.Add(FlagReason.NoLocation);
        }
        else if (distance > facts.GeofenceMeters)
        {
            flags.Add(FlagReason.OutsideGeofence);
        }

        if (!facts.CaregiverCertified)
        {
            flags.Add(FlagReason.Uncertified);
        }

        if (facts.ItemCount == 0)
        {
            flags.Add(FlagReason.NoItems);
        }

        if (Math.Abs((facts.CheckIn - facts.PlannedStart).TotalMinutes) > facts.StartToleranceMinutes)
        {
            flags.Add(FlagReason.OffSchedule);
        }

        if (Skewed(facts.CheckIn, facts.CheckInDevice) || Skewed(facts.CheckOut, facts.CheckOutDevice))
        {
            flags.Add(FlagReason.DeviceClock);
        }

        return flags;
    }

    /// <summary>The verdict and the stored flag codes of a judgement.</summary>
    public static (VisitVerdict Verdict, string Codes) Verdict(IReadOnlyList<FlagReason> flags) =>
        (flags.Count == 0 ? VisitVerdict.Verified : VisitVerdict.Flagged, string.Join(',', flags));

    private static bool Skewed(DateTimeOffset recorded, DateTimeOffset? device) =>
        device is { } phone && (phone - recorded).Duration() > ClockTolerance;
}
