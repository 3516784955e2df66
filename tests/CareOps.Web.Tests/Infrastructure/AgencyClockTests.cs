using CareOps.Web.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace CareOps.Web.Tests.Infrastructure;

public sealed class AgencyClockTests
{
    [Theory]
    [InlineData("2026-12-31T15:59:59Z", "2026-12-31")]
    [InlineData("2026-12-31T16:00:00Z", "2027-01-01")]
    [InlineData("2026-12-31T17:30:00Z", "2027-01-01")]
    [InlineData("2028-02-28T16:00:00Z", "2028-02-29")]
    [InlineData("2026-11-30T23:59:00Z", "2026-12-01")]
    public void Today_FollowsChinaTimeNotUtc(string utc, string expected)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), AgencyClock.Today(clock));
    }

    [Fact]
    public void Zone_IsUtcPlusEightAllYear()
    {
        Assert.Equal(TimeSpan.FromHours(8), AgencyClock.Zone.GetUtcOffset(new DateTimeOffset(2027, 1, 15, 0, 0, 0, TimeSpan.Zero)));
        Assert.Equal(TimeSpan.FromHours(8), AgencyClock.Zone.GetUtcOffset(new DateTimeOffset(2027, 7, 15, 0, 0, 0, TimeSpan.Zero)));
    }
}
