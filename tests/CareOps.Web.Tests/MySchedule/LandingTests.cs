using System.Net;
using CareOps.Data.Seeding;
using CareOps.Web.Tests.Infrastructure;

namespace CareOps.Web.Tests.MySchedule;

/// <summary>A caregiver who signs in or opens "/" lands on her schedule; office users keep their home page.</summary>
[Collection(AppCollection.Name)]
public sealed class LandingTests(CareOpsApp app)
{
    [Fact]
    public async Task SignIn_Caregiver_LandsOnHerSchedule()
    {
        var browser = app.Browser();

        var signIn = await CareOpsApp.SignInAsync(browser, "r2.cg01@demo.careops.cn", DemoArchipelago.DemoPassword);
        var home = await browser.GetAsync(signIn.Headers.Location);

        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.Equal("/my/schedule", new Uri(new Uri("http://localhost"), home.Headers.Location!).AbsolutePath);
        var schedule = await browser.GetAsync(home.Headers.Location);
        Assert.Equal(HttpStatusCode.OK, schedule.StatusCode);
        Assert.Contains("data-testid=\"schedule-next-week\"", await schedule.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("r2.dispatcher@demo.careops.cn")]
    [InlineData("r2.finance@demo.careops.cn")]
    [InlineData("operator@demo.careops.cn")]
    public async Task Home_OfficeUsers_StayOnTheHomePage(string email)
    {
        var browser = await app.SignedInAsync(email);

        var home = await browser.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
    }
}
