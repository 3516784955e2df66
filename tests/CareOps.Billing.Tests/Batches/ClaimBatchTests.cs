using System.Text;
using System.Text.Json;
using CareOps.Billing.Batches;
using CareOps.Billing.Claims;
using CareOps.Billing.Policies;
using CareOps.Billing.Tests.Claims;
using MiniExcelLibs;

namespace CareOps.Billing.Tests.Batches;

public sealed class ClaimBatchTests
{
    private static readonly DateTimeOffset Noon = new(2027, 3, 5, 4, 0, 0, TimeSpan.Zero);

    /// <summary>Two clients in Feb 2027: one meets the standard (1 280.00), one misses week 2 (960.00).</summary>
    private static ClaimBatch TwoClients()
    {
        var full = new CaseBuilder("zhoushan", CareMode.Home, CaseBuilder.Feb2027).ThreeAWeek().Calculate() with { ClientId = "c1" };
        var gap = new CaseBuilder("zhoushan", CareMode.Home, CaseBuilder.Feb2027).Visits(60, 1, 3, 5, 8, 10, 15, 17, 19, 22, 24, 26).Calculate() with { ClientId = "c2" };
        return ClaimBatch.Draft(Guid.NewGuid(), "R1", CaseBuilder.Feb2027, [(full, "张阿婆"), (gap, "李大爷")]);
    }

    [Fact]
    public void Draft_NumbersLinesAndTotalsTheFund()
    {
        var batch = TwoClients();

        // 1 280.00 + (1 280.00 − 320.00) = 2 240.00
        Assert.Equal(2240.00m, batch.FundTotal);
        Assert.Equal(Enumerable.Range(1, batch.Lines.Count), batch.Lines.Select(l => l.LineNo));
        Assert.Equal(BatchState.Draft, batch.State);
    }

    [Fact]
    public void Lifecycle_ValidateSubmitAcceptPay()
    {
        var batch = TwoClients();

        Assert.Empty(batch.Validate());
        batch.Submit(Noon);
        var reconciliation = batch.ApplyResponse(AllAccepted(batch));
        batch.MarkPaid(Noon.AddDays(20));

        Assert.True(reconciliation.Applied);
        Assert.Equal(2240.00m, reconciliation.Accepted);
        Assert.Equal(BatchState.Paid, batch.State);
    }

    [Fact]
    public void Submitted_IsImmutable_AndCorrectionIsANewVersion()
    {
        var batch = TwoClients();
        batch.Validate();
        batch.Submit(Noon);
        var controlSum = batch.ControlSum;

        Assert.Throws<BatchStateException>(() => batch.ReplaceLines([]));
        Assert.Throws<BatchStateException>(() => batch.Validate());
        var correction = batch.Correct(Guid.NewGuid());

        Assert.Equal((2, batch.Id, BatchState.Draft), (correction.Version, correction.Supersedes!.Value, correction.State));
        Assert.Equal(controlSum, batch.ControlSum);
        Assert.Equal(batch.Lines.Count, correction.Lines.Count);
    }

    [Fact]
    public void Draft_CannotBeCorrectedOnlyEdited() =>
        Assert.Throws<BatchStateException>(() => TwoClients().Correct(Guid.NewGuid()));

    [Fact]
    public void Validate_NegativeNetForAClient_IsRefusedAndStaysDraft()
    {
        var batch = TwoClients();
        batch.ReplaceLines([.. batch.Lines, new BatchLine { LineNo = 99, ClientId = "c1", Kind = LineKind.Deduction, Payer = Payer.Fund, Payee = Payee.Agency, Amount = -5000m, Reason = "Manual" }]);

        var problems = batch.Validate();

        Assert.Contains(problems, p => p.Code == BillingCode.BatchNetNegative && p.Args.Contains("c1"));
        Assert.Equal(BatchState.Draft, batch.State);
    }

