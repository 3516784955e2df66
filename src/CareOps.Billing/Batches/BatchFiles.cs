using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using CareOps.Billing.Claims;
using CareOps.Billing.Policies;
using CsvHelper;
using MiniExcelLibs;

namespace CareOps.Billing.Batches;

/// <summary>
/// The files a batch travels in: CSV (UTF-8 with BOM so Excel shows Chinese), XLSX and JSON, each with the
/// totals and the control sum; and the fund's response file coming back.
/// </summary>
public static class BatchFiles
{
    private static readonly JsonSerializerOptions Json = new(PolicyBook.Json) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The codes the fund reads, then Chinese labels of the codes for the clerks who read the file (after them, so a reader by position is not moved).</summary>
    public static readonly string[] Header = ["line_no", "client_id", "client_name", "kind", "payer", "payee", "amount", "reason", "explanation", "类型", "付款方", "收款方"];

    /// <summary>The Chinese label of a line's code (kind, payer, payee) as people read it beside the code.</summary>
    public static string LabelZh(object code) => code switch
    {
        LineKind.Benefit => "待遇",
        LineKind.Deduction => "扣减",
        LineKind.CoPayment => "个人自付",
        LineKind.Note => "说明",
        Payer.Fund => "长护险基金",
        Payer.Client => "参保人个人",
        Payee.Agency => "护理机构",
        Payee.FamilyCaregiver => "亲情护理员",
        Payee.DeviceSupplier => "辅具供应商",
        _ => code.ToString() ?? "",
    };

    public static byte[] ToCsv(ClaimBatch batch)
    {
        using var buffer = new MemoryStream();
        using (var writer = new StreamWriter(buffer, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true))
        using (var csv = CsvWriter.Create(writer, new CsvWriterOptions(), leaveOpen: true))
        {
            foreach (var h in Header)
            {
                csv.WriteField(h);
            }

            csv.EndRecord();
            foreach (var l in batch.Lines)
            {
                csv.WriteField(l.LineNo.ToString(CultureInfo.InvariantCulture));
                csv.WriteField(l.ClientId);
                csv.WriteField(Text(l.ClientName));
                csv.WriteField(l.Kind.ToString());
                csv.WriteField(l.Payer.ToString());
                csv.WriteField(l.Payee.ToString());
                csv.WriteField(Amount(l.Amount));
                csv.WriteField(l.Reason);
                csv.WriteField(Text(l.ExplanationZh));
                csv.WriteField(LabelZh(l.Kind));
                csv.WriteField(LabelZh(l.Payer));
                csv.WriteField(LabelZh(l.Payee));
                csv.EndRecord();
            }

            // Trailer rows: totals and control sum, marked so an importer cannot mistake them for lines.
            WriteTrailer(csv, "#fund_total", Amount(batch.FundTotal));
            WriteTrailer(csv, "#client_total", Amount(batch.ClientTotal));
            WriteTrailer(csv, "#line_count", batch.Lines.Count.ToString(CultureInfo.InvariantCulture));
            WriteTrailer(csv, "#control_sum", batch.ControlSum);
            csv.Flush();
        }

        return buffer.ToArray();
    }

    public static byte[] ToXlsx(ClaimBatch batch)
    {
        var rows = batch.Lines.Select(l => new Dictionary<string, object?>
        {
            ["line_no"] = l.LineNo,
            ["client_id"] = l.ClientId,
            ["client_name"] = Text(l.ClientName),
            ["kind"] = l.Kind.ToString(),
            ["payer"] = l.Payer.ToString(),
            ["payee"] = l.Payee.ToString(),
            ["amount"] = l.Amount,
            ["reason"] = l.Reason,
            ["explanation"] = Text(l.ExplanationZh),
            ["类型"] = LabelZh(l.Kind),
            ["付款方"] = LabelZh(l.Payer),
            ["收款方"] = LabelZh(l.Payee),
        }).ToList();
        var summary = new List<Dictionary<string, object?>>
        {
            new() { ["item"] = "agency", ["value"] = batch.AgencyCode },
            new() { ["item"] = "month", ["value"] = batch.Month.ToString("yyyy-MM", CultureInfo.InvariantCulture) },
            new() { ["item"] = "version", ["value"] = batch.Version },
            new() { ["item"] = "fund_total", ["value"] = batch.FundTotal },
            new() { ["item"] = "client_total", ["value"] = batch.ClientTotal },
            new() { ["item"] = "line_count", ["value"] = batch.Lines.Count },
            new() { ["item"] = "control_sum", ["value"] = batch.ControlSum },
        };

        using var buffer = new MemoryStream();
        buffer.SaveAs(new Dictionary<string, object> { ["lines"] = rows, ["summary"] = summary });
        return buffer.ToArray();
    }

