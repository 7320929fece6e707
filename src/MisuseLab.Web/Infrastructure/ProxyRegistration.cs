using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace MisuseLab.Web.Infrastructure;

/// <summary>
/// Section <c>MisuseLab:Proxy</c>: the TLS-terminating proxies whose <c>X-Forwarded-Proto</c>/<c>X-Forwarded-For</c>
/// the app believes. Only requests whose connection comes from one of them are rewritten, so a client cannot claim
/// https or another address by sending the headers itself. With none configured the headers are ignored.
/// </summary>
public sealed class ProxyOptions
{
    public const string SectionName = "MisuseLab:Proxy";

    /// <summary>Proxy addresses, e.g. <c>10.0.0.5</c>.</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Proxy networks in CIDR notation, e.g. <c>10.0.0.0/24</c>.</summary>
    public string[] KnownNetworks { get; set; } = [];

    public bool IsConfigured => KnownProxies.Length > 0 || KnownNetworks.Length > 0;
}

public static class ProxyRegistration
{
    public static WebApplicationBuilder AddMisuseLabProxy(this WebApplicationBuilder builder)
    {
        var proxy = new ProxyOptions();
        builder.Configuration.GetSection(ProxyOptions.SectionName).Bind(proxy);
        builder.Services.AddSingleton(proxy);
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var address in proxy.KnownProxies)
            {
                options.KnownProxies.Add(IPAddress.TryParse(address, out var ip) ? ip
                    : throw new InvalidOperationException($"MisuseLab:Proxy:KnownProxies: expected an IP address, found '{address}'."));
            }
            foreach (var network in proxy.KnownNetworks)
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(network, out var parsed) ? parsed
                    : throw new InvalidOperationException($"MisuseLab:Proxy:KnownNetworks: expected CIDR notation like 10.0.0.0/24, found '{network}'."));
            }
        });
        return builder;
    }

    /// <summary>First in the pipeline, so HSTS, cookies and redirects see the scheme the client used at the proxy.</summary>
    public static WebApplication UseMisuseLabProxy(this WebApplication app)
    {
        if (app.Services.GetRequiredService<ProxyOptions>().IsConfigured)
        {
            app.UseForwardedHeaders();
        }
        return app;
    }
}