    [Fact]
    public void Response_PartialRejection_ReconcilesClaimedAgainstAccepted()
    {
        var batch = TwoClients();
        batch.Validate();
        batch.Submit(Noon);
        var c1Package = batch.Lines.Single(l => l.ClientId == "c1" && l.Reason == "Package");
        var csv = "line_no,client_id,result,reason\n" + string.Concat(batch.Lines.Select(l => l == c1Package
            ? $"{l.LineNo},{l.ClientId},拒付,评估已过期\n"
            : $"{l.LineNo},{l.ClientId},通过,\n"));

        var reconciliation = batch.ApplyResponse(BatchFiles.ReadResponse(new MemoryStream(Encoding.UTF8.GetBytes(csv))));

        // claimed 2 240.00, c1's 1 280.00 rejected → accepted 960.00
        Assert.Equal(BatchState.PartiallyRejected, batch.State);
        Assert.Equal((2240.00m, 960.00m, 1280.00m), (reconciliation.Claimed, reconciliation.Accepted, reconciliation.Rejected));
        Assert.Equal("评估已过期", Assert.Single(reconciliation.RejectedLines).RejectionReason);
    }

    [Fact]
    public void Response_ForALineNotInTheBatch_ChangesNothing()
    {
        var batch = TwoClients();
        batch.Validate();
        batch.Submit(Noon);

        var reconciliation = batch.ApplyResponse([new ResponseLine(1, "someone-else", LineOutcome.Rejected, "?")]);

        Assert.False(reconciliation.Applied);
        Assert.Equal(BatchState.Submitted, batch.State);
        Assert.All(batch.Lines, l => Assert.Null(l.Outcome));
    }

    [Fact]
    public void Response_TruncatedOrRepeated_IsRefusedWithTheLinesNamed()
    {
        var batch = TwoClients();
        batch.Validate();
        batch.Submit(Noon);
        var all = AllAccepted(batch);

        var truncated = batch.ApplyResponse(all.Take(1).ToList());
        var repeated = batch.ApplyResponse([.. all, all[0]]);

        Assert.False(truncated.Applied);
        Assert.Contains(truncated.Problems, p => p.Code == BillingCode.ResponseMissingLine);
        Assert.Contains(repeated.Problems, p => p.Code == BillingCode.ResponseLineTwice);
        Assert.Equal(BatchState.Submitted, batch.State);
    }

    [Fact]
    public void Csv_NameStartingWithEquals_CannotRunAsAFormula()
    {
        var full = new CaseBuilder("zhoushan", CareMode.Home, CaseBuilder.Feb2027).ThreeAWeek().Calculate() with { ClientId = "c9" };
        var batch = ClaimBatch.Draft(Guid.NewGuid(), "R1", CaseBuilder.Feb2027, [(full, "=HYPERLINK(\"http://x\")")]);

        var text = Encoding.UTF8.GetString(BatchFiles.ToCsv(batch));

        Assert.Contains("'=HYPERLINK", text);
        Assert.DoesNotContain(",=HYPERLINK", text);
        Assert.Contains(",1280.00,", text);
    }

    private static List<ResponseLine> AllAccepted(ClaimBatch batch) =>
        batch.Lines.Select(l => new ResponseLine(l.LineNo, l.ClientId, LineOutcome.Accepted, null)).ToList();

    [Fact]
    public void Response_UnreadableResult_NamesTheRow()
    {
        var csv = "line_no,client_id,result\n1,c1,maybe\n";

        var error = Assert.Throws<BatchFileException>(() => BatchFiles.ReadResponse(new MemoryStream(Encoding.UTF8.GetBytes(csv))));

        Assert.Equal(new object[] { 1L, "maybe" }, error.Problem.Args); // the first row after the header
        Assert.Equal(BillingCode.ResponseBadResult, error.Problem.Code);
    }