    public static string ToJson(ClaimBatch batch) => JsonSerializer.Serialize(new
    {
        batch.Id,
        batch.AgencyCode,
        Month = batch.Month.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        batch.Version,
        batch.Supersedes,
        batch.State,
        batch.FundTotal,
        batch.ClientTotal,
        LineCount = batch.Lines.Count,
        batch.ControlSum,
        batch.Lines,
    }, Json);

    /// <summary>Reads the fund's response CSV: line_no, client_id, result (accepted/rejected, 通过/拒付), reason.</summary>
    public static IReadOnlyList<ResponseLine> ReadResponse(Stream csvStream)
    {
        using var reader = new StreamReader(csvStream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        using var csv = CsvReader.Create(reader, new CsvReaderOptions { HasHeader = true, FieldCountMismatch = CsvFieldCountHandling.Allow, TrimWhitespace = true }, leaveOpen: true);
        csv.ReadHeader();
        var lineNoAt = Column(csv, "line_no");
        var clientAt = Column(csv, "client_id");
        var resultAt = Column(csv, "result");
        var reasonAt = csv.TryGetFieldIndex("reason", out var r) ? r : -1;
        var lines = new List<ResponseLine>();
        while (csv.Read())
        {
            var row = csv.RowNumber;
            var lineNo = csv.GetString(lineNoAt);
            if (string.IsNullOrEmpty(lineNo) || lineNo.StartsWith('#'))
            {
                continue;
            }

            if (!int.TryParse(lineNo, NumberStyles.None, CultureInfo.InvariantCulture, out var no))
            {
                throw new BatchFileException(BillingCode.ResponseBadLineNo, row, lineNo);
            }

            var outcome = (csv.FieldCount > resultAt ? csv.GetString(resultAt) : "").Trim().ToLowerInvariant() switch
            {
                "accepted" or "通过" or "ok" => LineOutcome.Accepted,
                "rejected" or "拒付" or "拒绝" => LineOutcome.Rejected,
                var other => throw new BatchFileException(BillingCode.ResponseBadResult, row, other),
            };
            var reason = reasonAt >= 0 && csv.FieldCount > reasonAt ? csv.GetString(reasonAt) : null;
            lines.Add(new ResponseLine(no, csv.GetString(clientAt), outcome, string.IsNullOrEmpty(reason) ? null : reason));
        }

        return lines;
    }

    private static int Column(CsvReader csv, string name) =>
        csv.TryGetFieldIndex(name, out var index) ? index : throw new BatchFileException(BillingCode.ResponseMissingColumn, name);

    private static void WriteTrailer(CsvWriter csv, string key, string value)
    {
        // Padded to the header's width: RFC 4180 wants every record the same length.
        csv.WriteField(key);
        csv.WriteField(value);
        for (var i = 2; i < Header.Length; i++)
        {
            csv.WriteField(string.Empty);
        }

        csv.EndRecord();
    }

    /// <summary>
    /// Free text (names, explanations) that Excel would run as a formula gets a leading apostrophe
    /// (CSV/formula injection); amounts are never passed through here.
    /// </summary>
    internal static string Text(string value) =>
        value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;

    private static string Amount(decimal amount) => Money.Fen(amount).ToString("0.00", CultureInfo.InvariantCulture);
}

/// <summary>A file that cannot be read: a code with the row and what was found (the message is for logs only).</summary>
public sealed class BatchFileException(BillingCode code, params object[] args) : Exception(new BillingProblem(code, args).ToString())
{
    public BillingProblem Problem { get; } = new(code, args);
}
