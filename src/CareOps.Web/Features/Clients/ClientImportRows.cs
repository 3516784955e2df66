using System.Globalization;
using System.Text;
using CareOps.Billing.Policies;
using CareOps.Data.Domain;
using CareOps.Web.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using CareMode = CareOps.Data.Domain.CareMode;

namespace CareOps.Web.Features.Clients;

/// <summary>What the agency offers a row: its places and regions, the city policy in force, today, and the model's column widths.</summary>
public sealed record ImportSetting(IReadOnlyList<Place> Places, IReadOnlyList<ServiceRegion> Regions, PolicyVersion? Policy, DateOnly Today, IModel Model);

/// <summary>A row read into the client form: the form as it would be saved, and every problem of the row by column.</summary>
public sealed record RowReading(ClientForm Form, Problems Problems);

/// <summary>
/// Turns one line of the assessment list into a <see cref="ClientForm"/>, starting from the existing client's form
/// (so what the file does not carry stays as it is), and judges it with the form's own rules
/// (<see cref="ClientForm.Validate"/>) plus the import's: the cells' formats, the agency's regions and the city policy.
/// </summary>
public static class ClientImportRows
{
    private static readonly string[] DateFormats =
    [
        "yyyy-M-d", "yyyy/M/d", "yyyy.M.d", "yyyyMMdd", "yyyy年M月d日",
        "yyyy-M-d H:mm", "yyyy/M/d H:mm", "yyyy-M-d H:mm:ss", "yyyy/M/d H:mm:ss",
    ];

    /// <summary>The form's fields, as the import's columns name them (a problem of the form lands on its column).</summary>
    private static readonly Dictionary<string, ImportColumn> FieldColumns = new()
    {
        [nameof(ClientForm.Name)] = ImportColumn.Name,
        [nameof(ClientForm.ResidentId)] = ImportColumn.ResidentId,
        [nameof(ClientForm.Phone)] = ImportColumn.Phone,
        [nameof(ClientForm.Address)] = ImportColumn.Address,
        [nameof(ClientForm.Latitude)] = ImportColumn.Latitude,
        [nameof(ClientForm.Longitude)] = ImportColumn.Longitude,
        [nameof(ClientForm.PlaceId)] = ImportColumn.Place,
        [nameof(ClientForm.Grade)] = ImportColumn.Grade,
        [nameof(ClientForm.AssessedOn)] = ImportColumn.AssessedOn,
        [nameof(ClientForm.AssessmentValidUntil)] = ImportColumn.ValidUntil,
        [nameof(ClientForm.OnsetDate)] = ImportColumn.OnsetDate,
        [nameof(ClientForm.FamilyCaregiverName)] = ImportColumn.FamilyName,
        [nameof(ClientForm.FamilyCaregiverRelationship)] = ImportColumn.FamilyRelationship,
        [nameof(ClientForm.FamilyCaregiverPhone)] = ImportColumn.FamilyPhone,
    };