    [Fact]
    public void Response_WithoutALineNoColumn_IsACodeNamingTheColumn()
    {
        var error = Assert.Throws<BatchFileException>(() => BatchFiles.ReadResponse(new MemoryStream(Encoding.UTF8.GetBytes("client_id,result\nc1,ok\n"))));

        Assert.Equal(new BillingProblem(BillingCode.ResponseMissingColumn, "line_no").ToString(), error.Problem.ToString());
    }

    [Fact]
    public void Transition_FromTheWrongState_IsACodeWithTheState()
    {
        var batch = TwoClients();

        var error = Assert.Throws<BatchStateException>(() => batch.Submit(Noon));

        Assert.Equal(BillingCode.BatchCannotSubmit, error.Problem.Code);
        Assert.Equal(BatchState.Draft, Assert.Single(error.Problem.Args));
    }

    [Fact]
    public void Csv_HasBomChineseTotalsAndControlSum()
    {
        var batch = TwoClients();

        var bytes = BatchFiles.ToCsv(batch);
        var text = Encoding.UTF8.GetString(bytes);

        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        Assert.StartsWith("line_no,client_id,client_name", text.TrimStart('\uFEFF'));
        Assert.Contains("张阿婆", text);
        Assert.Contains("-320.00", text);
        Assert.Contains("#fund_total,2240.00", text);
        Assert.Contains($"#control_sum,{batch.ControlSum}", text);
        Assert.StartsWith("224000-", batch.ControlSum);
    }

    [Fact]
    public void ControlSum_ChangesWhenAnAmountChanges()
    {
        var batch = TwoClients();
        var before = batch.ControlSum;

        batch.ReplaceLines(batch.Lines.Select(l => l.LineNo == 1 ? l with { Amount = l.Amount - 0.01m } : l));

        Assert.NotEqual(before, batch.ControlSum);
    }

    [Fact]
    public void Xlsx_RoundTripsLinesAndSummary()
    {
        var batch = TwoClients();

        using var stream = new MemoryStream(BatchFiles.ToXlsx(batch));
        var rows = stream.Query(useHeaderRow: true, sheetName: "lines").Cast<IDictionary<string, object>>().ToList();
        stream.Position = 0;
        var summary = stream.Query(useHeaderRow: true, sheetName: "summary").Cast<IDictionary<string, object>>().ToDictionary(r => (string)r["item"], r => r["value"]);

        Assert.Equal(batch.Lines.Count, rows.Count);
        Assert.Equal(2240.00m, rows.Where(r => (string)r["payer"] == "Fund").Sum(r => Convert.ToDecimal(r["amount"], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(batch.ControlSum, summary["control_sum"]);
        Assert.All(rows.Where(r => (string)r["payer"] == "Fund"), r => Assert.Equal("长护险基金", r["付款方"]));
    }

    [Fact]
    public void Csv_KeepsTheCodes_WithChineseLabelsAfterThem()
    {
        var batch = TwoClients();

        var lines = Encoding.UTF8.GetString(BatchFiles.ToCsv(batch)).TrimStart('\uFEFF').Split("\r\n");

        Assert.StartsWith("line_no,client_id,client_name,kind,payer,payee,amount,reason,explanation,类型,付款方,收款方", lines[0]);
        var benefit = batch.Lines.First(l => l.Kind == LineKind.Benefit && l.Payer == Payer.Fund);
        Assert.EndsWith(",待遇,长护险基金,护理机构", lines[benefit.LineNo]);
    }

    [Fact]
    public void Json_CarriesTotalsAndLines()
    {
        var batch = TwoClients();

        using var json = JsonDocument.Parse(BatchFiles.ToJson(batch));

        Assert.Equal(2240.00m, json.RootElement.GetProperty("fundTotal").GetDecimal());
        Assert.Equal(batch.ControlSum, json.RootElement.GetProperty("controlSum").GetString());
        Assert.Equal(batch.Lines.Count, json.RootElement.GetProperty("lines").GetArrayLength());
    }
}
