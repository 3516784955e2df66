using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CareOps.Journeys.Tests;

/// <summary>
/// Issue 10: the caregiver's phone. R3's dispatcher publishes this week; R3's first caregiver, on a 390 × 844 phone
/// with an emulated position, checks in at a client's home and ends Verified; checks in 1 km away with a reason and
/// ends Flagged with it (which the dispatcher then accepts in the review queue); and checks out offline, which is
/// synced exactly once when the signal is back. The app's clock is moved forward by the hour of care in between.
/// </summary>
[Collection(JourneyCollection.Name)]
public sealed class VisitJourneys(CareOpsApp app)
{
    private const string Caregiver = "r3.cg01@demo.careops.cn";

    [Fact]
    public async Task Caregiver_ChecksInAndOut_VerifiedFlaggedAndOffline()
    {
        try
        {
            await JourneyAsync();
        }
        catch (PlaywrightException e)
        {
            throw new InvalidOperationException(e.Message + "\n--- app output (end) ---\n" + (app.Output.Length <= 6000 ? app.Output : app.Output[^6000..]), e);
        }
    }

    private sealed record PlannedVisit(string Id, DateTimeOffset Start);

    private async Task JourneyAsync()
    {
        var today = DateOnly.FromDateTime((await app.AppNowAsync()).ToOffset(TimeSpan.FromHours(8)).DateTime);
        await using var office = await app.StartJourneyAsync("10-dispatcher-publishes-this-week");
        await PublishThisWeekAsync(office, today);

        await using var phone = await app.StartJourneyAsync("10-caregiver-visits", mobile: true);
        var page = phone.Page;
        await phone.Context.GrantPermissionsAsync(["geolocation"], new() { Origin = app.BaseUrl });
        await phone.SignInAtAsync("/my/schedule", Caregiver);
        var visits = await TodaysVisitsAsync(page, today);
        Assert.True(visits.Count >= 3, $"r3.cg01 has {visits.Count} visits today; the journey needs 3");

        // 1. At the client's home, on time, an item ticked: Verified.
        var first = await NextAsync(visits);
        var home = await OpenAsync(page, first);
        await phone.Context.SetGeolocationAsync(home);
        await page.GetByTestId("visit-checkin").ClickAsync();
        await Expect(page.GetByTestId("visit-status")).ToHaveAttributeAsync("data-status", "InProgress");
        await app.AdvanceClockAsync(65);
        await page.GetByTestId("visit-item").First.CheckAsync();
        await page.GetByTestId("visit-checkout").ClickAsync();
        await Expect(page.GetByTestId("visit-status")).ToHaveAttributeAsync("data-status", "Verified");

        // 2. A kilometre away: a reason is asked for, then given; the visit ends Flagged with that reason.
        var second = await NextAsync(visits, after: first);
        home = await OpenAsync(page, second);
        await phone.Context.SetGeolocationAsync(new Geolocation { Latitude = (float)(home.Latitude + (1000 / 111_195.0)), Longitude = home.Longitude });
        await page.GetByTestId("visit-checkin").ClickAsync();
        await Expect(page.GetByTestId("visit-message")).ToContainTextAsync(new Regex("超出了 200 米的范围"));
        await Expect(page.GetByTestId("visit-status")).ToHaveAttributeAsync("data-status", "Planned");
        await page.GetByTestId("visit-reason").FillAsync("参保人今天在女儿家");
        await page.GetByTestId("visit-checkin").ClickAsync();
        await Expect(page.GetByTestId("visit-status")).ToHaveAttributeAsync("data-status", "InProgress");
        await app.AdvanceClockAsync(65);
        await page.GetByTestId("visit-item").First.CheckAsync();
        await page.GetByTestId("visit-checkout").ClickAsync();
        await Expect(page.GetByTestId("visit-status")).ToHaveAttributeAsync("data-status", "Flagged");
        await Expect(page.GetByTestId("visit-flags")).ToContainTextAsync(app.Zh["Flag.OutsideGeofence"]);

        // The dispatcher sees it in the review queue with the caregiver's reason, and accepts it with her own.
        await office.Page.GotoAsync("/review");
        await office.WaitForInteractiveAsync("[data-testid=review-accept]");
        var row = office.Page.Locator($"[data-testid=review-row][data-visit-id='{second.Id}']");
        await Expect(row.GetByTestId("review-checkin-reason")).ToContainTextAsync("参保人今天在女儿家");
        await row.GetByTestId("review-accept").ClickAsync();
        await Expect(row.GetByTestId("review-message")).ToContainTextAsync(app.Zh["Review.ReasonNeeded"]);
        await row.Locator("input").First.FillAsync("电话核实：参保人临时住在女儿家");
        await row.Locator("input").First.PressAsync("Tab");
        await row.GetByTestId("review-accept").ClickAsync();
        await Expect(row).ToHaveCountAsync(0);

        // 3. Checked in online; the signal goes; items ticked and checked out on the phone ("待同步"); the signal comes
        //    back and the queue is synced exactly once.
        var third = await NextAsync(visits, after: second);
        home = await OpenAsync(page, third);
        await phone.Context.SetGeolocationAsync(home);
        await page.GetByTestId("visit-checkin").ClickAsync();
        await Expect(page.GetByTestId("visit-status")).ToHaveAttributeAsync("data-status", "InProgress");
        await phone.Context.SetOfflineAsync(true);
        await app.AdvanceClockAsync(65);
        await page.GetByTestId("visit-item").First.CheckAsync();
        await page.GetByTestId("visit-notes").FillAsync("船上没有信号，到家后补传");
        await page.GetByTestId("visit-checkout").ClickAsync();
        await Expect(page.GetByTestId("visit-status")).ToHaveAttributeAsync("data-status", "PendingSync");
        await Expect(page.GetByTestId("visit-status")).ToHaveTextAsync(app.Zh["Phase.PendingSync"]);
        await Expect(page.GetByTestId("visit-pending")).ToBeVisibleAsync();

        // The phone's browser restarts without signal: the page comes from the kept copy, the capture from the queue.
        await page.ReloadAsync();
        await Expect(page.Locator("#visit")).ToHaveAttributeAsync("data-ready", "true");
        await Expect(page.GetByTestId("visit-status")).ToHaveAttributeAsync("data-status", "PendingSync");
        await Expect(page.GetByTestId("visit-notes")).ToHaveValueAsync("船上没有信号，到家后补传");
        await phone.Context.SetOfflineAsync(false);
        await Expect(page.GetByTestId("visit-status")).ToHaveAttributeAsync("data-status", new Regex("^(Verified|Flagged)$"), new() { Timeout = 20_000 });
        await page.ReloadAsync();
        await Expect(page.GetByTestId("visit-history").Locator("li[data-action=CheckOut]")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("visit-history").Locator("li[data-action=CheckIn]")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("visit-notes")).ToHaveValueAsync("船上没有信号，到家后补传");
        Assert.Empty(phone.CspViolations);
        Assert.Empty(office.CspViolations);
    }