    public static RowReading Read(ImportLine line, Client? existing, ImportSetting setting)
    {
        var form = existing is null ? new ClientForm() : ClientForm.From(existing, setting.Today);
        var problems = new Problems();

        if (Cell(line, ImportColumn.ResidentId) is { } id)
        {
            if (id is double)
            {
                problems.Add(nameof(ImportColumn.ResidentId), "Error.Import.ResidentIdNumber");
            }
            else
            {
                form.ResidentId = ResidentIdOf(line) ?? Text(id);
            }
        }

        SetText(line, ImportColumn.Name, v => form.Name = v);
        SetText(line, ImportColumn.Address, v => form.Address = v);
        SetText(line, ImportColumn.Phone, v => form.Phone = v);
        SetText(line, ImportColumn.FamilyName, v => form.FamilyCaregiverName = v);
        SetText(line, ImportColumn.FamilyRelationship, v => form.FamilyCaregiverRelationship = v);
        SetText(line, ImportColumn.FamilyPhone, v => form.FamilyCaregiverPhone = v);

        if (Cell(line, ImportColumn.Grade) is { } gradeCell)
        {
            if (Grade(gradeCell) is int grade)
            {
                form.Grade = grade;
            }
            else
            {
                problems.Add(nameof(ImportColumn.Grade), "Error.Import.Grade", Text(gradeCell));
            }
        }

        SetDate(line, ImportColumn.AssessedOn, problems, d => form.AssessedOn = d);
        SetDate(line, ImportColumn.ValidUntil, problems, d => form.AssessmentValidUntil = d);
        SetDate(line, ImportColumn.OnsetDate, problems, d => form.OnsetDate = d);

        if (Cell(line, ImportColumn.CareMode) is { } modeCell)
        {
            if (Mode(Text(modeCell)) is CareMode mode)
            {
                form.CareMode = mode;
            }
            else
            {
                problems.Add(nameof(ImportColumn.CareMode), "Error.Import.CareMode", Text(modeCell));
            }
        }

        foreach (var column in ClientImportFile.Required.Where(c => Cell(line, c) is null && !problems.Has(c.ToString())))
        {
            problems.Add(column.ToString(), "Error.Required");
        }

        ReadPlace(line, form, existing, setting, problems);

        // Where the region or place could not be read, the form's "choose a place" and "coordinates required" say nothing more.
        var placeUnread = problems.Has(nameof(ImportColumn.Region)) || problems.Has(nameof(ImportColumn.Place));
        foreach (var problem in form.Validate(setting.Places, setting.Model))
        {
            var column = problem.Field is { } field && FieldColumns.TryGetValue(field, out var c) ? c : (ImportColumn?)null;
            if (column is null)
            {
                problems.Add(problem with { Field = null });
            }
            else if (!problems.Has(column.Value.ToString())
                     && !(placeUnread && column is ImportColumn.Place or ImportColumn.Latitude or ImportColumn.Longitude))
            {
                // A new client without an onset date: the fund's list may not carry one, so say which column to add.
                var key = column == ImportColumn.OnsetDate && problem.Key == "Error.Required" ? "Error.Import.OnsetNeeded" : problem.Key;
                problems.Add(column.Value.ToString(), key, problem.Args);
            }
        }

        CheckPolicy(form, setting, problems);
        return new RowReading(form, problems);
    }

    /// <summary>The resident ID of a line as the import reads it (null when empty or stored as a number).</summary>
    public static string? ResidentIdOf(ImportLine line) =>
        // Exports often carry a leading apostrophe or tab to keep Excel from turning the ID into a number; full-width digits fold.
        Cell(line, ImportColumn.ResidentId) is string s ? Data.Domain.ResidentId.Normalize(s.Trim().TrimStart('\'').Normalize(NormalizationForm.FormKC)) : null;

    /// <summary>The columns whose imported value differs from what the agency holds (empty: the row changes nothing).</summary>
    public static IReadOnlyList<ImportColumn> Changes(ClientForm before, ClientForm after)
    {
        var changes = new List<ImportColumn>();
        void Compare<T>(ImportColumn column, T a, T b)
        {
            if (!EqualityComparer<T>.Default.Equals(a, b))
            {
                changes.Add(column);
            }
        }

        Compare(ImportColumn.ResidentId, Data.Domain.ResidentId.Normalize(before.ResidentId), Data.Domain.ResidentId.Normalize(after.ResidentId));
        Compare(ImportColumn.Name, before.Name.Trim(), after.Name.Trim());
        Compare(ImportColumn.Grade, before.Grade, after.Grade);
        Compare(ImportColumn.AssessedOn, before.AssessedOn, after.AssessedOn);
        Compare(ImportColumn.ValidUntil, before.AssessmentValidUntil, after.AssessmentValidUntil);
        Compare(ImportColumn.OnsetDate, before.OnsetDate, after.OnsetDate);
        Compare(ImportColumn.CareMode, before.CareMode, after.CareMode);
        Compare(ImportColumn.Place, before.PlaceId, after.PlaceId);
        Compare(ImportColumn.Address, before.Address.Trim(), after.Address.Trim());
        Compare(ImportColumn.Phone, before.Phone.Trim(), after.Phone.Trim());
        Compare(ImportColumn.Latitude, before.Latitude, after.Latitude);
        Compare(ImportColumn.Longitude, before.Longitude, after.Longitude);
        if (after.CareMode == CareMode.FamilyCare)
        {
            Compare(ImportColumn.FamilyName, before.FamilyCaregiverName.Trim(), after.FamilyCaregiverName.Trim());
            Compare(ImportColumn.FamilyRelationship, before.FamilyCaregiverRelationship.Trim(), after.FamilyCaregiverRelationship.Trim());
            Compare(ImportColumn.FamilyPhone, before.FamilyCaregiverPhone.Trim(), after.FamilyCaregiverPhone.Trim());
        }

        return changes;
    }

