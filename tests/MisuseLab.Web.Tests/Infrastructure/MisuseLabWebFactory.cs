using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using MisuseLab.Storage;
using MisuseLab.Web.Tests.Support;

namespace MisuseLab.Web.Tests.Infrastructure;

/// <summary>The real app on a test server, pointed at a test database, plus the test-only API controller.</summary>
public sealed class MisuseLabWebFactory(DatabaseOptions database) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.RaiseRateLimits();
        builder.UseSetting("MisuseLab:Demo", "false"); // demo seeding trains models; these tests need none
        builder.UseSetting("MisuseLab:Database:Provider", database.Provider);
        builder.UseSetting("MisuseLab:Database:ConnectionString", database.ConnectionString);
        builder.ConfigureTestServices(services =>
            services.AddControllers().AddApplicationPart(typeof(TestApiController).Assembly));
    }

    /// <summary>A browser-like client: keeps cookies, does not follow redirects (tests assert them).</summary>
    public BrowserSession NewSession() =>
        new(CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));
}
