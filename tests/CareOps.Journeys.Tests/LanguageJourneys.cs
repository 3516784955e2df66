using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CareOps.Journeys.Tests;

/// <summary>Chinese by default; English only by an explicit choice, and back.</summary>
[Collection(JourneyCollection.Name)]
public sealed class LanguageJourneys(CareOpsApp app)
{
    [Fact]
    public async Task Dispatcher_SwitchesLanguage_SeesEnglishThenChineseAgain()
    {
        await using var journey = await app.StartJourneyAsync("04-language-switch");
        var page = journey.Page;
        await journey.SignInAtAsync("/clients", "r1.dispatcher@demo.careops.cn");
        await ExpectClientsPageIn(page, app.Zh, "zh-CN");

        // The link the language menu builds, typed directly.
        await page.GotoAsync("/account/culture?culture=en&redirectUri=/clients");
        await Expect(page).ToHaveURLAsync(new Regex("/clients$"));
        await ExpectClientsPageIn(page, app.En, "en");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = app.Zh["Nav.Clients"] })).ToHaveCountAsync(0);

        // Back through the menu in the app bar, as a user would.
        await journey.WaitForInteractiveAsync("[data-testid=language] button");
        await page.GetByTestId("language").GetByRole(AriaRole.Button).ClickAsync();
        await page.GetByText("简体中文", new() { Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/clients$"));
        await ExpectClientsPageIn(page, app.Zh, "zh-CN");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = app.En["Nav.Clients"] })).ToHaveCountAsync(0);
    }

    private static async Task ExpectClientsPageIn(IPage page, UiText text, string lang)
    {
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", lang);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = text["Nav.Clients"], Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = text["Nav.Caregivers"], Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByLabel(text["Clients.Search"], new() { Exact = true })).ToBeVisibleAsync();
    }
}
