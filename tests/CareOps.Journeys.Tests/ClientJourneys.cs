using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CareOps.Journeys.Tests;

/// <summary>A dispatcher's work on the clients of their own agency, and nothing of another agency's.</summary>
[Collection(JourneyCollection.Name)]
public sealed partial class ClientJourneys(CareOpsApp app)
{
    private const string R1Dispatcher = "r1.dispatcher@demo.careops.cn";
    private const string R2Dispatcher = "r2.dispatcher@demo.careops.cn";

    [Fact]
    public async Task Dispatcher_SignsInAndSearchesClients_OpensClientWithMaskedResidentId()
    {
        await using var journey = await app.StartJourneyAsync("01-dispatcher-search-client");
        var page = journey.Page;

        await journey.SignInAtAsync("/clients", R1Dispatcher);

        // The grid loads after the circuit starts (the prerendered page says 0): 600 means interactive and loaded.
        var total = page.GetByTestId("client-total");
        await Expect(total).ToHaveTextAsync(app.Zh.Format("Clients.Total", 600));
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");

        var names = NameLinks(page);
        var name = (await names.Nth(2).InnerTextAsync()).Trim();
        Assert.NotEmpty(name);

        var search = page.GetByTestId("client-search");
        await journey.WaitForInteractiveAsync("[data-testid=client-search]");
        await search.FillAsync(name);

        // Narrowed: fewer than 600, at least the one we picked, and every row carries the name.
        await Expect(total).Not.ToHaveTextAsync(app.Zh.Format("Clients.Total", 600));
        var narrowed = ParseTotal(await total.InnerTextAsync());
        Assert.InRange(narrowed, 1, 599);
        var shown = await names.AllInnerTextsAsync();
        Assert.Equal(Math.Min(narrowed, 25), shown.Count);
        Assert.All(shown, shownName => Assert.Contains(name, shownName));

        var link = names.Filter(new() { HasTextRegex = new Regex($"^\\s*{Regex.Escape(name)}\\s*$") }).First;
        var href = await link.GetAttributeAsync("href");
        await link.ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex($"{Regex.Escape(href!)}$"));
        Assert.Matches(GuidPath(), href);
        await Expect(page.GetByTestId("client-name")).ToHaveTextAsync(name);

