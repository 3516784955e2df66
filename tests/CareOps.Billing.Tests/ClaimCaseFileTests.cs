using System.Text.Json;
using CareOps.Billing.Cli;
using CareOps.Testing;

namespace CareOps.Billing.Tests;

/// <summary>
/// The cases of docs/claim-format.md, written as files from the document alone (tests/CareOps.Billing.Tests/Cases), run
/// through the CLI: each gives the documented answer and exit code. Amounts by hand in the comments.
/// </summary>
public sealed class ClaimCaseFileTests
{
    private static async Task<(int Code, JsonElement? Output, string Error)> RunAsync(string caseFile)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await ClaimCommand.RunAsync(["claim", "--input", Repo.Path("tests", "CareOps.Billing.Tests", "Cases", caseFile)], output, error);
        var text = output.ToString();
        return (code, text.Length == 0 ? null : JsonDocument.Parse(text).RootElement.Clone(), error.ToString());
    }

    private static IEnumerable<(string Reason, decimal Amount)> Lines(JsonElement output) =>
        output.GetProperty("lines").EnumerateArray().Select(l => (l.GetProperty("reason").GetString()!, l.GetProperty("amount").GetDecimal()));

    /// <summary>One sentence on standard error, nothing on standard output.</summary>
    private static string OneSentence(int code, JsonElement? output, string error)
    {
        Assert.Equal(2, code);
        Assert.Null(output);
        var sentence = error.TrimEnd('\n', '\r');
        Assert.DoesNotContain('\n', sentence);
        Assert.EndsWith(".", sentence);
        return sentence;
    }

    [Fact]
    public async Task EligibilityWindow_PaysTheInclusiveWindowOnly()
    {
        // Eligible 8–21 Feb inclusive = 14 days: 1 280 × 14/28 = 640.00. Weeks 1 and 4 have no payable day, so no standard;
        // weeks 2 and 3 have their 3 visits. The 3 Feb visit is outside the window: noted, not counted. 28 − 14 = 14 days
        // in care outside the window: the NotEligible note.
        var (code, output, _) = await RunAsync("eligibility-window.json");

        Assert.Equal(0, code);
        Assert.Equal(14, output!.Value.GetProperty("activeDays").GetInt32());
        Assert.Equal(640.00m, output.Value.GetProperty("fundTotal").GetDecimal());
        Assert.Equal([("Package", 640.00m), ("VisitNotCounted.NotActive", 0.00m), ("NotEligible", 0.00m)], Lines(output.Value));
        Assert.Contains("本月有 14 天不在失能评估的有效期内", output.Value.GetRawText());
    }

    [Fact]
    public async Task DayOfDeath_IsNotPaidAndItsVisitDoesNotCount()
    {
        // Deceased from 17 Feb: 16 days in care → 1 280 × 16/28 = 731.428… → 731.43. Week 3 (15–21) has 2 active days:
        // 3 × 2/7 = 0.86 → 1 required, met by the 15 Feb visit; d8 on the day of death is noted.
        var (code, output, _) = await RunAsync("day-of-death.json");

        Assert.Equal(0, code);
        Assert.Equal(16, output!.Value.GetProperty("activeDays").GetInt32());
        Assert.Equal(731.43m, output.Value.GetProperty("fundTotal").GetDecimal());
        Assert.Equal([("Package", 731.43m), ("VisitNotCounted.NotActive", 0.00m)], Lines(output.Value));
        Assert.Equal("d8", output.Value.GetProperty("lines")[1].GetProperty("visitIds")[0].GetString());
    }

    [Fact]
    public async Task StatusOverlap_ExitsTwoNamingBothPeriods()
    {
        var (code, output, error) = await RunAsync("status-overlap.json");

        Assert.Equal(
            "Client 张阿婆: the status periods Active 2026-01-01–(ongoing) and InHospital 2027-02-10–2027-02-12 overlap; a day has one status.",
            OneSentence(code, output, error));
    }

    [Fact]
    public async Task CheckOutBeforeCheckIn_ExitsTwoNamingTheVisit()
    {
        var (code, output, error) = await RunAsync("checkout-before-checkin.json");

        Assert.Equal("Client 张阿婆: visit v2 on 2027-02-03 checks out at 09:30, not after its check-in at 10:00.", OneSentence(code, output, error));
    }

    [Fact]
    public async Task OvernightVisit_WithCheckOutDate_Counts()
    {
        // n1: 23:30 → 00:40 on 2 Feb = 70 min ≥ 60, so week 1 has its 3 visits: the full 1 280.00 and no note.
        var (code, output, _) = await RunAsync("overnight-visit.json");

        Assert.Equal(0, code);
        Assert.Equal([("Package", 1280.00m)], Lines(output!.Value));
    }

    [Fact]
    public async Task TopUps_GiveEachPayersInvoiceBesideTheFundLines()
    {
        // Fund: 3 visits every week, 28/28 days → 1 280.00. Top-ups (Zhoushan policy v1):
        //   舟惠保: 32 ÷ 64 = 0.5 h owed, 0.25 h delivered → 0.25 × 64 = 16.00 (0.25 h still owed);
        //   social assistance: 120 delivered ≤ 400 → 120.00;
        //   长护安心保 from 2026-11-20 + 90 days = 2027-02-18 → 18–28 Feb = 11 days × 20 = 220.00 (≤ 500 cap);
        //   family: 2 extra visits × 60 = 120.00 (Zhoushan has no co-payment).
        var (code, output, _) = await RunAsync("topups-zhoushan.json");

        Assert.Equal(0, code);
        Assert.Equal(1280.00m, output!.Value.GetProperty("fundTotal").GetDecimal());
        var invoices = output.Value.GetProperty("topUps").EnumerateArray()
            .Select(i => (i.GetProperty("payer").GetString(), i.GetProperty("payerName").GetString(), i.GetProperty("total").GetDecimal()))
            .ToList();
        Assert.Equal(
            [("ZhuhuibaoInsurer", "舟惠保承保公司", 16.00m), ("CivilAffairs", "民政部门（社会救助）", 120.00m), ("CommercialInsurer", "长护安心保", 220.00m), ("Family", "张阿婆", 120.00m)],
            invoices);
        Assert.Contains("尚欠 0.25 小时服务", output.Value.GetRawText());
    }
}
