using CareOps.Data.Domain;
using CareOps.Web.Features.Visits;

namespace CareOps.Web.Tests.Capture;

public sealed class VisitVerificationTests
{
    private static readonly DateTimeOffset Planned = new(2026, 11, 24, 10, 0, 0, TimeSpan.FromHours(8));

    private static VisitFacts Good() => new(
        Planned, Planned.AddMinutes(5), Planned.AddMinutes(70), Planned.AddMinutes(5), Planned.AddMinutes(70),
        DistanceMeters: 35, GeofenceMeters: 200, CaregiverCertified: true, ItemCount: 2, MinMinutes: 60, StartToleranceMinutes: 30);

    [Fact]
    public void Judge_AllRulesMet_NoFlags()
    {
        Assert.Empty(VisitVerification.Judge(Good()));
        Assert.Equal((VisitVerdict.Verified, ""), VisitVerification.Verdict([]));
    }

    [Fact]
    public void Judge_FiftyNineMinutes_TooShort_SixtyIsEnough()
    {
        Assert.Equal([FlagReason.TooShort], VisitVerification.Judge(Good() with { CheckOut = Planned.AddMinutes(64), CheckOutDevice = Planned.AddMinutes(64) }));
        Assert.Empty(VisitVerification.Judge(Good() with { CheckOut = Planned.AddMinutes(65), CheckOutDevice = Planned.AddMinutes(65) }));
    }

    [Fact]
    public void Judge_Geofence_EdgeCountsInside_BeyondIsOutside_NoneIsNoLocation()
    {
        Assert.Empty(VisitVerification.Judge(Good() with { DistanceMeters = 200 }));
        Assert.Equal([FlagReason.OutsideGeofence], VisitVerification.Judge(Good() with { DistanceMeters = 200.5 }));
        Assert.Equal([FlagReason.NoLocation], VisitVerification.Judge(Good() with { DistanceMeters = null }));
    }

    [Fact]
    public void Judge_UncertifiedNoItemsLateAndClock_EveryReasonListed()
    {
        var facts = Good() with
        {
            CaregiverCertified = false,
            ItemCount = 0,
            CheckIn = Planned.AddMinutes(31),
            CheckInDevice = Planned.AddMinutes(31),
            CheckOut = Planned.AddMinutes(100),
            CheckOutDevice = Planned.AddMinutes(100 + 6),
        };

        var flags = VisitVerification.Judge(facts);

        Assert.Equal([FlagReason.Uncertified, FlagReason.NoItems, FlagReason.OffSchedule, FlagReason.DeviceClock], flags);
        Assert.Equal((VisitVerdict.Flagged, "Uncertified,NoItems,OffSchedule,DeviceClock"), VisitVerification.Verdict(flags));
    }

    [Fact]
    public void Judge_EarlyStartBeyondTolerance_OffSchedule()
    {
        var facts = Good() with { CheckIn = Planned.AddMinutes(-31), CheckInDevice = Planned.AddMinutes(-31) };
        Assert.Equal([FlagReason.OffSchedule], VisitVerification.Judge(facts));
    }

    [Fact]
    public void RecordedTime_SentAtOnce_ServerTime()
    {
        var server = Planned.AddMinutes(3);
        Assert.Equal(server, CaptureVisit.RecordedTime(Planned, Planned.AddSeconds(20), server));
    }

    [Fact]
    public void RecordedTime_QueuedOfflineWithGoodClock_PhoneTime()
    {
        // Captured at 10:00 on a ferry, sent at 11:00 (phone) and received at 11:01 (server): the phone's 10:00 stands.
        Assert.Equal(Planned, CaptureVisit.RecordedTime(Planned, Planned.AddHours(1), Planned.AddHours(1).AddMinutes(1)));
    }

    [Fact]
    public void RecordedTime_QueuedOfflineWithWrongClock_ServerLessThePhonesDelay()
    {
        // The phone's clock runs 2 hours fast: it says captured 12:00 and sent 13:00, the server receives at 11:00.
        var captured = Planned.AddHours(2);
        var recorded = CaptureVisit.RecordedTime(captured, captured.AddHours(1), Planned.AddHours(1));
        Assert.Equal(Planned, recorded);
    }
}
