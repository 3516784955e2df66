using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CareOps.Journeys.Tests;

/// <summary>
/// Issue 8: signing out in one tab ends the user's other open tabs (their circuits) within seconds, a copied cookie
/// stops working, and the app runs under its Content-Security-Policy without the browser refusing anything.
/// </summary>
[Collection(JourneyCollection.Name)]
public sealed class SessionJourneys(CareOpsApp app)
{
    /// <summary>How soon the other tab must be signed out: pushed, not at the next periodic check (a minute).</summary>
    private static readonly LocatorAssertionsToBeVisibleOptions WithinSeconds = new() { Timeout = 10_000 };

    [Fact]
    public async Task Dispatcher_SignsOutInOneTab_OtherTabLandsOnLogin()
    {
        await using var journey = await app.StartJourneyAsync("08a-sign-out-two-tabs");
        var first = journey.Page;
        await journey.SignInAtAsync("/clients", "r3.dispatcher@demo.careops.cn");

        // The second tab of the same browser: same cookie, its own circuit, showing clients.
        var second = await journey.Context.NewPageAsync();
        await second.GotoAsync("/clients");
        await Expect(ClientRows(second).First).ToBeVisibleAsync();
        await journey.WaitForInteractiveAsync("[data-testid=client-search]");
        await WaitForInteractiveAsync(second, "[data-testid=client-search]");

        await first.GetByRole(AriaRole.Button, new() { Name = app.Zh["Nav.SignOut"] }).ClickAsync();
        // Either the post's redirect or this tab's own circuit (told too) brings it to the login form.
        await Expect(first.Locator("#email")).ToBeVisibleAsync();

        // Untouched since: the circuit itself is told, and the page gives way to the login form.
        await Expect(second.Locator("#email")).ToBeVisibleAsync(WithinSeconds);
        await Expect(second).ToHaveURLAsync(new Regex("/login\\?returnUrl=%2Fclients$"));
        await Expect(ClientRows(second)).ToHaveCountAsync(0);
        Assert.Empty(journey.CspViolations);
    }

    [Fact]
    public async Task Dispatcher_SignsOut_CopiedCookieInAnotherBrowserStopsWorking()
    {
        await using var owner = await app.StartJourneyAsync("08b-sign-out-owner");
        await owner.SignInAtAsync("/clients", "r4.admin@demo.careops.cn");

        // Another browser holding a copy of the cookie (a shared computer, a stolen cookie), with a circuit open.
        await using var copy = await app.StartJourneyAsync("08b-sign-out-copied-cookie");
        await copy.Context.AddCookiesAsync((await owner.Context.CookiesAsync()).Select(c => new Cookie
        {
            Name = c.Name,
            Value = c.Value,
            Domain = c.Domain,
            Path = c.Path,
            HttpOnly = c.HttpOnly,
            Secure = c.Secure,
            SameSite = c.SameSite,
        }));
        await copy.Page.GotoAsync("/clients");
        await Expect(ClientRows(copy.Page).First).ToBeVisibleAsync();
        await copy.WaitForInteractiveAsync("[data-testid=client-search]");

        await owner.Page.GetByRole(AriaRole.Button, new() { Name = app.Zh["Nav.SignOut"] }).ClickAsync();
        await Expect(owner.Page.Locator("#email")).ToBeVisibleAsync();

        // The copy's circuit ends, and its cookie (still in that browser) no longer opens any page.
        await Expect(copy.Page.Locator("#email")).ToBeVisibleAsync(WithinSeconds);
        await copy.Page.GotoAsync("/clients");
        await Expect(copy.Page).ToHaveURLAsync(new Regex("/login\\?"));
        await Expect(ClientRows(copy.Page)).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Admin_OpensEveryMenuPage_BrowserRefusesNothingUnderThePolicy()
    {
        await using var journey = await app.StartJourneyAsync("08c-content-security-policy");
        var page = journey.Page;
        await journey.SignInAtAsync("/", "r5.admin@demo.careops.cn");

        foreach (var path in new[] { "/", "/clients", "/caregivers", "/billing", "/geography", "/ferries", "/catalogue" })
        {
            var response = await page.GotoAsync(path);
            Assert.Equal(200, response?.Status);
            Assert.Contains("script-src 'self' 'nonce-", await response!.HeaderValueAsync("content-security-policy") ?? "");

            // Interactive means blazor.web.js ran, its import map was accepted and the circuit's socket connected.
            await journey.WaitForInteractiveAsync("[data-testid=language] button");
        }

        Assert.Empty(journey.CspViolations);
    }

    private static ILocator ClientRows(IPage page) =>
        page.GetByTestId("client-grid").Locator("tbody tr td:first-child a[href^='/clients/']");

    /// <summary><see cref="Journey.WaitForInteractiveAsync"/> for a second tab of the journey.</summary>
    private static async Task WaitForInteractiveAsync(IPage page, string cssSelector) =>
        await page.WaitForFunctionAsync(
            """
            selector => {
                const element = document.querySelector(selector);
                return !!element && Object.keys(element).some(key => key.startsWith('_blazorEvents_'));
            }
            """,
            cssSelector);
}
