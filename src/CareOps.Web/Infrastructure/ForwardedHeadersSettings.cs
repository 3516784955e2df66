using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace CareOps.Web.Infrastructure;

/// <summary>
/// X-Forwarded-For/-Proto from a reverse proxy, only when the settings say so ("ForwardedHeaders": Enabled, KnownProxies,
/// KnownNetworks; docs/production.md). Off by default: trusted from anyone, the headers would let a client choose the
/// address the audit log records and make plain HTTP pass for HTTPS.
/// </summary>
public static class ForwardedHeadersSettings
{
    public const string Section = "ForwardedHeaders";

    public static IServiceCollection AddForwardedHeadersFromSettings(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.ForwardLimit = section.GetValue("ForwardLimit", 1);

            // Note: only the proxies named here are believed; the framework's default (loopback) is replaced, not extended.
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in section.GetSection("KnownProxies").Get<string[]>() ?? [])
            {
                options.KnownProxies.Add(IPAddress.Parse(proxy));
            }

            foreach (var network in section.GetSection("KnownNetworks").Get<string[]>() ?? [])
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
        return services;
    }

    public static IApplicationBuilder UseForwardedHeadersFromSettings(this IApplicationBuilder app)
    {
        var configuration = app.ApplicationServices.GetRequiredService<IConfiguration>();
        return configuration.GetValue<bool>($"{Section}:Enabled") ? app.UseForwardedHeaders() : app;
    }
}
