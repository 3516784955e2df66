using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CareOps.Journeys.Tests;

/// <summary>Who may see what: the operator's agencies page, the caregiver's menu, and lockout after wrong passwords.</summary>
[Collection(JourneyCollection.Name)]
public sealed class AccessJourneys(CareOpsApp app)
{
    [Fact]
    public async Task Operator_OpensAgencies_SeesAllEightAgencies()
    {
        await using var journey = await app.StartJourneyAsync("05a-operator-agencies");
        var page = journey.Page;
        await journey.SignInAtAsync("/agencies", "operator@demo.careops.cn");

        var codes = page.GetByTestId("agency-table").Locator("tbody tr td:first-child");
        await Expect(codes).ToHaveTextAsync(["R1", "R2", "R3", "R4", "R5", "R6", "R7", "R8"]);
    }

    [Fact]
    public async Task Dispatcher_OpensAgencies_IsRefused()
    {
        await using var journey = await app.StartJourneyAsync("05b-dispatcher-agencies-denied");
        var page = journey.Page;
        await journey.SignInAtAsync("/clients", "r1.dispatcher@demo.careops.cn");

        // Not in the menu, and typing the address does not help either.
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = app.Zh["Nav.Agencies"], Exact = true })).ToHaveCountAsync(0);
        await page.GotoAsync("/agencies");

        // Either the router's denied view at /agencies or the cookie handler's redirect to /denied: both refuse.
        await Expect(page.GetByTestId("denied")).ToHaveTextAsync(app.Zh["Denied.Text"]);
        await Expect(page.GetByTestId("agency-table")).ToHaveCountAsync(0);
        await Expect(page).ToHaveURLAsync(new Regex("/(agencies|denied\\?ReturnUrl=%2Fagencies)$"));
    }

    [Fact]
    public async Task Finance_FiveWrongPasswords_AccountLockedEvenForRightPassword()
    {
        // R8's finance user: no other journey signs in as them, so the lockout touches nothing else.
        const string email = "r8.finance@demo.careops.cn";
        await using var journey = await app.StartJourneyAsync("06-lockout");
        var page = journey.Page;
        var error = page.GetByTestId("login-error");

        for (var attempt = 1; attempt <= 5; attempt++)
        {
            // A fresh form each time, so the URL the post redirects to (with its error) is a real change to wait for.
            await page.GotoAsync("/login");
            await Expect(error).ToHaveCountAsync(0);
            await journey.SubmitLoginAsync(email, "wrong-password-" + attempt);
            await Expect(page).ToHaveURLAsync(new Regex("/login\\?error=failed&"));

            // One sentence for every failure (it mentions the lockout): the page must not tell which emails exist.
            await Expect(error).ToHaveTextAsync(app.Zh["Login.Failed"]);
        }

        await page.GotoAsync("/login");
        await journey.SubmitLoginAsync(email, CareOpsApp.DemoPassword);
        await Expect(page).ToHaveURLAsync(new Regex("/login\\?error=failed&"));
        await Expect(error).ToHaveTextAsync(app.Zh["Login.Failed"]);

        // Still signed out: the right password did not issue the sign-in cookie.
        var cookies = await journey.Context.CookiesAsync();
        Assert.DoesNotContain(cookies, cookie => cookie.Name.StartsWith("careops.auth", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Caregiver_SignsIn_SeesOwnScheduleButNotClients()
    {
        await using var journey = await app.StartJourneyAsync("07-caregiver-menu");
        var page = journey.Page;

        // Her home is her day: signing in at "/" lands on her schedule, not on the agency's counts.
        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(new Regex("/login\\?"));
        await journey.SubmitLoginAsync("r1.cg01@demo.careops.cn", CareOpsApp.DemoPassword);
        await Expect(page).ToHaveURLAsync(new Regex("/my/schedule$"));

        // Her pages are the phone's (ADR 0011): her name in the bar, no office menu, no way to the clients.
        await Expect(page.GetByTestId("user-name")).ToBeVisibleAsync();
        await Expect(page.Locator(".mud-navmenu")).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = app.Zh["Nav.Clients"], Exact = true })).ToHaveCountAsync(0);
        await Expect(page.GetByText(app.Zh["Nav.Clients"], new() { Exact = true })).ToHaveCountAsync(0);

        // The client list is not hers even by its address.
        await page.GotoAsync("/clients");
        await Expect(page.GetByTestId("denied")).ToBeVisibleAsync();

        // The bar's name of the app takes her back to her day.
        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(new Regex("/my/schedule$"));
        await page.Locator(".phone-bar .phone-app").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/my/schedule$"));
        await Expect(page).ToHaveTitleAsync(new Regex($"^{Regex.Escape(app.Zh["Nav.MySchedule"])}"));
    }
}
