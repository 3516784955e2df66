namespace CareOps.Web.Infrastructure;

/// <summary>One refused field: the form property, a resource key for the sentence, and its arguments.</summary>
public sealed record FieldError(string Field, string Key, params object[] Args);

/// <summary>What a use case refused, field by field. Empty means everything was accepted.</summary>
public sealed class FieldErrors : List<FieldError>
{
    public bool IsEmpty => Count == 0;

    public void Add(string field, string key, params object[] args) => Add(new FieldError(field, key, args));

    public bool Has(string field) => this.Any(e => e.Field == field);

    /// <summary>The sentence for a field's first error in the UI language, or null when the field is fine.</summary>
    public string? MessageFor(string field, Microsoft.Extensions.Localization.IStringLocalizer text) =>
        this.FirstOrDefault(e => e.Field == field) is { } e ? text[e.Key, e.Args].Value : null;
}

/// <summary>The outcome of a save: the saved id, or the field errors (and nothing saved).</summary>
public sealed record SaveResult<TId>(TId? Id, FieldErrors Errors)
{
    public bool Succeeded => Errors.IsEmpty;

    public static SaveResult<TId> Saved(TId id) => new(id, []);

    public static SaveResult<TId> Refused(FieldErrors errors) => new(default, errors);
}

/// <summary>Shared checks for values that arrive from forms and files.</summary>
public static class Checks
{
    // China's extreme points, rounded outwards: Zengmu Ansha (3.86 N) to Mohe (53.56 N), Pamirs (73.5 E) to Fuyuan (135.1 E).
    public const double MinLatitude = 3.8;
    public const double MaxLatitude = 53.6;
    public const double MinLongitude = 73.5;
    public const double MaxLongitude = 135.1;

    public static void Coordinates(FieldErrors errors, double? latitude, double? longitude, string latField, string lonField)
    {
        if (latitude is null)
        {
            errors.Add(latField, "Error.Required");
        }
        else if (latitude < MinLatitude || latitude > MaxLatitude)
        {
            errors.Add(latField, "Error.LatitudeRange", MinLatitude, MaxLatitude);
        }

        if (longitude is null)
        {
            errors.Add(lonField, "Error.Required");
        }
        else if (longitude < MinLongitude || longitude > MaxLongitude)
        {
            errors.Add(lonField, "Error.LongitudeRange", MinLongitude, MaxLongitude);
        }
    }

    public static void Phone(FieldErrors errors, string? phone, string field, bool required = false)
    {
        if (string.IsNullOrWhiteSpace(phone))
        {
            if (required)
            {
                errors.Add(field, "Error.Required");
            }

            return;
        }

        var digits = phone.Trim();
        if (digits.Length is < 7 or > 20 || !digits.All(c => char.IsAsciiDigit(c) || c is '-' or ' ' or '+'))
        {
            errors.Add(field, "Error.Phone");
        }
    }

    public static void Text(FieldErrors errors, string? value, string field, int maxLength, bool required = true)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                errors.Add(field, "Error.Required");
            }
        }
        else if (value.Trim().Length > maxLength)
        {
            errors.Add(field, "Error.TooLong", maxLength);
        }
    }
}
