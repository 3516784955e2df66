using System.Globalization;
using System.Text;
using CareOps.Web.Infrastructure;
using CsvHelper;
using MiniExcelLibs;

namespace CareOps.Web.Features.Clients;

/// <summary>The columns of the fund's assessment list that the import reads (docs/client-import.md).</summary>
public enum ImportColumn
{
    ResidentId,
    Name,
    Grade,
    AssessedOn,
    ValidUntil,
    OnsetDate,
    CareMode,
    Region,
    Place,
    Address,
    Phone,
    Latitude,
    Longitude,
    FamilyName,
    FamilyRelationship,
    FamilyPhone,
}

/// <summary>One data row of the file: its row number as the spreadsheet shows it, and the raw cells by column (string, DateTime or double).</summary>
public sealed record ImportLine(int Row, IReadOnlyDictionary<ImportColumn, object> Cells);

/// <summary>The rows of a file, or why it cannot be read at all (then no rows).</summary>
public sealed record ImportTable(IReadOnlyList<ImportLine> Lines, Problems Problems);

/// <summary>
/// Reads an assessment list (XLSX, or CSV in UTF-8 with or without BOM, UTF-16 or GBK/GB18030) into raw rows by column.
/// Headers are matched in Chinese or English (<see cref="Headers"/>); cells are not judged here.
/// </summary>
public static class ClientImportFile
{
    public const int MaxBytes = 5 * 1024 * 1024;
    public const int MaxRows = 20_000;

    /// <summary>The columns a file must have; the others are optional (an empty or missing cell keeps what the agency holds).</summary>
    public static readonly IReadOnlyList<ImportColumn> Required =
    [
        ImportColumn.ResidentId, ImportColumn.Name, ImportColumn.Grade, ImportColumn.AssessedOn, ImportColumn.ValidUntil,
        ImportColumn.CareMode, ImportColumn.Region, ImportColumn.Address,
    ];

    /// <summary>Accepted headers per column, the first being the one our example file and docs use.</summary>
    public static readonly IReadOnlyDictionary<ImportColumn, string[]> Headers = new Dictionary<ImportColumn, string[]>
    {
        [ImportColumn.ResidentId] = ["身份证号", "身份证号码", "公民身份号码", "证件号码", "resident_id", "ResidentId", "Resident ID"],
        [ImportColumn.Name] = ["姓名", "参保人姓名", "name"],
        [ImportColumn.Grade] = ["失能等级", "评估等级", "等级", "grade"],
        [ImportColumn.AssessedOn] = ["评估日期", "评估时间", "assessed_on", "AssessedOn", "Assessment date"],
        [ImportColumn.ValidUntil] = ["有效期至", "有效期", "有效截止日期", "valid_until", "ValidUntil", "Valid until"],
        [ImportColumn.OnsetDate] = ["失能开始日期", "失能发生日期", "onset_date", "OnsetDate", "Onset"],
        [ImportColumn.CareMode] = ["护理方式", "待遇类型", "服务方式", "care_mode", "CareMode", "Care mode"],
        [ImportColumn.Region] = ["服务区域", "服务片区", "片区", "region"],
        [ImportColumn.Place] = ["所在地", "乡镇", "乡镇（街道）", "地点", "place"],
        [ImportColumn.Address] = ["地址", "居住地址", "家庭住址", "address"],
        [ImportColumn.Phone] = ["联系电话", "电话", "手机号码", "phone"],
        [ImportColumn.Latitude] = ["纬度", "latitude", "lat"],
        [ImportColumn.Longitude] = ["经度", "longitude", "lon", "lng"],
        [ImportColumn.FamilyName] = ["亲情护理员", "亲情护理员姓名", "family_caregiver", "FamilyCaregiver", "Family caregiver"],
        [ImportColumn.FamilyRelationship] = ["亲情护理员关系", "与参保人关系", "family_relationship", "Relationship"],
        [ImportColumn.FamilyPhone] = ["亲情护理员电话", "family_phone", "Family caregiver phone"],
    };

    // Note: several spellings of one column fold to the same key ("resident_id", "Resident ID"); no key may name two columns.
    private static readonly Dictionary<string, ImportColumn> ByHeader = Headers
        .SelectMany(h => h.Value.Select(name => (Key: HeaderKey(name), Column: h.Key)))
        .Distinct()
        .ToDictionary(x => x.Key, x => x.Column);

    /// <summary>Reads the file; a file it cannot read comes back with its problems and no rows (never an exception).</summary>
    public static ImportTable Read(byte[] bytes, string fileName)
    {
        if (bytes.Length > MaxBytes)
        {
            return Refused("Error.Import.TooLarge", MaxBytes / 1024 / 1024);
        }

        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        try
        {
            return extension switch
            {
                ".xlsx" => Tabulate(ReadXlsx(bytes)),
                ".csv" or ".txt" => Tabulate(ReadCsv(bytes)),
                _ => Refused("Error.Import.FileType"),
            };
        }
        catch (Exception e) when (e is CsvFormatException or InvalidDataException or System.Xml.XmlException or InvalidOperationException or NotSupportedException or IndexOutOfRangeException)
        {
            // A damaged or disguised file: the clerk can only re-save it, so say that rather than what broke.
            return Refused("Error.Import.Unreadable");
        }
    }

