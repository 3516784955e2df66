using System.Globalization;

namespace CareOps.Web.Infrastructure;

/// <summary>Links that open a place in the phone's map app.</summary>
public static class MapLinks
{
    /// <summary>
    /// An AMap (高德) marker. Our coordinates are WGS-84 (GPS); AMap draws GCJ-02 unless told, which would put the pin
    /// hundreds of metres off, so the link says <c>coordinate=wgs84</c>.
    /// </summary>
    public static string AMap(double latitude, double longitude, string name) => string.Create(CultureInfo.InvariantCulture,
        $"https://uri.amap.com/marker?position={longitude:0.######},{latitude:0.######}&name={Uri.EscapeDataString(name)}&coordinate=wgs84&src=careops&callnative=1");
}
