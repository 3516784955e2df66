using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CareOps.Journeys.Tests;

/// <summary>
/// Issue 9: the dispatcher's week in the app. R6's dispatcher optimizes next week and watches the run to its end,
/// moves one visit (the validator names what an illegal time would break), publishes it, and R6's first caregiver then finds her visits of that week on her schedule.
/// </summary>
[Collection(JourneyCollection.Name)]
public sealed class RosterJourneys(CareOpsApp app)
{
    /// <summary>The run's budget in this journey (the board's default is a minute; the proof is the same).</summary>
    private const int Seconds = 8;

    [Fact]
    public async Task Dispatcher_OptimizesAndPublishesNextWeek_CaregiverSeesHerVisits()
    {
        try
        {
            await OptimizeMovePublishAsync();
        }
        catch (PlaywrightException e)
        {
            // What the app logged explains a failed step (a circuit error shows only as a bar in the page).
            throw new InvalidOperationException(e.Message + "\n--- app output (end) ---\n" + Tail(app.Output, 6000), e);
        }
    }

    private static string Tail(string text, int length) => text.Length <= length ? text : text[^length..];

    private async Task OptimizeMovePublishAsync()
    {
        await using var journey = await app.StartJourneyAsync("09-roster-optimize-publish");
        var page = journey.Page;
        await journey.SignInAtAsync("/roster", "r6.dispatcher@demo.careops.cn");
        await Expect(page.GetByTestId("roster-no-draft")).ToBeVisibleAsync();
        await journey.WaitForInteractiveAsync("[data-testid=roster-optimize]");

        await page.GetByTestId("roster-time-limit").FillAsync(Seconds.ToString(CultureInfo.InvariantCulture));
        await page.GetByTestId("roster-optimize").ClickAsync();

        // Progress moves while it runs (the bar's value and the scheduled count), then reaches the end.
        var progress = page.GetByTestId("roster-progress");
        await Expect(progress).ToHaveAttributeAsync("data-state", new Regex("^(Queued|Running)$"));
        await Expect(page.GetByTestId("roster-cancel")).ToBeVisibleAsync();
        await Expect(progress).ToHaveAttributeAsync("data-state", "Completed", new() { Timeout = 90_000 });
        await Expect(progress).ToHaveAttributeAsync("data-value", "100");

        var scheduled = int.Parse(await page.GetByTestId("roster-kpi-scheduled").InnerTextAsync(), CultureInfo.InvariantCulture);
        var unscheduled = int.Parse(await page.GetByTestId("roster-kpi-unscheduled").InnerTextAsync(), CultureInfo.InvariantCulture);
        Assert.True(scheduled > 500, $"only {scheduled} visits scheduled");
        Assert.Equal(unscheduled, await page.GetByTestId("roster-unscheduled").CountAsync());
        await Expect(page.GetByTestId("roster-visit").First).ToBeVisibleAsync();

        // Her row on the board: how many visits the first caregiver has this week.
        await page.GetByTestId("roster-filter-caregiver").FillAsync("cg01");
        await Expect(page.GetByTestId("roster-row")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("roster-visit").First).ToBeVisibleAsync();
        var hers = await page.GetByTestId("roster-visit").CountAsync();
        Assert.True(hers > 0, "R6's cg01 has no visit in the draft");

        // Move one of her visits: at 06:00 the validator names the broken rules at once; to the best place it is clean.
        await page.GetByTestId("roster-visit").Nth(1).ClickAsync();
        var start = page.GetByTestId("roster-move-start");
        await Expect(page.GetByTestId("move-ok").Or(page.GetByTestId("move-violation").First)).ToBeVisibleAsync();

        // Her day on the map, drawn from our coordinates (no tile server is reachable here).
        await Expect(page.GetByTestId("roster-map")).ToHaveAttributeAsync("data-stops", new Regex("^[1-9]"));
        await Expect(page.Locator("[data-testid=roster-map] .map-stop").First).ToBeVisibleAsync();
        await start.FillAsync("06:00");
        await start.PressAsync("Tab");
        await Expect(page.GetByTestId("move-violation").First).ToBeVisibleAsync();
        await Expect(page.GetByTestId("roster-move")).ToContainTextAsync(app.Zh["Roster.MoveBreaksRules"]);
        await Expect(page.GetByTestId("roster-move-apply")).ToBeDisabledAsync();
        await start.FillAsync("");
        await start.PressAsync("Tab");
        await Expect(page.GetByTestId("move-ok")).ToBeVisibleAsync();
        await page.GetByTestId("roster-move-apply").ClickAsync();
        await Expect(page.GetByTestId("roster-move")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("roster-audit")).ToContainTextAsync(app.Zh["RosterAction.VisitMoved"]);
        await Expect(page.GetByTestId("roster-undo")).ToBeEnabledAsync();
        hers = await page.GetByTestId("roster-visit").CountAsync();

        await page.GetByTestId("roster-publish").ClickAsync();
        await Expect(page.GetByTestId("publish-diff")).ToContainTextAsync(app.Zh.Format("Roster.PublishDiff", scheduled, 0, 0, 0));
        await page.GetByTestId("confirm").ClickAsync();
        await Expect(page.GetByTestId("publish-diff")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("roster-kpis")).ToContainTextAsync(app.Zh.Format("Roster.PublishedV", 1));
        Assert.Empty(journey.CspViolations);

        // The caregiver, on her phone: this week first, then the next, where the published visits are.
        await using var phone = await app.StartJourneyAsync("09-roster-caregiver-next-week", mobile: true);
        await phone.SignInAtAsync("/my/schedule", "r6.cg01@demo.careops.cn");
        await phone.WaitForInteractiveAsync("[data-testid=schedule-next-week]");
        await phone.Page.GetByTestId("schedule-next-week").ClickAsync();
        await Expect(phone.Page).ToHaveURLAsync(new Regex(@"/my/schedule\?week=\d{4}-\d{2}-\d{2}$"));
        await Expect(phone.Page.GetByTestId("schedule-visit")).ToHaveCountAsync(hers);

        // Live: the dispatcher moves one of her visits to 06:00 (overriding, with a reason) and publishes again; her open
        // page changes without a reload.
        await phone.WaitForInteractiveAsync("[data-testid=schedule-next-week]");
        await page.GetByTestId("roster-visit").First.ClickAsync();
        var early = page.GetByTestId("roster-move-start");
        await early.FillAsync("06:00");
        await early.PressAsync("Tab");
        await Expect(page.GetByTestId("move-violation").First).ToBeVisibleAsync();
        await page.GetByTestId("roster-move-override").ClickAsync();
        await page.GetByTestId("roster-move-reason").FillAsync("家属要求早上六点");
        await page.GetByTestId("roster-move-reason").PressAsync("Tab");
        await page.GetByTestId("roster-move-apply").ClickAsync();
        await Expect(page.GetByTestId("roster-audit")).ToContainTextAsync(app.Zh["RosterAction.MoveOverridden"]);
        await page.GetByTestId("roster-publish").ClickAsync();
        await page.GetByTestId("confirm").ClickAsync();
        await Expect(page.GetByTestId("roster-kpis")).ToContainTextAsync(app.Zh.Format("Roster.PublishedV", 2));

        await Expect(phone.Page.GetByTestId("schedule-changed")).ToBeVisibleAsync(new() { Timeout = 10_000 });
        await Expect(phone.Page.GetByTestId("schedule-visit").Filter(new() { HasText = "06:00" })).ToHaveCountAsync(1);
        Assert.Empty(phone.CspViolations);
    }
}
