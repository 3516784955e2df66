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

    /// <summary>Checks length, digits, birth date and the check character; <see cref="ResidentIdError.None"/> when valid.</summary>
    public static ResidentIdError Check(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return ResidentIdError.Missing;
        }

        var id = Normalize(value);
        if (id.Length != 18)
        {
            return ResidentIdError.Length;
        }

        for (var i = 0; i < 17; i++)
        {
            if (!char.IsAsciiDigit(id[i]))
            {
                return ResidentIdError.NotDigits;
            }
        }

        if (!char.IsAsciiDigit(id[17]) && id[17] != 'X')
        {
            return ResidentIdError.LastCharacter;
        }

        if (BirthDate(id) is null)
        {
            return ResidentIdError.BirthDate;
        }

        return CheckCharacter(id.AsSpan(0, 17)) == id[17] ? ResidentIdError.None : ResidentIdError.CheckCharacter;
    }

    public static bool IsValid(string? value) => Check(value) == ResidentIdError.None;

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

/// <summary>Why a resident ID was refused; the UI turns each into a sentence.</summary>
public enum ResidentIdError
{
    None,
    Missing,
    Length,
    NotDigits,
    LastCharacter,
    BirthDate,
    CheckCharacter,
}