    /// <summary>The imported fields as one line of text, for the preview token.</summary>
    public static string Fingerprint(ClientForm f) => string.Join('|',
        Data.Domain.ResidentId.Normalize(f.ResidentId), f.Name.Trim(), f.Grade, Day(f.AssessedOn), Day(f.AssessmentValidUntil), Day(f.OnsetDate),
        f.CareMode, f.PlaceId, f.Address.Trim(), f.Phone.Trim(),
        f.Latitude?.ToString("R", CultureInfo.InvariantCulture), f.Longitude?.ToString("R", CultureInfo.InvariantCulture),
        f.FamilyCaregiverName.Trim(), f.FamilyCaregiverRelationship.Trim(), f.FamilyCaregiverPhone.Trim());

    /// <summary>
    /// Region (code or name, one of the agency's) and place (code or name, in that region; may be left empty when the
    /// region has a single place or the client already lives in it). Coordinates: the file's, else the client's own,
    /// else, for a new client or a move, the place's (as the new-client form starts).
    /// </summary>
    private static void ReadPlace(ImportLine line, ClientForm form, Client? existing, ImportSetting setting, Problems problems)
    {
        if (Cell(line, ImportColumn.Region) is not { } r)
        {
            return; // required: already said
        }

        var regionText = Text(r);
        var region = setting.Regions.FirstOrDefault(x => Same(x.Code, regionText) || Same(x.Name, regionText));
        if (region is null)
        {
            problems.Add(nameof(ImportColumn.Region), "Error.Import.Region", regionText, string.Join(", ", setting.Regions.Select(x => $"{x.Code} {x.Name}")));
            return;
        }

        var inRegion = setting.Places.Where(p => p.RegionId == region.Id).ToList();
        Place? place;
        if (Cell(line, ImportColumn.Place) is { } p)
        {
            var placeText = Text(p);
            place = inRegion.FirstOrDefault(x => Same(x.Code, placeText) || Same(x.Name, placeText));
            if (place is null)
            {
                problems.Add(nameof(ImportColumn.Place), "Error.Import.Place", placeText, string.Join(", ", inRegion.Select(x => x.Name)));
                return;
            }
        }
        else
        {
            place = inRegion.FirstOrDefault(x => x.Id == existing?.PlaceId) ?? (inRegion.Count == 1 ? inRegion[0] : null);
            if (place is null)
            {
                problems.Add(nameof(ImportColumn.Place), "Error.Import.PlaceNeeded", string.Join(", ", inRegion.Select(x => x.Name)));
                return;
            }
        }

        var moved = form.PlaceId != place.Id;
        form.PlaceId = place.Id;
        var latitude = Number(line, ImportColumn.Latitude, problems);
        var longitude = Number(line, ImportColumn.Longitude, problems);
        if (latitude is not null || longitude is not null)
        {
            form.Latitude = latitude;
            form.Longitude = longitude;
        }
        else if (existing is null || moved)
        {
            form.Latitude = place.Latitude;
            form.Longitude = place.Longitude;
        }
    }

    /// <summary>The city policy in force: its grades (where it pays by grade) and its care modes (where it pays per mode); the assessment must be current.</summary>
    private static void CheckPolicy(ClientForm form, ImportSetting setting, Problems problems)
    {
        var grades = setting.Policy?.Hourly?.Bands;
        if (grades is { Count: > 0 } && !problems.Has(nameof(ImportColumn.Grade)) && !grades.Any(b => b.MinGrade <= form.Grade && form.Grade <= b.MaxGrade))
        {
            problems.Add(nameof(ImportColumn.Grade), "Error.Import.GradeNotInPolicy", form.Grade, $"{grades.Min(b => b.MinGrade)}–{grades.Max(b => b.MaxGrade)}");
        }

        var modes = setting.Policy?.Package?.Modes;
        if (modes is { Count: > 0 } && !problems.Has(nameof(ImportColumn.CareMode)) && modes.All(m => m.Mode.ToString() != form.CareMode.ToString()))
        {
            problems.Add(nameof(ImportColumn.CareMode), "Error.Import.CareModeNotInPolicy", new TextArg("CareMode." + form.CareMode));
        }

        var today = setting.Today.ToDateTime(TimeOnly.MinValue);
        if (form.AssessedOn > today && !problems.Has(nameof(ImportColumn.AssessedOn)))
        {
            problems.Add(nameof(ImportColumn.AssessedOn), "Error.Import.AssessedInFuture", Day(form.AssessedOn)!);
        }

        if (form.AssessmentValidUntil < today && !problems.Has(nameof(ImportColumn.ValidUntil)))
        {
            problems.Add(nameof(ImportColumn.ValidUntil), "Error.Import.Expired", Day(form.AssessmentValidUntil)!);
        }
    }

