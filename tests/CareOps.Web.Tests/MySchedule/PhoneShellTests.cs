using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using CareOps.Web.Tests.Infrastructure;

namespace CareOps.Web.Tests.MySchedule;

/// <summary>
/// Her pages (/my/*) in their light shell (ADR 0011): stylesheet inside the document, no MudBlazor, HTML compressed,
/// nothing of the query echoed; the other pages keep the app's shell and are not compressed.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class PhoneShellTests(CareOpsApp app)
{
    private const string Caregiver = "r2.cg01@demo.careops.cn";

    [Fact]
    public async Task Today_PaintsFromTheDocumentAlone()
    {
        var browser = await app.SignedInAsync(Caregiver);

        var html = await (await browser.GetAsync("/my/schedule")).Content.ReadAsStringAsync();

        Assert.Contains("<style>", html);
        Assert.Contains(".phone-bar {", html);
        Assert.Contains(".my-visit {", html);
        Assert.DoesNotContain("rel=\"stylesheet\"", html);
        Assert.DoesNotContain("MudBlazor", html);
        Assert.DoesNotContain("mud-", html);
        Assert.Contains("_framework/blazor.web", html); // today has a circuit (live schedule)
        Assert.Contains("data-testid=\"user-name\"", html);
        Assert.Contains("action=\"/account/logout\"", html);
    }

    [Fact]
    public async Task VisitPage_LoadsNoCircuitScripts()
    {
        var browser = await app.SignedInAsync(Caregiver);

        var html = await (await browser.GetAsync($"/my/visits/{Guid.NewGuid():D}")).Content.ReadAsStringAsync();

        Assert.Contains("data-testid=\"visit-missing\"", html);
        Assert.Contains(".phone-bar {", html);
        Assert.DoesNotContain("blazor.web", html);
        Assert.DoesNotContain("signalr", html);
        Assert.DoesNotContain("MudBlazor", html);
    }

    [Theory]
    [InlineData("br")]
    [InlineData("gzip")]
    public async Task HerPages_AreCompressed(string encoding)
    {
        var browser = await app.SignedInAsync(Caregiver);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/my/schedule");
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(encoding));

        var response = await browser.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([encoding], response.Content.Headers.ContentEncoding);
        var compressed = await response.Content.ReadAsByteArrayAsync();
        var html = Decode(compressed, encoding);
        Assert.Contains("data-testid=\"schedule-next-week\"", html);
        Assert.True(compressed.Length * 2 < System.Text.Encoding.UTF8.GetByteCount(html), $"{compressed.Length} B compressed of {html.Length} chars");
    }

    [Fact]
    public async Task OfficePages_KeepTheAppShell_Uncompressed()
    {
        var browser = await app.SignedInAsync("r2.dispatcher@demo.careops.cn");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("br"));

        var response = await browser.SendAsync(request);

        Assert.Empty(response.Content.Headers.ContentEncoding);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("MudBlazor.min.css", html);
        Assert.Contains("css/phone", html); // the same phone styles, linked, for a client-side move to her pages
    }

    [Fact]
    public async Task Query_IsNotEchoed()
    {
        // BREACH needs text a third party chose inside a compressed page: her pages render the week from the parsed
        // date only, and the language link carries the path only.
        var browser = await app.SignedInAsync(Caregiver);
        const string Chosen = "zz-chosen-by-someone-else";

        var html = await (await browser.GetAsync($"/my/schedule?week={Chosen}&x={Chosen}")).Content.ReadAsStringAsync();

        Assert.Contains("data-testid=\"schedule-next-week\"", html);
        Assert.DoesNotContain(Chosen, html);
        Assert.Contains("redirectUri=%2Fmy%2Fschedule\"", html);
    }

    private static string Decode(byte[] bytes, string encoding)
    {
        using var input = new MemoryStream(bytes);
        using Stream decoder = encoding == "br" ? new BrotliStream(input, CompressionMode.Decompress) : new GZipStream(input, CompressionMode.Decompress);
        using var reader = new StreamReader(decoder);
        return reader.ReadToEnd();
    }
}
