using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MisuseLab.Bots;
using MisuseLab.Study.Adult;
using MisuseLab.Web.Infrastructure;
using MisuseLab.Web.Studies;

namespace MisuseLab.Cli.Bench;

/// <summary>
/// Page latency under concurrent participants: the web app hosted in this process exactly as Program.cs builds it
/// (<see cref="MisuseLabApp"/>; Kestrel on 127.0.0.1 at a free port, Production settings, a temporary SQLite database,
/// demo seeding off), the demo study launched through the app's own <see cref="StudyLauncher"/>, then
/// <see cref="BotRunner"/> with every bot in flight at once. The percentiles are over every HTTP request the bots made
/// (registration, login, page GETs, form posts, autosaves), measured on the client side, so they include what a
/// participant waits for: password hashing at registration and login as much as page rendering.
/// </summary>
internal static class PageLatencyBench
{
    public const string Study = "demo";

    /// <param name="demoStudyPath">studies/demo.json, whose slug is <see cref="Study"/>.</param>
    public static LatencyFigures Run(BenchSettings settings, string dataDirectory, string demoStudyPath, Action<string> log) =>
        RunAsync(settings, dataDirectory, demoStudyPath, log).GetAwaiter().GetResult();

    private static async Task<LatencyFigures> RunAsync(BenchSettings settings, string dataDirectory, string demoStudyPath, Action<string> log)
    {
        var folder = Directory.CreateTempSubdirectory("misuselab-bench-");
        try
        {
            BotReport report;
            double? load;
            await using (var app = Build(folder.FullName, dataDirectory))
            {
                await app.StartAsync();
                var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
                log($"page latency: server at {address}; launching {demoStudyPath} (trains its models and builds its stimuli)");
                await app.Services.GetRequiredService<StudyLauncher>().LaunchFileAsync(demoStudyPath, "bench", null, CancellationToken.None);

                load = LoadAverage.OneMinute();
                report = await BotRunner.RunAsync(new BotOptions
                {
                    BaseUrl = new Uri(address.TrimEnd('/') + "/"),
                    StudySlug = Study,
                    Participants = settings.Bots,
                    Concurrency = settings.Bots,
                    Policy = BotPolicy.Random,
                    Seed = 42,
                    Timeout = TimeSpan.FromMinutes(20),
                });
                await app.StopAsync();
            }
            if (report.Errors > 0)
                throw new IOException($"{report.Errors} of {report.Participants} bots did not finish (first: {report.ErrorDetails[0].Message}); latency figures that leave them out would flatter the server.");
            log($"page latency: {report.Completed} bots finished, {report.Requests:N0} requests in {report.Seconds:F1} s");
            return new LatencyFigures(report.Percentile(0.50), report.Percentile(0.99), report.StudyPercentile(0.50), report.StudyPercentile(0.99),
                (int)report.Requests, settings.Bots, report.Seconds, load);
        }
        finally
        {
            SqliteConnection.ClearAllPools(); // pooled connections would keep the database file open
            try { folder.Delete(recursive: true); } catch (IOException) { /* a leftover temp folder is harmless */ }
        }
    }

    private static WebApplication Build(string folder, string dataDirectory)
    {
        var root = AdultDataLocator.FindRepositoryRoot();
        var webProject = root is null ? null : Path.Combine(root, "src", "MisuseLab.Web");
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            // The app's assembly, not ours: MVC discovers its controllers and compiled views from the application name.
            ApplicationName = typeof(MisuseLabApp).Assembly.GetName().Name,
            ContentRootPath = webProject is not null && Directory.Exists(webProject) ? webProject : AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
            Args = [],
        });
        // Added last, so they win over appsettings.json and any MisuseLab__* variables in the environment.
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["MisuseLab:Demo"] = "false",
            ["MisuseLab:DataDir"] = dataDirectory,
            ["MisuseLab:Database:Provider"] = "sqlite",
            ["MisuseLab:Database:ConnectionString"] = $"Data Source={Path.Combine(folder, "bench.db")}",
        });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        return MisuseLabApp.Build(builder);
    }
}
