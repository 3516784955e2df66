namespace CareOps.Web.Infrastructure;

/// <summary>
/// Where the maps' background tiles come from (<c>Map:TileUrl</c>, a Leaflet URL template such as OpenStreetMap's,
/// AMap's or Tianditu's; empty: no tiles). Maps draw places, clients, routes and ferry lines from our own coordinates,
/// so they stay useful when no tile server is reachable (a caregiver's island, a locked-down office network).
/// </summary>
public sealed class MapSettings
{
    public string TileUrl { get; set; } = "";

    public string Attribution { get; set; } = "";

    /// <summary>The CSP img-src source the tiles need ("https://*.tile.openstreetmap.org"), or null without tiles.</summary>
    public string? ImageSource
    {
        get
        {
            if (string.IsNullOrWhiteSpace(TileUrl))
            {
                return null;
            }

            var template = TileUrl.Replace("{s}", "a", StringComparison.Ordinal);
            if (!Uri.TryCreate(template.Split('?')[0].Replace("{", "", StringComparison.Ordinal).Replace("}", "", StringComparison.Ordinal), UriKind.Absolute, out var uri))
            {
                return null;
            }

            var host = TileUrl.Contains("{s}", StringComparison.Ordinal) ? "*." + uri.Host.Split('.', 2)[1] : uri.Host;
            return $"{uri.Scheme}://{host}";
        }
    }
}
