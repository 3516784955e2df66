using System.Net;
using System.Text.RegularExpressions;
using CareOps.Data.Seeding;

namespace CareOps.Bench;

/// <summary>The phones' sign-in through the app's login form, as a phone's browser does it.</summary>
internal static partial class SignIn
{
    /// <summary>Signs in every email, <paramref name="parallel"/> at a time; returns each one's sign-in cookie as a Cookie header.</summary>
    public static async Task<string[]> AllAsync(Uri app, IReadOnlyList<string> emails, int parallel)
    {
        var cookies = new string[emails.Count];
        using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = app };
        await Parallel.ForEachAsync(Enumerable.Range(0, emails.Count), new ParallelOptions { MaxDegreeOfParallelism = parallel },
            async (i, ct) => cookies[i] = await OneAsync(http, emails[i], ct));
        return cookies;
    }

    /// <summary>GET /login for the antiforgery token, POST /account/login with the demo password; returns the sign-in cookie.</summary>
    public static async Task<string> OneAsync(HttpClient http, string email, CancellationToken ct)
    {
        using var login = await http.GetAsync("/login", ct);
        var antiforgery = string.Join("; ", login.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        var token = Token().Match(await login.Content.ReadAsStringAsync(ct)).Groups[1].Value;
        using var post = new HttpRequestMessage(HttpMethod.Post, "/account/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Email"] = email,
                ["Password"] = DemoArchipelago.DemoPassword,
                ["ReturnUrl"] = "/",
                ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
            }),
        };
        post.Headers.Add("Cookie", antiforgery);
        using var response = await http.SendAsync(post, ct);
        var auth = response.Headers.TryGetValues("Set-Cookie", out var set)
            ? set.Select(c => c.Split(';')[0]).SingleOrDefault(c => c.StartsWith("careops.auth=", StringComparison.Ordinal))
            : null;
        return auth ?? throw new InvalidOperationException($"sign-in of {email} failed: {(int)response.StatusCode} {response.Headers.Location}");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