    /// <summary>Trims and folds a header so that "＊身份证号 ", "Resident ID" and "resident_id" meet the same key.</summary>
    public static string HeaderKey(string header)
    {
        var folded = header.Normalize(NormalizationForm.FormKC).Trim().TrimStart('*').Trim();
        var key = new StringBuilder(folded.Length);
        foreach (var c in folded)
        {
            if (!char.IsWhiteSpace(c) && c is not '_' and not '-')
            {
                key.Append(char.ToLowerInvariant(c));
            }
        }

        return key.ToString();
    }

    /// <summary>CSV text: a BOM says the encoding; otherwise UTF-8 if the bytes are valid UTF-8, else GB18030 (a superset of GBK, what Chinese Excel writes).</summary>
    public static string Decode(byte[] bytes)
    {
        if (bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return new UTF8Encoding(false, true).GetString(bytes, 3, bytes.Length - 3);
        }

        if (bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return Encoding.Unicode.GetString(bytes, 2, bytes.Length - 2);
        }

        if (bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return Encoding.BigEndianUnicode.GetString(bytes, 2, bytes.Length - 2);
        }

        try
        {
            return new UTF8Encoding(false, true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            // Note: System.Text.Encoding.CodePages ships in the shared framework; the provider only has to be registered.
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            return Encoding.GetEncoding("GB18030").GetString(bytes);
        }
    }

    private static IEnumerable<(int Row, IReadOnlyList<object?> Cells)> ReadCsv(byte[] bytes)
    {
        using var reader = CsvReader.Create(new StringReader(Decode(bytes)), new CsvReaderOptions
        {
            HasHeader = false,
            FieldCountMismatch = CsvFieldCountHandling.Allow,
            TrimWhitespace = true,
            SkipEmptyLines = false,
            TrackLineNumbers = true,
        }, leaveOpen: false);
        while (reader.Read())
        {
            var cells = new object?[reader.FieldCount];
            for (var i = 0; i < cells.Length; i++)
            {
                cells[i] = reader.GetString(i);
            }

            yield return ((int)reader.LineNumber, cells);
        }
    }

    private static IEnumerable<(int Row, IReadOnlyList<object?> Cells)> ReadXlsx(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        var row = 0;
        foreach (IDictionary<string, object?> cells in stream.Query(useHeaderRow: false, excelType: ExcelType.XLSX))
        {
            row++;
            yield return (row, cells.Values.ToList());
        }
    }

    /// <summary>The first non-empty row is the header; each later non-empty row a line, up to <see cref="MaxRows"/>.</summary>
    private static ImportTable Tabulate(IEnumerable<(int Row, IReadOnlyList<object?> Cells)> rows)
    {
        Dictionary<int, ImportColumn>? columns = null;
        var lines = new List<ImportLine>();
        foreach (var (row, cells) in rows)
        {
            if (cells.All(IsBlank))
            {
                continue;
            }

            if (columns is null)
            {
                var (found, problems) = MapHeader(cells);
                if (!problems.IsEmpty)
                {
                    return new ImportTable([], problems);
                }

                columns = found;
                continue;
            }

            if (lines.Count == MaxRows)
            {
                return Refused("Error.Import.TooManyRows", MaxRows);
            }

            var values = new Dictionary<ImportColumn, object>();
            foreach (var (index, column) in columns)
            {
                if (index < cells.Count && !IsBlank(cells[index]))
                {
                    values[column] = cells[index] is string s ? s.Trim() : cells[index]!;
                }
            }

            lines.Add(new ImportLine(row, values));
        }

        return columns is null ? Refused("Error.Import.Empty")
            : lines.Count == 0 ? Refused("Error.Import.NoRows")
            : new ImportTable(lines, []);
    }

    private static (Dictionary<int, ImportColumn> Columns, Problems Problems) MapHeader(IReadOnlyList<object?> cells)
    {
        var columns = new Dictionary<int, ImportColumn>();
        var problems = new Problems();
        for (var i = 0; i < cells.Count; i++)
        {
            var header = Convert.ToString(cells[i], CultureInfo.InvariantCulture) ?? "";
            if (!ByHeader.TryGetValue(HeaderKey(header), out var column))
            {
                continue; // other columns of the fund's list (序号, 性别 …) are not ours to read
            }

            if (columns.ContainsValue(column))
            {
                problems.Add(Problem.Of("Error.Import.ColumnTwice", header));
            }

            columns[i] = column;
        }

        var missing = Required.Where(c => !columns.ContainsValue(c)).Select(c => Headers[c][0]).ToList();
        if (missing.Count > 0)
        {
            problems.Add(Problem.Of("Error.Import.MissingColumns", string.Join(", ", missing)));
        }

        return (columns, problems);
    }

    private static bool IsBlank(object? cell) => cell is null || (cell is string s && string.IsNullOrWhiteSpace(s));

    private static ImportTable Refused(string key, params object[] args) => new([], Problems.Of(key, args));
}
