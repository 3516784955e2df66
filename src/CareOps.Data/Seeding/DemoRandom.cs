using System.Globalization;

namespace CareOps.Data.Seeding;

/// <summary>
/// Plausible people data drawn from one seeded <see cref="Random"/>. Every value the demo needs
/// comes through here so that (seed, anchor) fixes the whole archipelago.
/// </summary>
internal sealed class DemoRandom(int seed)
{
    // Common surnames on the Zhoushan islands; 乐, 虞, 邬 are local.
    private const string Surnames = "王李张陈刘林徐周吴郑孙胡朱何黄杨邵俞金乐虞应邬夏毛贺叶翁谢傅沈丁蒋袁";
    private const string ElderMale = "国建明德福根富海林华永志荣祥宝金忠兴财昌康才";
    private const string ElderFemale = "秀英兰芳珍娥凤梅玉菊花琴月娣云莲翠素美彩";
    private const string AdultMale = "军伟强勇斌海波建峰明华杰刚平";
    private const string AdultFemale = "丽萍红燕芳霞敏静娟玲慧艳琴雪君洁亚飞";
    private static readonly string[] MobilePrefixes =
        ["130", "131", "133", "135", "136", "137", "138", "139", "150", "151", "152", "153", "157", "158", "159", "180", "182", "187", "188", "189"];

    private readonly Random rng = new(seed);
    private readonly HashSet<string> residentIds = new(StringComparer.Ordinal);

    public int Next(int minInclusive, int maxExclusive) => rng.Next(minInclusive, maxExclusive);

    public bool Chance(double probability) => rng.NextDouble() < probability;

    public T Pick<T>(IReadOnlyList<T> items) => items[rng.Next(items.Count)];

    /// <summary>A version-4-shaped Guid from the seeded stream (never <see cref="Guid.NewGuid"/>).</summary>
    public Guid NextGuid()
    {
        Span<byte> bytes = stackalloc byte[16];
        rng.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }

    public string Surname() => Surnames[rng.Next(Surnames.Length)].ToString();

    /// <summary>A name in the style of people born 1930–1962.</summary>
    public string ElderName(bool male, string? surname = null) => (surname ?? Surname()) + Given(male ? ElderMale : ElderFemale);

    /// <summary>A name in the style of people born 1965–1990 (caregivers, adult children).</summary>
    public string AdultName(bool male, string? surname = null) => (surname ?? Surname()) + Given(male ? AdultMale : AdultFemale);

    private string Given(string chars)
    {
        var first = chars[rng.Next(chars.Length)];
        if (rng.Next(10) < 3)
        {
            return first.ToString();
        }

        // Offset by 1..n-1 so the two characters differ: doubled names (勇勇) read as nicknames.
        var second = chars[(chars.IndexOf(first) + rng.Next(1, chars.Length)) % chars.Length];
        return string.Concat(first, second);
    }

    public string Mobile() => Pick(MobilePrefixes) + rng.Next(0, 100_000_000).ToString("D8", CultureInfo.InvariantCulture);

    /// <summary>A valid, unique 18-character resident ID; the 17th digit is odd for men, even for women.</summary>
    public string ResidentId(string areaCode, DateOnly birth, bool male)
    {
        while (true)
        {
            var sequence = rng.Next(0, 50) * 2 + (male ? 1 : 0) + rng.Next(0, 10) * 100;
            var first17 = areaCode + birth.ToString("yyyyMMdd", CultureInfo.InvariantCulture)
                + sequence.ToString("D3", CultureInfo.InvariantCulture);
            var id = first17 + Domain.ResidentId.CheckCharacter(first17);
            if (residentIds.Add(id))
            {
                return id;
            }
        }
    }

    public DateOnly DateBetween(DateOnly first, DateOnly last) =>
        DateOnly.FromDayNumber(rng.Next(first.DayNumber, last.DayNumber + 1));

    /// <summary>A point uniformly inside a disc around the place centre.</summary>
    public (double Lat, double Lon) Near(DemoGeography.PlaceSpec place)
    {
        const double KmPerDegree = 111.32;
        var distance = place.JitterKm * Math.Sqrt(rng.NextDouble());
        var bearing = rng.NextDouble() * 2 * Math.PI;
        var lat = place.Lat + distance * Math.Cos(bearing) / KmPerDegree;
        var lon = place.Lon + distance * Math.Sin(bearing) / (KmPerDegree * Math.Cos(place.Lat * Math.PI / 180));
        return (Math.Round(lat, 6), Math.Round(lon, 6));
    }

    public string Address(DemoGeography.PlaceSpec place)
    {
        var street = place.AddressPrefix + Pick(place.Streets) + rng.Next(1, 200) + "号";
        return place.Urban && Chance(0.6) ? $"{street}{rng.Next(1, 13)}幢{rng.Next(1, 7)}0{rng.Next(1, 4)}室" : street;
    }

    /// <summary>
    /// Exactly apportioned values, shuffled: shares hold on every region, however small,
    /// instead of drifting as independent coin tosses would.
    /// </summary>
    public T[] Deck<T>(int count, params (T Value, double Share)[] mix)
    {
        var counts = Apportion(count, [.. mix.Select(m => m.Share)], 0);
        var deck = mix.SelectMany((m, i) => Enumerable.Repeat(m.Value, counts[i])).ToArray();
        rng.Shuffle(deck);
        return deck;
    }

    public void Shuffle<T>(T[] items) => rng.Shuffle(items);

    /// <summary>
    /// Splits <paramref name="total"/> by weight with the largest-remainder method; every positive
    /// weight gets at least <paramref name="minimum"/> while the total allows, taken from the largest share.
    /// </summary>
    public static int[] Apportion(int total, double[] weights, int minimum)
    {
        var sum = weights.Sum();
        var exact = weights.Select(w => sum > 0 ? total * w / sum : 0).ToArray();
        var counts = exact.Select(e => (int)Math.Floor(e)).ToArray();
        var byRemainder = Enumerable.Range(0, weights.Length).OrderByDescending(i => exact[i] - counts[i]).ThenBy(i => i);
        foreach (var i in byRemainder.Take(total - counts.Sum()))
        {
            counts[i]++;
        }

        for (var i = 0; i < counts.Length; i++)
        {
            while (weights[i] > 0 && counts[i] < minimum)
            {
                var largest = Array.IndexOf(counts, counts.Max());
                if (counts[largest] <= minimum)
                {
                    return counts;
                }

                counts[largest]--;
                counts[i]++;
            }
        }

        return counts;
    }
}
