using System.Globalization;

namespace CareOps.Billing.Claims;

/// <summary>
/// The 18-character resident identity number (GB 11643-1999): 17 digits whose 7th–14th are the birth date, then an
/// ISO 7064 MOD 11-2 check character (0–9 or X). Billing checks the IDs a claim case carries; it cannot use the app's
/// own check (CareOps.Data references Billing, not the other way round).
/// </summary>
internal static class ResidentIdNumber
{
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckChars = "10X98765432";

    public static bool IsValid(string value)
    {
        var id = value.Trim().ToUpperInvariant();
        if (id.Length != 18 || id.AsSpan(0, 17).ContainsAnyExceptInRange('0', '9')
            || !DateOnly.TryParseExact(id.AsSpan(6, 8), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += (id[i] - '0') * Weights[i];
        }

        return CheckChars[sum % 11] == id[17];
    }

    /// <summary>The first 3 and last 4 characters only, as the app masks IDs (330***********123X).</summary>
    public static string Mask(string value)
    {
        var id = value.Trim();
        return id.Length < 8 ? "****" : string.Concat(id.AsSpan(0, 3), new string('*', id.Length - 7), id.AsSpan(id.Length - 4));
    }
}