        // Masked: 3 + 11 stars + 4 of the 18 characters; the full number needs an explicit reveal.
        await Expect(page.GetByTestId("resident-id")).ToHaveTextAsync(new Regex(@"^\d{3}\*{11}[\dX]{3}[\dX]$"));
    }

    [Fact]
    public async Task Dispatcher_OpensClientOfAnotherAgency_SeesNotFoundAndNothingOfIt()
    {
        // Another agency's real client: R2's dispatcher reads one from their own list.
        string href;
        string r2Name;
        await using (var r2 = await app.StartJourneyAsync("02a-r2-dispatcher-list"))
        {
            await r2.SignInAtAsync("/clients", R2Dispatcher);

            // Rows come only after the circuit has started (the prerendered grid is empty): the locator waits for them.
            var first = NameLinks(r2.Page).First;
            href = await first.GetAttributeAsync("href") ?? throw new InvalidOperationException("A client link without href.");
            r2Name = (await first.InnerTextAsync()).Trim();
            Assert.Matches(GuidPath(), href);
        }

        await using var journey = await app.StartJourneyAsync("02-r1-dispatcher-opens-r2-client");
        var page = journey.Page;
        await journey.SignInAtAsync("/clients", R1Dispatcher);

        var response = await page.GotoAsync(href);

        // Looks exactly like a client that does not exist: a 404 and the not-found page, no name, no ID.
        Assert.Equal(404, response?.Status);
        await Expect(page.GetByTestId("not-found")).ToHaveTextAsync(app.Zh["NotFound.Text"]);
        await Expect(page.GetByTestId("client-name")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("resident-id")).ToHaveCountAsync(0);
        await Expect(page.Locator("body")).Not.ToContainTextAsync(r2Name);
    }

    [Fact]
    public async Task Dispatcher_EditsClient_InvalidResidentIdRefusedAndValidPhoneSaved()
    {
        await using var journey = await app.StartJourneyAsync("03-dispatcher-edits-client");
        var page = journey.Page;
        await journey.SignInAtAsync("/clients", R1Dispatcher);

        // A client further down the first page than journey 1 uses, so the two never meet.
        var detail = await NameLinks(page).Nth(7).GetAttributeAsync("href") ?? throw new InvalidOperationException("A client link without href.");
        var edit = detail + "/edit";

        await page.GotoAsync(edit);
        var residentId = page.GetByTestId("f-resident-id");
        await journey.WaitForInteractiveAsync("[data-testid=f-resident-id]");
        var original = await residentId.InputValueAsync();
        Assert.Matches(@"^\d{17}[\dX]$", original);
        var originalPhone = await page.GetByLabel(app.Zh["Client.Phone"], new() { Exact = true }).InputValueAsync();

        // One digit of the sequence number (not the birth date) changed: only the check character can catch it.
        var mistyped = string.Concat(original.AsSpan(0, 15), ((original[15] - '0' + 1) % 10).ToString(CultureInfo.InvariantCulture), original.AsSpan(16));
        await residentId.FillAsync(mistyped);
        await residentId.PressAsync("Tab");
        await page.GetByTestId("save").ClickAsync();

        // The sentence sits under the field itself (its input control), and the form says nothing was saved.
        var field = page.Locator(".mud-input-control").Filter(new() { Has = page.Locator("[data-testid=f-resident-id]") });
        await Expect(field.Locator(".mud-input-helper-text")).ToHaveTextAsync(app.Zh["Error.ResidentId.CheckCharacter"]);
        await Expect(page.GetByTestId("form-error")).ToHaveTextAsync(app.Zh["Common.FixErrors"]);
        await Expect(page).ToHaveURLAsync(new Regex($"{Regex.Escape(edit)}$"));

        // Reloaded from the database: still the original number, shown in full after the reveal click.
        await page.GotoAsync(detail);
        var shownId = page.GetByTestId("resident-id");
        await Expect(shownId).ToHaveTextAsync(Mask(original));
        var reveal = $"button[aria-label=\"{app.Zh["Client.Reveal"]}\"]";
        await journey.WaitForInteractiveAsync(reveal);
        await page.Locator(reveal).ClickAsync();
        await Expect(shownId).ToHaveTextAsync(original);

        // A valid change goes through and shows on the detail page, also after a reload.
        await page.GotoAsync(edit);
        await journey.WaitForInteractiveAsync("[data-testid=f-resident-id]");
        var phoneField = page.GetByLabel(app.Zh["Client.Phone"], new() { Exact = true });
        await Expect(phoneField).ToHaveValueAsync(originalPhone);
        var newPhone = originalPhone == "0580-2612345" ? "0580-2654321" : "0580-2612345";
        await phoneField.FillAsync(newPhone);
        await phoneField.PressAsync("Tab");
        await page.GetByTestId("save").ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex($"{Regex.Escape(detail)}$"));
        await Expect(page.GetByText(app.Zh["Common.Saved"])).ToBeVisibleAsync();
        await Expect(DetailValue(page, app.Zh["Client.Phone"])).ToHaveTextAsync(newPhone);

        await page.ReloadAsync();
        await Expect(DetailValue(page, app.Zh["Client.Phone"])).ToHaveTextAsync(newPhone);
        await Expect(page.GetByTestId("resident-id")).ToHaveTextAsync(Mask(original));
    }

    /// <summary>The name links of the clients grid (each opens /clients/{id}).</summary>
    private static ILocator NameLinks(IPage page) =>
        page.GetByTestId("client-grid").Locator("tbody tr td:first-child a[href^='/clients/']");

    /// <summary>The value cell beside a label in the detail page's tables.</summary>
    private static ILocator DetailValue(IPage page, string label) =>
        page.Locator("tr").Filter(new() { Has = page.Locator("th", new() { HasTextRegex = new Regex($"^\\s*{Regex.Escape(label)}\\s*$") }) }).Locator("td");

    private static int ParseTotal(string text) => int.Parse(Digits().Match(text).Value, CultureInfo.InvariantCulture);

    /// <summary>As the app masks (ResidentId.Mask): first 3 and last 4 characters.</summary>
    private static string Mask(string id) => string.Concat(id.AsSpan(0, 3), new string('*', id.Length - 7), id.AsSpan(id.Length - 4));

    [GeneratedRegex(@"\d+")]
    private static partial Regex Digits();

    [GeneratedRegex(@"^/clients/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")]
    private static partial Regex GuidPath();
}
