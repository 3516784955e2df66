using System.Net;
using System.Text.RegularExpressions;
using CareOps.Web.Features.Billing;
using CareOps.Web.Tests.Features;

namespace CareOps.Web.Tests.Security;

/// <summary>Issue 8: a real Content-Security-Policy and friends on every response, and no caching of personal data.</summary>
[Collection(SecurityCollection.Name)]
public sealed partial class SecurityHeadersTests(SecurityApp app)
{
    [Fact]
    public async Task LoginPage_HasPolicyWithNonceOfItsImportMap()
    {
        var response = await app.Browser().GetAsync("/login");
        var html = await response.Content.ReadAsStringAsync();
        var policy = Header(response, "Content-Security-Policy");

        var nonce = ImportMapNonce().Match(html).Groups[1].Value;
        Assert.NotEmpty(nonce);
        Assert.Contains($"script-src 'self' 'nonce-{nonce}';", policy);
        Assert.Contains("style-src 'self' 'unsafe-inline';", policy);
        Assert.Contains("connect-src 'self' ws://localhost;", policy);
        // Images: our own, data URIs, and the map tile server of the settings (OpenStreetMap by default), nothing else.
        Assert.Contains("img-src 'self' data: https://*.tile.openstreetmap.org;", policy);
        Assert.Contains("frame-ancestors 'none';", policy);
        Assert.Contains("base-uri 'self';", policy);
        Assert.Contains("form-action 'self'", policy);
        Assert.DoesNotContain("unsafe-eval", policy);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
    }

    [Fact]
    public async Task Nonce_IsNewForEveryResponse()
    {
        var browser = app.Browser();

        var first = Header(await browser.GetAsync("/login"), "Content-Security-Policy");
        var second = Header(await browser.GetAsync("/login"), "Content-Security-Policy");

        Assert.NotEqual(first, second);
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/not-a-page")]
    [InlineData("/app.css")]
    public async Task OtherResponses_CarryThePolicyToo(string path)
    {
        var response = await app.Browser().GetAsync(path);

        Assert.StartsWith("default-src 'self';", Header(response, "Content-Security-Policy"));
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
    }

    [Fact]
    public async Task SignedInPage_IsNotStored()
    {
        var dispatcher = await app.SignedInAsync("r6.dispatcher@demo.careops.cn");

        var response = await dispatcher.GetAsync("/clients");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("no-store", Header(response, "Cache-Control"));
    }

    [Fact]
    public async Task ClaimExport_IsNotStored()
    {
        var agency = await app.AgencyIdAsync("R6");
        var draft = (await new CloseMonth(app.FactoryFor(agency), app.Clock, app.Finance(agency)).DraftAsync(new DateOnly(2026, 12, 1))).Value!;
        var finance = await app.SignedInAsync("r6.finance@demo.careops.cn");

        var csv = await finance.GetAsync($"/billing/batches/{draft.Id}/export.csv");
        var json = await finance.GetAsync($"/billing/batches/{draft.Id}/export.json");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (csv.StatusCode, json.StatusCode));
        Assert.Equal("no-store", Header(csv, "Cache-Control"));
        Assert.Equal("no-store", Header(json, "Cache-Control"));

        // Downloads, all three: the browser saves the file instead of showing raw JSON in the page.
        Assert.All(new[] { csv, json }, r => Assert.Equal("attachment", r.Content.Headers.ContentDisposition?.DispositionType));
        Assert.EndsWith(".json", json.Content.Headers.ContentDisposition!.FileName!.Trim('"'), StringComparison.Ordinal);
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : "";

    [GeneratedRegex("<script type=\"importmap\" nonce=\"([^\"]+)\"")]
    private static partial Regex ImportMapNonce();
}
