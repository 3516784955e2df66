using System.Security.Cryptography;
using Microsoft.Net.Http.Headers;

namespace CareOps.Web.Infrastructure;

/// <summary>
/// Headers on every response (pages, endpoints, static files, error pages): a Content-Security-Policy that allows
/// only our own scripts, no sniffing, no referrer to other sites, and no caching of anything a signed-in user sees.
/// </summary>
public static class SecurityHeaders
{
    private const string NonceKey = "careops:csp-nonce";

    /// <summary>
    /// The per-response nonce for the one inline script Blazor needs (the import map, <c>&lt;ImportMap nonce=…&gt;</c>
    /// in App.razor); everything else is a file from our origin.
    /// </summary>
    public static string CspNonce(HttpContext http)
    {
        if (http.Items[NonceKey] is not string nonce)
        {
            // Hex, not base64: nothing in it for the HTML encoder to turn into an entity.
            http.Items[NonceKey] = nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        }

        return nonce;
    }

    /// <summary>
    /// The policy. Styles allow 'unsafe-inline' because MudBlazor writes style attributes and a theme &lt;style&gt;
    /// element; scripts do not (Blazor Server needs no eval). connect-src names ws(s) of this host for the circuit:
    /// 'self' covers it in current browsers, older Safari needs it spelt out.
    /// </summary>
    public static string Policy(HttpContext http)
    {
        var host = http.Request.Host;
        var socket = host.HasValue && IsPlainHost(host.Value) ? $" {(http.Request.IsHttps ? "wss" : "ws")}://{host.Value}" : "";
        return "default-src 'self'; "
            + $"script-src 'self' 'nonce-{CspNonce(http)}'; "
            + "style-src 'self' 'unsafe-inline'; "
            + $"img-src 'self' data:{(http.RequestServices?.GetService<MapSettings>()?.ImageSource is { } tiles ? " " + tiles : "")}; "
            + "font-src 'self' data:; "
            + $"connect-src 'self'{socket}; "
            + "object-src 'none'; "
            + "frame-ancestors 'none'; "
            + "base-uri 'self'; "
            + "form-action 'self'";
    }

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((http, next) =>
        {
            // On starting, not now: the exception handler and status-code pages clear headers and render again.
            http.Response.OnStarting(() =>
            {
                var headers = http.Response.Headers;
                headers.ContentSecurityPolicy = Policy(http);
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";

                // Static files (fingerprinted, public) set their own caching; anything else a signed-in user
                // receives may carry personal data and is kept out of every cache, the browser's included.
                if (http.User.Identity?.IsAuthenticated == true && !headers.ContainsKey(HeaderNames.CacheControl))
                {
                    headers.CacheControl = "no-store";
                    headers.Pragma = "no-cache";
                }

                return Task.CompletedTask;
            });
            return next(http);
        });

    /// <summary>Only a host name or address and port go into the policy, never whatever else a Host header holds.</summary>
    private static bool IsPlainHost(string host) =>
        host.Length <= 255 && host.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or ':' or '[' or ']');
}
