namespace CareOps.Scheduling.Travel;

/// <summary>A point on land: coordinates plus the place (island / town) it belongs to.</summary>
/// <param name="Latitude">WGS-84 latitude.</param>
/// <param name="Longitude">WGS-84 longitude.</param>
/// <param name="Place">Code of the place the point lies in; ferry routing starts and ends there.</param>
/// <param name="Key">Optional id used by matrix-backed sources (a client or caregiver id).</param>
public sealed record GeoPoint(double Latitude, double Longitude, string Place, string? Key = null);

/// <summary>Land travel minutes between two points. Implementations must be symmetric-agnostic, pure and safe to call from several threads (regions are solved in parallel).</summary>
public interface ITravelTimeSource
{
    /// <summary>Minutes to go from <paramref name="origin"/> to <paramref name="destination"/> on land (no water crossing).</summary>
    int LandMinutes(GeoPoint origin, GeoPoint destination);
}

/// <summary>
/// The demo default: great-circle distance × a detour factor, at a town speed when both ends are in an
/// urban place and a rural speed otherwise (shared/domain/zhoushan-demo-geography.md).
/// </summary>
public sealed class GreatCircleTravelTimeSource : ITravelTimeSource
{
    private readonly HashSet<string> urbanPlaces;

    /// <summary>Creates the source.</summary>
    /// <param name="urbanPlaces">Codes of places that count as towns.</param>
    /// <param name="detourFactor">Road distance over straight-line distance (1.3 by default).</param>
    /// <param name="urbanKmh">Speed when both ends are in towns.</param>
    /// <param name="ruralKmh">Speed otherwise.</param>
    public GreatCircleTravelTimeSource(IEnumerable<string> urbanPlaces, double detourFactor = 1.3, double urbanKmh = 25, double ruralKmh = 35)
    {
        this.urbanPlaces = new HashSet<string>(urbanPlaces, StringComparer.Ordinal);
        DetourFactor = detourFactor;
        UrbanKmh = urbanKmh;
        RuralKmh = ruralKmh;
    }

    /// <summary>Road distance over straight-line distance.</summary>
    public double DetourFactor { get; }

    /// <summary>Speed in towns, km/h.</summary>
    public double UrbanKmh { get; }

    /// <summary>Speed elsewhere, km/h.</summary>
    public double RuralKmh { get; }

    /// <inheritdoc />
    public int LandMinutes(GeoPoint origin, GeoPoint destination)
    {
        var km = Haversine.Km(origin.Latitude, origin.Longitude, destination.Latitude, destination.Longitude) * DetourFactor;
        var kmh = urbanPlaces.Contains(origin.Place) && urbanPlaces.Contains(destination.Place) ? UrbanKmh : RuralKmh;
        // Note: rounded up so that a roster timed with these minutes never arrives "early" by a rounding error.
        return (int)Math.Ceiling(km / kmh * 60.0 - 1e-9);
    }
}

/// <summary>A matrix of measured land minutes keyed by <see cref="GeoPoint.Key"/>; falls back for unknown pairs.</summary>
public sealed class MatrixTravelTimeSource : ITravelTimeSource
{
    private readonly Dictionary<(string, string), int> minutes;
    private readonly ITravelTimeSource fallback;

    /// <summary>Creates the source from (from key, to key, minutes) rows.</summary>
    public MatrixTravelTimeSource(IEnumerable<(string From, string To, int Minutes)> rows, ITravelTimeSource fallback)
    {
        minutes = [];
        foreach (var (from, to, m) in rows)
        {
            minutes[(from, to)] = m;
        }

        this.fallback = fallback;
    }

    /// <inheritdoc />
    public int LandMinutes(GeoPoint origin, GeoPoint destination) =>
        origin.Key is not null && destination.Key is not null && minutes.TryGetValue((origin.Key, destination.Key), out var m)
            ? m
            : fallback.LandMinutes(origin, destination);
}

/// <summary>Great-circle distance on the mean Earth radius.</summary>
public static class Haversine
{
    public static double Km(double lat1, double lon1, double lat2, double lon2)
    {
        const double R = 6371.0088;
        var dLat = (lat2 - lat1) * Math.PI / 180;
        var dLon = (lon2 - lon1) * Math.PI / 180;
        var a = Math.Sin(dLat / 2) * Math.Sin(dLat / 2)
            + Math.Cos(lat1 * Math.PI / 180) * Math.Cos(lat2 * Math.PI / 180) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2);
        return 2 * R * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }
}
