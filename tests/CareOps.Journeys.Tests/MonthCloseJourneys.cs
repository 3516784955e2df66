using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

// One app at a time: the history app's optimizer runs would starve the other journeys' circuits on two cores.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace CareOps.Journeys.Tests;

/// <summary>An app of its own that makes R1's demo past on its first start (issue 11: month close on the demo history).</summary>
public sealed class HistoryJourneyApp : CareOpsApp
{
    protected override void Configure(IDictionary<string, string?> environment)
    {
        environment["Demo__History"] = "true";
        environment["Demo__HistoryAgencies"] = "R1";
    }
}

[CollectionDefinition(Name)]
public sealed class HistoryJourneyCollection : ICollectionFixture<HistoryJourneyApp>
{
    public const string Name = "Journeys with history";
}

/// <summary>
/// R1's finance clerk closes last month on the demo's history, as issue 11 asks: readiness → generate → review →
/// submit → export → the fund's response with two rejections → correction → paid.
/// </summary>
[Collection(HistoryJourneyCollection.Name)]
public sealed class MonthCloseJourneys(HistoryJourneyApp app)
{
    private const string Finance = "r1.finance@demo.careops.cn";

    [Fact]
    public async Task Finance_ClosesLastMonth_OnTheHistory_FromReadinessToPaid()
    {
        await using var journey = await app.StartJourneyAsync("month-close");
        var page = journey.Page;
        await journey.SignInAtAsync("/", Finance);

        // The past is being made (R1 only here): the home page shows its progress until it is done.
        await Expect(page.GetByTestId("demo-history")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        var until = DateTime.UtcNow.AddMinutes(6);
        while (await page.GetByTestId("demo-history").CountAsync() > 0)
        {
            Assert.True(DateTime.UtcNow < until, "the demo's history did not finish within 6 minutes\n" + app.Output);
            await page.WaitForTimeoutAsync(3_000);
            await page.ReloadAsync();
        }

        // 1. Readiness of last month (the panel's default month).
        await page.GotoAsync("/billing");
        await journey.WaitForInteractiveAsync("[data-testid=close-generate]");
        await Expect(page.GetByTestId("close-readiness")).ToContainTextAsync(new Regex("\\d"));

        // 2. Generate: the job prices the month; its row appears as a draft.
        await page.GetByTestId("close-generate").ClickAsync();
        var v1 = page.Locator("tr", new() { Has = page.GetByText("v1", new() { Exact = true }) });
        await Expect(v1).ToContainTextAsync(app.Zh["Batch.Draft"], new() { Timeout = 120_000 });
        await Expect(page.GetByTestId("close-progress")).ToHaveCountAsync(0);

        // 3. Review: exceptions grouped by reason, with the engine's Chinese sentences.
        await v1.GetByTestId("close-exceptions-open").ClickAsync();
        await Expect(page.GetByTestId("close-exceptions").Or(page.GetByTestId("close-exceptions-none"))).ToBeVisibleAsync();

        // 4. Validate, submit (asked once).
        await v1.GetByRole(AriaRole.Button, new() { Name = app.Zh["Close.Validate"] }).ClickAsync();
        await v1.GetByTestId("close-submit").ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = app.Zh["Close.Submit"] }).ClickAsync();
        await Expect(v1).ToContainTextAsync(app.Zh["Batch.Submitted"]);

        // 5. Export: a CSV download with the lines, totals and control sum.
        var download = await page.RunAndWaitForDownloadAsync(() => v1.GetByTestId("close-export-csv").ClickAsync());
        var file = Path.Combine(Path.GetTempPath(), $"careops-claim-{Guid.NewGuid():N}.csv");
        await download.SaveAsAsync(file);
        var rows = Csv(await File.ReadAllTextAsync(file, Encoding.UTF8));
        Assert.Equal("line_no", rows[0][0].TrimStart('\uFEFF'));
        Assert.Contains(rows, r => r[0] == "#control_sum");

        // 6. The fund's response: two fund lines of two clients rejected, every other line accepted.
        var lines = rows.Skip(1).Where(r => r.Count > 6 && !r[0].StartsWith('#')).ToList();
        var rejected = lines.Where(r => r[4] == "Fund" && decimal.Parse(r[6], CultureInfo.InvariantCulture) > 0)
            .DistinctBy(r => r[1]).Take(2).Select(r => r[0]).ToHashSet();
        Assert.Equal(2, rejected.Count);
        var response = new StringBuilder("line_no,client_id,result,reason\n");
        foreach (var r in lines)
        {
            response.Append(CultureInfo.InvariantCulture, $"{r[0]},{r[1]},{(rejected.Contains(r[0]) ? "拒付" : "通过")},{(rejected.Contains(r[0]) ? "护理记录不完整" : "")}\n");
        }

        var responseFile = Path.Combine(Path.GetTempPath(), $"careops-response-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(responseFile, response.ToString(), new UTF8Encoding(true));
        await v1.Locator("input[type=file]").SetInputFilesAsync(responseFile);
        await Expect(v1).ToContainTextAsync(app.Zh["Batch.PartiallyRejected"]);

        await v1.GetByTestId("close-outcome-open").ClickAsync();
        await Expect(page.GetByTestId("close-rejected")).ToHaveCountAsync(2);
        await Expect(page.GetByTestId("close-outcome-totals")).ToBeVisibleAsync();

        // 7. The correction: a new version with the two rejected clients only.
        await v1.GetByTestId("close-correction").ClickAsync();
        var v2 = page.Locator("tr", new() { Has = page.GetByText("v2", new() { Exact = true }) });
        await Expect(v2).ToContainTextAsync(app.Zh["Batch.Draft"], new() { Timeout = 120_000 });

        // 8. Paid: the accepted amount arrives and is reconciled against what the fund accepted.
        await v1.GetByTestId("close-mark-paid").ClickAsync();
        await Expect(v1).ToContainTextAsync(app.Zh["Batch.Paid"]);
        await Expect(v1.GetByTestId("close-reconcile")).ToContainTextAsync(app.Zh["Close.PaidAmount"].Split('{')[0]);
        Assert.Empty(journey.CspViolations);
        Assert.DoesNotContain("Unhandled exception rendering component", app.Output, StringComparison.Ordinal);
        File.Delete(file);
        File.Delete(responseFile);
    }

    /// <summary>RFC 4180 records (quoted fields may hold commas, quotes and line breaks).</summary>
    private static List<List<string>> Csv(string text)
    {
        var records = new List<List<string>>();
        var record = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                record.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\n' || c == '\r')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                record.Add(field.ToString());
                field.Clear();
                records.Add(record);
                record = [];
            }
            else
            {
                field.Append(c);
            }
        }

        if (field.Length > 0 || record.Count > 0)
        {
            record.Add(field.ToString());
            records.Add(record);
        }

        return records;
    }
}
