using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CareOps.Journeys.Tests;

/// <summary>One user in one browser context: signs in through the real form and leaves a screenshot behind.</summary>
public sealed class Journey(CareOpsApp app, IBrowserContext context, IPage page, string screenshotName) : IAsyncDisposable
{
    // The first tab is watched from the start (no page has loaded yet), later tabs as they open.
    private readonly List<string> cspViolations = WatchForCspViolations(context, page);

    public IPage Page => page;

    public IBrowserContext Context => context;

    /// <summary>What the browser refused under the Content-Security-Policy, on any page of this journey so far.</summary>
    public IReadOnlyList<string> CspViolations
    {
        get
        {
            lock (cspViolations)
            {
                return [.. cspViolations];
            }
        }
    }

    /// <summary>Opens <paramref name="path"/> signed out, is sent to the login form, signs in there and lands back on it.</summary>
    public async Task SignInAtAsync(string path, string email)
    {
        await page.GotoAsync(path);
        await Expect(page).ToHaveURLAsync(new Regex("/login\\?"));
        await SubmitLoginAsync(email, CareOpsApp.DemoPassword);
        await Expect(page).ToHaveURLAsync(new Regex($"^{Regex.Escape(app.BaseUrl + path)}$"));
    }

    /// <summary>Fills and submits the login form that is on screen; callers wait for the URL the post redirects to.</summary>
    public async Task SubmitLoginAsync(string email, string password)
    {
        await page.Locator("#email").FillAsync(email);
        await page.Locator("#password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = app.Zh["Login.Submit"], Exact = true }).ClickAsync();
    }

    /// <summary>
    /// Waits until Blazor's circuit has taken over <paramref name="cssSelector"/>. Pages are prerendered as static
    /// HTML first and the circuit re-renders them a moment later: typing into, or clicking, the static copy is lost.
    /// Blazor's event delegator marks every element it listens on with an own property "_blazorEvents_N", so its
    /// presence on the element is the one sign that the element now answers.
    /// </summary>
    public async Task WaitForInteractiveAsync(string cssSelector)
    {
        await page.WaitForFunctionAsync(
            """
            selector => {
                const element = document.querySelector(selector);
                return !!element && Object.keys(element).some(key => key.startsWith('_blazorEvents_'));
            }
            """,
            cssSelector);
    }

    /// <summary>The page as a PNG under TestResults/journeys, for humans; taken on failure too.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await page.ScreenshotAsync(new PageScreenshotOptions
            {
                Path = Path.Combine(app.ScreenshotDir, screenshotName + ".png"),
                FullPage = true,
            });
        }
        catch (PlaywrightException)
        {
            // A screenshot of a crashed page must not hide the assertion that failed before it.
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    /// <summary>Collects the console lines in which Chromium reports a Content-Security-Policy violation, from every tab.</summary>
    private static List<string> WatchForCspViolations(IBrowserContext context, IPage first)
    {
        var violations = new List<string>();
        void Watch(IPage watched) =>
            watched.Console += (_, message) =>
            {
                if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
                {
                    lock (violations)
                    {
                        violations.Add(message.Text);
                    }
                }
            };
        Watch(first);
        context.Page += (_, opened) => Watch(opened);
        return violations;
    }
}
