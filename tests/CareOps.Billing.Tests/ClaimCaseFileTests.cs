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

    [Fact]
    public async Task FamilyCare_TrainedOnThe10th_PaysTheRelativeFromThatDay()
    {
        // Family care all February, two 90-minute visits every week: agency 780 × 28/28 = 780.00; relative 500.00 paid,
        // days 1–9 before her training deducted: 500 × 9/28 = 160.714… → −160.71. Fund 780 + 500 − 160.71 = 1 119.29.
        var (code, output, _) = await RunAsync("family-care-training.json");

        Assert.Equal(0, code);
        Assert.Equal(1119.29m, output!.Value.GetProperty("fundTotal").GetDecimal());
        Assert.Equal([("Package", 780.00m), ("FamilyCare", 500.00m), ("FamilyCareUntrained", -160.71m)], Lines(output.Value));
        Assert.Equal("FamilyCaregiver", output.Value.GetProperty("lines")[2].GetProperty("payee").GetString());
        Assert.Contains("于 2027-02-10 完成护理实践培训", output.Value.GetRawText());
    }

    [Fact]
    public async Task FamilyCare_FromThe15th_PaysEachModeForItsDays()
    {
        // Home care 1–14 Feb: 1 280 × 14/28 = 640.00 (three visits in weeks 1 and 2); family care 15–28: agency 780 × 14/28
        // = 390.00 (two visits in weeks 3 and 4), relative (trained on the 12th) 500 × 14/28 = 250.00. Fund 1 280.00.
        var (code, output, _) = await RunAsync("family-care-mode-switch.json");

        Assert.Equal(0, code);
        Assert.Equal(1280.00m, output!.Value.GetProperty("fundTotal").GetDecimal());
        Assert.Equal([("Package", 640.00m), ("Package", 390.00m), ("FamilyCare", 250.00m)], Lines(output.Value));
    }

    [Fact]
    public async Task Devices_TwoRentals_AreTheirOwnLinesWithFundAndClientShares()
    {
        // Jining (care benefits not modelled: package 0.00). Bed all month: 180.00 → fund 70 % = 126.00, client 54.00.
        // Mattress 15–28 Feb = 14 days: 40 × 14/28 = 20.00 → fund 28 × 14/28 = 14.00, client 6.00.
        var (code, output, _) = await RunAsync("devices-jining.json");

        Assert.Equal(0, code);
        Assert.Equal(
            [("Package", 0.00m), ("DeviceRental", 126.00m), ("DeviceRentalCoPayment", 54.00m), ("DeviceRental", 14.00m), ("DeviceRentalCoPayment", 6.00m)],
            Lines(output!.Value));
        Assert.Equal((140.00m, 60.00m), (output.Value.GetProperty("fundTotal").GetDecimal(), output.Value.GetProperty("clientTotal").GetDecimal()));
    }

    [Fact]
    public async Task Devices_UnknownCode_ExitsTwoNamingIt()
    {
        var (code, output, error) = await RunAsync("device-unknown.json");

        Assert.Equal(
            "Client 孔大爷: device WALKER is not in the device list of policy jining v1 (BED-ELECTRIC, WHEELCHAIR-MANUAL, WHEELCHAIR-MULTI, TRANSFER-LIFT, MATTRESS-STATIC).",
            OneSentence(code, output, error));
    }

    [Fact]
    public async Task Devices_RentalEndingBeforeItStarts_ExitsTwo()
    {
        var (code, output, error) = await RunAsync("rental-reversed.json");

        Assert.Equal("Client 孔大爷: the rental of BED-ELECTRIC from 2027-02-10 until 2027-02-09 ends before it starts.", OneSentence(code, output, error));
    }

    [Fact]
    public async Task FamilyCaregiver_InvalidResidentId_ExitsTwoWithTheIdMasked()
    {
        var (code, output, error) = await RunAsync("family-caregiver-bad-id.json");

        Assert.Equal(
            "Client 周阿公: the family caregiver's resident ID 330***********8816 is not a valid 18-character ID (length, birth date or check character).",
            OneSentence(code, output, error));
    }
}