    /// <summary>R3's dispatcher optimizes this week on a short budget and publishes it.</summary>
    private async Task PublishThisWeekAsync(Journey office, DateOnly today)
    {
        var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        var path = $"/roster/{monday:yyyy-MM-dd}";
        var page = office.Page;
        await office.SignInAtAsync(path, "r3.dispatcher@demo.careops.cn");
        await office.WaitForInteractiveAsync("[data-testid=roster-optimize]");
        await page.GetByTestId("roster-time-limit").FillAsync("8");
        await page.GetByTestId("roster-optimize").ClickAsync();
        await Expect(page.GetByTestId("roster-progress")).ToHaveAttributeAsync("data-state", "Completed", new() { Timeout = 90_000 });
        await page.GetByTestId("roster-publish").ClickAsync();
        await page.GetByTestId("confirm").ClickAsync();
        await Expect(page.GetByTestId("roster-kpis")).ToContainTextAsync(app.Zh.Format("Roster.PublishedV", 1));
    }

    /// <summary>Her visits today, read through her own API from the links on her schedule, in time order.</summary>
    private static async Task<List<PlannedVisit>> TodaysVisitsAsync(IPage page, DateOnly today)
    {
        await Expect(page.Locator("a[href^='/my/visits/']").First).ToBeAttachedAsync();
        var ids = await page.EvaluateAsync<string[]>("() => [...new Set([...document.querySelectorAll(\"a[href^='/my/visits/']\")].map(a => a.getAttribute('href').split('/').pop()))]");
        var visits = new List<PlannedVisit>();
        foreach (var id in ids)
        {
            var state = await page.EvaluateAsync<JsonElement>("async id => (await fetch('/api/my/visits/' + id)).json()", id);
            if (state.GetProperty("date").GetString() == today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
            {
                var start = TimeOnly.ParseExact(state.GetProperty("plannedStart").GetString()!, "HH:mm", CultureInfo.InvariantCulture);
                visits.Add(new(id, new DateTimeOffset(today.ToDateTime(start), TimeSpan.FromHours(8))));
            }
        }

        return [.. visits.OrderBy(v => v.Start)];
    }

    /// <summary>The next visit that starts after the app's clock (and after the previous one), the clock moved to its start.</summary>
    private async Task<PlannedVisit> NextAsync(List<PlannedVisit> visits, PlannedVisit? after = null)
    {
        var now = await app.AppNowAsync();
        var next = visits.FirstOrDefault(v => v.Start >= now && (after is null || v.Start > after.Start))
            ?? visits.First(v => after is null || v.Start > after.Start);
        var wait = (int)Math.Floor((next.Start - now).TotalMinutes);
        if (wait > 0)
        {
            await app.AdvanceClockAsync(wait);
        }

        return next;
    }

    /// <summary>Opens the visit page and returns the client's home, from the data the page starts from.</summary>
    private static async Task<Geolocation> OpenAsync(IPage page, PlannedVisit visit)
    {
        await page.GotoAsync($"/my/visits/{visit.Id}");
        await Expect(page.Locator("#visit")).ToHaveAttributeAsync("data-ready", "true");
        var data = JsonDocument.Parse(await page.Locator("#visit-data").TextContentAsync() ?? "{}").RootElement.GetProperty("home");
        return new Geolocation { Latitude = (float)data.GetProperty("lat").GetDouble(), Longitude = (float)data.GetProperty("lon").GetDouble(), Accuracy = 10 };
    }
}
