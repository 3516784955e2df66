using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.ResponseCompression;

namespace CareOps.Web.Infrastructure;

/// <summary>
/// The caregiver's pages (<c>/my/*</c>) as a phone on a slow line gets them (ADR 0011): their stylesheet inside the
/// document, no component library's assets, and the document compressed. On DevTools' slow 3G every request costs
/// 2 s before its first byte, so a page that paints only after a stylesheet has arrived cannot paint before 4 s.
/// </summary>
public static class PhoneShell
{
    /// <summary>Where her pages live; the API under <c>/api/my</c> is not one of them.</summary>
    public static readonly PathString Prefix = "/my";

    private static readonly Lazy<MarkupString> Stylesheet = new(() =>
    {
        using var stream = typeof(PhoneShell).Assembly.GetManifestResourceStream("phone.css")
            ?? throw new InvalidOperationException("phone.css is not embedded in CareOps.Web (see its .csproj).");
        using var reader = new StreamReader(stream);
        return new MarkupString(reader.ReadToEnd());
    });

    /// <summary>Whether this request is for one of her pages.</summary>
    public static bool Serves(HttpContext http) => http.Request.Path.StartsWithSegments(Prefix, StringComparison.OrdinalIgnoreCase);

    /// <summary><c>wwwroot/css/phone.css</c>, to put inside a <c>&lt;style&gt;</c> element.</summary>
    public static MarkupString Css => Stylesheet.Value;

    /// <summary>
    /// The import map of her pages: only the modules they import (ours and <c>idb</c>), not every script of the app
    /// with its integrity hash (2 KB of incompressible text in every document otherwise).
    /// </summary>
    public static ImportMapDefinition ImportMap(ResourceAssetCollection assets)
    {
        var all = ImportMapDefinition.FromResourceCollection(assets);
        static bool Hers(string url) => url.StartsWith("./js/", StringComparison.Ordinal) || url.StartsWith("./lib/idb/", StringComparison.Ordinal);
        var imports = (all.Imports ?? new Dictionary<string, string>()).Where(entry => Hers(entry.Key)).ToDictionary();
        var integrity = (all.Integrity ?? new Dictionary<string, string>())
            .Where(entry => imports.ContainsValue(entry.Key)).ToDictionary();
        return new ImportMapDefinition(imports, scopes: null, integrity);
    }

    /// <summary>
    /// Brotli or gzip for her pages' HTML only. Over HTTPS this is a choice (BREACH): it is safe here because the
    /// secrets in these pages (the antiforgery token, Blazor's component descriptors) are encrypted by Data Protection
    /// afresh for every response, and the pages echo nothing a third party chose (the week is parsed as a date).
    /// Static assets are served precompressed by <c>MapStaticAssets</c>, the API's JSON is small.
    /// </summary>
    public static IServiceCollection AddPhoneShell(this IServiceCollection services)
    {
        services.AddResponseCompression(options =>
        {
            options.EnableForHttps = true;
            options.MimeTypes = ["text/html"];
            options.Providers.Add<BrotliCompressionProvider>();
            options.Providers.Add<GzipCompressionProvider>();
        });
        services.Configure<BrotliCompressionProviderOptions>(options => options.Level = System.IO.Compression.CompressionLevel.Optimal);
        services.Configure<GzipCompressionProviderOptions>(options => options.Level = System.IO.Compression.CompressionLevel.Optimal);
        return services;
    }

    /// <summary>Compresses the responses of her pages (and of nothing else).</summary>
    public static IApplicationBuilder UsePhoneShell(this IApplicationBuilder app) =>
        app.UseWhen(Serves, branch => branch.UseResponseCompression());
}