    private static object? Cell(ImportLine line, ImportColumn column) => line.Cells.GetValueOrDefault(column);

    private static void SetText(ImportLine line, ImportColumn column, Action<string> set)
    {
        if (Cell(line, column) is { } cell)
        {
            set(Text(cell));
        }
    }

    private static void SetDate(ImportLine line, ImportColumn column, Problems problems, Action<DateTime> set)
    {
        if (Cell(line, column) is not { } cell)
        {
            return;
        }

        if (Date(cell) is DateOnly date)
        {
            set(date.ToDateTime(TimeOnly.MinValue));
        }
        else
        {
            problems.Add(column.ToString(), "Error.Import.Date", Text(cell));
        }
    }

    private static double? Number(ImportLine line, ImportColumn column, Problems problems)
    {
        switch (Cell(line, column))
        {
            case null:
                return null;
            case double d:
                return d;
            case var cell when double.TryParse(Text(cell), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed):
                return parsed;
            case var cell:
                problems.Add(column.ToString(), "Error.Import.Number", Text(cell));
                return null;
        }
    }

    /// <summary>A cell as text: numbers without exponent or ".0" (a phone typed as a number), dates as yyyy-MM-dd.</summary>
    private static string Text(object cell) => cell switch
    {
        DateTime d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        double d when d == Math.Floor(d) && Math.Abs(d) < 1e15 => d.ToString("F0", CultureInfo.InvariantCulture),
        double d => d.ToString(CultureInfo.InvariantCulture),
        _ => Convert.ToString(cell, CultureInfo.InvariantCulture)?.Trim() ?? "",
    };

    /// <summary>A date cell: a spreadsheet date, an Excel serial number, or text in one of the usual Chinese forms.</summary>
    public static DateOnly? Date(object cell)
    {
        DateOnly? date = cell switch
        {
            DateTime d => DateOnly.FromDateTime(d),
            double serial when serial is >= 10000 and < 110000 => DateOnly.FromDateTime(DateTime.FromOADate(serial)),
            _ => DateTime.TryParseExact(Text(cell), DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var parsed)
                ? DateOnly.FromDateTime(parsed)
                : null,
        };
        return date is { Year: >= 1900 and <= 2199 } ? date : null;
    }

    /// <summary>A grade as written on assessment results: 2, 2.0, "2级", "二级", "重度失能二级".</summary>
    public static int? Grade(object cell)
    {
        if (cell is double d)
        {
            return d == Math.Floor(d) && d is >= 0 and <= 99 ? (int)d : null;
        }

        var text = Text(cell).Normalize(NormalizationForm.FormKC).Replace("重度失能", "", StringComparison.Ordinal)
            .Replace("失能", "", StringComparison.Ordinal).Replace("等级", "", StringComparison.Ordinal)
            .Trim().TrimEnd('级').Trim();
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var grade))
        {
            return grade;
        }

        var numeral = "一二三四五六七八九".IndexOf(text, StringComparison.Ordinal);
        return text.Length == 1 && numeral >= 0 ? numeral + 1 : null;
    }

    /// <summary>A care mode in Chinese (居家上门, 亲情护理, 机构护理 and their short forms) or English.</summary>
    public static CareMode? Mode(string text) => ClientImportFile.HeaderKey(text).Replace("+", "", StringComparison.Ordinal) switch
    {
        "居家上门" or "居家护理" or "居家" or "上门" or "居家上门护理" or "home" or "homecare" => CareMode.Home,
        "亲情护理" or "亲情护理上门" or "亲情" or "familycare" or "familycarevisits" => CareMode.FamilyCare,
        "机构护理" or "机构" or "institutional" or "institutionalcare" => CareMode.Institutional,
        _ => null,
    };

    private static bool Same(string a, string b) => string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);

    private static string? Day(DateTime? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
