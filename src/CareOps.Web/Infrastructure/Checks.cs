using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore.Metadata;

namespace CareOps.Web.Infrastructure;

/// <summary>Shared checks for values that arrive from forms and files. They refuse; they never change a value.</summary>
public static class Checks
{
    // China's extreme points, rounded outwards: Zengmu Ansha (3.86 N) to Mohe (53.56 N), Pamirs (73.5 E) to Fuyuan (135.1 E).
    public const double MinLatitude = 3.8;
    public const double MaxLatitude = 53.6;
    public const double MinLongitude = 73.5;
    public const double MaxLongitude = 135.1;

    public static void Coordinates(Problems problems, double? latitude, double? longitude, string latField, string lonField)
    {
        if (latitude is null)
        {
            problems.Add(latField, "Error.Required");
        }
        else if (latitude < MinLatitude || latitude > MaxLatitude)
        {
            problems.Add(latField, "Error.LatitudeRange", MinLatitude, MaxLatitude);
        }

        if (longitude is null)
        {
            problems.Add(lonField, "Error.Required");
        }
        else if (longitude < MinLongitude || longitude > MaxLongitude)
        {
            problems.Add(lonField, "Error.LongitudeRange", MinLongitude, MaxLongitude);
        }
    }

    /// <summary>An optional or required phone number: 7 to 20 digits, spaces, + or - (the column is 20 wide).</summary>
    public static void Phone(Problems problems, string? phone, string field, bool required = false)
    {
        if (string.IsNullOrWhiteSpace(phone))
        {
            if (required)
            {
                problems.Add(field, "Error.Required");
            }

            return;
        }

        var digits = phone.Trim();
        if (digits.Length is < 7 or > 20 || !digits.All(c => char.IsAsciiDigit(c) || c is '-' or ' ' or '+'))
        {
            problems.Add(field, "Error.Phone");
        }
    }

    /// <summary>Text that is stored trimmed: required unless said otherwise, and no longer than its column.</summary>
    public static void Text(Problems problems, string? value, string field, int maxLength, bool required = true)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                problems.Add(field, "Error.Required");
            }
        }
        else if (value.Trim().Length > maxLength)
        {
            problems.Add(field, "Error.TooLong", maxLength);
        }
    }

    /// <summary>A whole number in a range, refused (never clamped) outside it.</summary>
    public static void Range(Problems problems, int value, string field, int min, int max, string key = "Error.Range")
    {
        if (value < min || value > max)
        {
            problems.Add(field, key, min, max);
        }
    }
}

/// <summary>Column widths read from the EF model, so a form's length check cannot drift from the database.</summary>
public static class Columns
{
    /// <summary>The max length of a text property, e.g. <c>Columns.Width&lt;Client&gt;(model, c =&gt; c.Name)</c>.</summary>
    public static int Width<TEntity>(IModel model, Expression<Func<TEntity, string?>> property)
    {
        var name = property.Body is MemberExpression member
            ? member.Member.Name
            : throw new ArgumentException("Name a property: c => c.Name.", nameof(property));

        // Note: an owned type (FamilyCaregiver, Coverage …) may be mapped once per owner; the narrowest column wins.
        var widths = model.GetEntityTypes()
            .Where(e => e.ClrType == typeof(TEntity))
            .Select(e => e.FindProperty(name)?.GetMaxLength())
            .OfType<int>()
            .ToList();
        return widths.Count > 0
            ? widths.Min()
            : throw new InvalidOperationException($"{typeof(TEntity).Name}.{name} has no max length in the EF model.");
    }
}
