namespace CareOps.Billing;

/// <summary>
/// CNY amounts are <see cref="decimal"/>. Rounding happens once, at line level, half-up to the fen
/// (四舍五入: a half fen rounds away from zero); intermediate values keep full precision.
/// </summary>
public static class Money
{
    /// <summary>Rounds half-up to two decimal places (the fen), always with two places (320.00, not 320) for files.</summary>
    public static decimal Fen(decimal amount) => Math.Round(amount, 2, MidpointRounding.AwayFromZero) + 0.00m;

    /// <summary>Integer fen for storage (the database keeps money as integers).</summary>
    public static long ToFen(decimal amount) => (long)(Fen(amount) * 100m);

    public static decimal FromFen(long fen) => fen / 100m;

    /// <summary>"1,280.00": how amounts appear in explanations.</summary>
    public static string Format(decimal amount) => amount.ToString("#,0.00", System.Globalization.CultureInfo.InvariantCulture);
}
