using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace MisuseLab.Web.Tests.Support;

/// <summary>
/// Base of the tests that need requests from several client addresses (rate limits, trusted proxies): a throwaway
/// SQLite folder, apps built over it whose requests name their address in <see cref="Header"/>, and the teardown.
/// The test server has no socket: the filter sets the connection's address, as the TCP peer would, before the app runs.
/// </summary>
public abstract class RemoteAddressTests(string folderPrefix) : IDisposable
{
    public const string Header = "X-Test-Remote-Address";

    protected string Folder { get; } = Directory.CreateTempSubdirectory(folderPrefix).FullName;

    /// <summary>An app in the Testing environment, no demo, its database <paramref name="databaseFile"/> in <see cref="Folder"/>.</summary>
    protected WebApplicationFactory<Program> NewApp(string databaseFile, Action<IWebHostBuilder>? configure = null) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Testing");
            b.UseSetting("MisuseLab:Demo", "false");
            b.UseSetting("MisuseLab:Database:ConnectionString", $"Data Source={Path.Combine(Folder, databaseFile)}");
            b.ConfigureTestServices(services => services.AddSingleton<IStartupFilter>(new RemoteAddressFilter()));
            configure?.Invoke(b);
        });

    public virtual void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(Folder, recursive: true);
        GC.SuppressFinalize(this);
    }

    private sealed class RemoteAddressFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, following) =>
            {
                if (context.Request.Headers.TryGetValue(Header, out var value))
                {
                    context.Connection.RemoteIpAddress = IPAddress.Parse(value.ToString());
                }
                return following(context);
            });
            next(app);
        };
    }
}
