using CareOps.Web.Infrastructure;

namespace CareOps.Web.Tests.Infrastructure;

public sealed class TestingClockTests
{
    [Fact]
    public void StartsWhereAsked_AdvancesOnlyForward()
    {
        var start = new DateTimeOffset(2027, 3, 1, 7, 30, 0, TimeSpan.FromHours(8));
        var clock = new TestingClock(start);

        var first = clock.GetUtcNow();
        clock.Advance(TimeSpan.FromMinutes(65));
        var later = clock.GetUtcNow();

        Assert.InRange(first - start, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        Assert.InRange(later - first, TimeSpan.FromMinutes(65), TimeSpan.FromMinutes(65) + TimeSpan.FromSeconds(5));
        Assert.Throws<ArgumentOutOfRangeException>(() => clock.Advance(TimeSpan.FromMinutes(-1)));
    }
}
