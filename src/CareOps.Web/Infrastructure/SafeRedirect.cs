namespace CareOps.Web.Infrastructure;

/// <summary>
/// Where a redirect that came from the request (a return URL, a language switch) may go: a local path, or home.
/// </summary>
public static class SafeRedirect
{
    /// <summary>Longer return URLs are not ours (our paths are short); they only make long Location headers.</summary>
    public const int MaxLength = 2048;

    /// <summary>
    /// <paramref name="url"/> when it is a local path a browser will read as one, else "/". Besides "//host" and "/\host"
    /// (open redirects) this refuses control characters, which browsers strip ("/%09/evil" becomes "//evil") and which
    /// made <c>Results.LocalRedirect</c> throw (a 500), and anything outside printable ASCII, which Kestrel refuses in a header.
    /// </summary>
    public static string Local(string? url)
    {
        if (string.IsNullOrEmpty(url) || url.Length > MaxLength || url[0] != '/')
        {
            return "/";
        }

        if (url.Length > 1 && (url[1] == '/' || url[1] == '\\'))
        {
            return "/";
        }

        foreach (var c in url)
        {
            if (c is < '!' or > '~')
            {
                return "/";
            }
        }

        return url;
    }
}
