using System.Globalization;

namespace CareOps.Data.Domain;

/// <summary>
/// The 18-character PRC resident identity number (GB 11643-1999) whose last character is an
/// ISO 7064 MOD 11-2 check character. Personal data under PIPL: mask it before display.
/// </summary>
public static class ResidentId
{
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckChars = "10X98765432";

    /// <summary>Returns null when the number is valid, otherwise a sentence a clerk understands.</summary>
    public static string? Validate(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return "请填写身份证号码。";
        }

        var id = Normalize(value);
        if (id.Length != 18)
        {
            return "身份证号码应为 18 位（当前为 " + id.Length + " 位）。";
        }

        for (var i = 0; i < 17; i++)
        {
            if (!char.IsAsciiDigit(id[i]))
            {
                return "身份证号码前 17 位只能是数字。";
            }
        }

        if (!char.IsAsciiDigit(id[17]) && id[17] != 'X')
        {
            return "身份证号码最后一位只能是数字或 X。";
        }

        if (BirthDate(id) is null)
        {
            return "身份证号码中的出生日期（第 7–14 位）不是有效日期。";
        }

        if (CheckCharacter(id.AsSpan(0, 17)) != id[17])
        {
            return "身份证号码校验位不正确，请核对是否输错一位。";
        }

        return null;
    }

    public static bool IsValid(string? value) => Validate(value) is null;

    /// <summary>Trims and upper-cases the trailing x.</summary>
    public static string Normalize(string value) => value.Trim().ToUpperInvariant();

    /// <summary>The ISO 7064 MOD 11-2 check character for the first 17 digits.</summary>
    public static char CheckCharacter(ReadOnlySpan<char> first17)
    {
        if (first17.Length != 17)
        {
            throw new ArgumentException("Exactly 17 digits are needed.", nameof(first17));
        }

        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += (first17[i] - '0') * Weights[i];
        }

        return CheckChars[sum % 11];
    }

    public static DateOnly? BirthDate(string id)
    {
        if (id.Length < 14)
        {
            return null;
        }

        return DateOnly.TryParseExact(id.AsSpan(6, 8), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : null;
    }

    /// <summary>Shows the first 3 and last 4 characters only: 330***********123X.</summary>
    public static string Mask(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length < 8)
        {
            return "****";
        }

        return string.Concat(id.AsSpan(0, 3), new string('*', id.Length - 7), id.AsSpan(id.Length - 4));
    }
}
