using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Options;
using MisuseLab.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MisuseLab.Platform.Launch;
using MisuseLab.Platform.Studies;
using MisuseLab.Storage.Audit;
using MisuseLab.Storage.Connections;
using MisuseLab.Storage.Participants;
using MisuseLab.Storage.Responses;
using MisuseLab.Storage.Studies;
using MisuseLab.Study.Definitions;
using MisuseLab.Web.Studies;

namespace MisuseLab.Web.Tests.Support;

/// <summary>
/// The web app on a temp SQLite database with demo seeding off, and kaur2020 launched once for the whole test run
/// (building its stimuli is the slow part). Every test uses fresh accounts, so tests never share a participant.
/// <see cref="PostgresStudyAppFixture"/> is the same app on a PostgreSQL database of the test cluster.
/// </summary>
public class StudyAppFixture : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string Slug = "kaur2020";

    private readonly string _folder = Directory.CreateTempSubdirectory("misuselab-web-").FullName;
    private int _counter;

    public StudyDefinition Definition { get; private set; } = null!;
    public StudyVersionRecord Version { get; private set; } = null!;

    /// <summary>studies/demo.json: open enrolment, no background questions of its own (the defaults apply).</summary>
    public StudyVersionRecord Demo { get; private set; } = null!;

    /// <summary>studies/baselines.json: Prolific enrolment with a completion URL, forward-simulation trials.</summary>
    public StudyVersionRecord Baselines { get; private set; } = null!;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.RaiseRateLimits();
        builder.UseSetting("MisuseLab:Demo", "false");
        // kaur2020 is launched several times in this suite; its sanity checks are tested where the demo study launches.
        builder.UseSetting("MisuseLab:SanitySeeds", "0");
        UseDatabase(builder);
    }

    /// <summary>Made before the host starts (the PostgreSQL fixture creates its database here).</summary>
    protected virtual Task PrepareDatabaseAsync() => Task.CompletedTask;

    /// <summary>Dropped after the host stopped.</summary>
    protected virtual Task DropDatabaseAsync() => Task.CompletedTask;

    /// <summary>Whether demo and baselines are launched besides kaur2020 (the PostgreSQL fixture needs kaur2020 only).</summary>
    protected virtual bool LaunchesEveryStudy => true;

    protected virtual void UseDatabase(IWebHostBuilder builder)
    {
        builder.UseSetting("MisuseLab:Database:Provider", "sqlite");
        builder.UseSetting("MisuseLab:Database:ConnectionString", $"Data Source={Path.Combine(_folder, "web.db")}");
        // Every SQL statement the app runs is counted (PageBudgetTests); the wrapper only counts, the database is the real one.
        builder.ConfigureTestServices(services => services.AddSingleton<IDbConnectionFactory>(sp =>
            Counting = new CountingSqlite(DbConnectionFactory.Create(sp.GetRequiredService<IOptions<DatabaseOptions>>().Value, _folder))));
    }

    /// <summary>The app's connection factory, counting the SQL statements it runs.</summary>
    public CountingSqlite Counting { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await PrepareDatabaseAsync();
        _ = Server; // starts the host: migrations run
        var studies = StudyFiles.FindStudiesDirectory(AppContext.BaseDirectory)
            ?? throw new InvalidOperationException("studies/ not found above " + AppContext.BaseDirectory);
        var launcher = Services.GetRequiredService<StudyLaunch>();
        Version = await launcher.LaunchFileAsync(Path.Combine(studies, Slug + ".json"), AuditActor.System("tests"), CancellationToken.None);
        Definition = Services.GetRequiredService<StudyCatalog>().DefinitionOf(Version);
        if (!LaunchesEveryStudy) return;
        Demo = await launcher.LaunchFileAsync(Path.Combine(studies, "demo.json"), AuditActor.System("tests"), CancellationToken.None);
        Baselines = await launcher.LaunchFileAsync(Path.Combine(studies, "baselines.json"), AuditActor.System("tests"), CancellationToken.None);
    }

    public ParticipantRepository Participants => Services.GetRequiredService<ParticipantRepository>();
    public ResponseRepository Responses => Services.GetRequiredService<ResponseRepository>();
    public StimulusRepository Stimuli => Services.GetRequiredService<StimulusRepository>();
    public IDbConnectionFactory Connections => Services.GetRequiredService<IDbConnectionFactory>();

    /// <summary>A fresh invite code of kaur2020 (its enrolment is by invitation).</summary>
    public async Task<string> NewInviteCodeAsync()
    {
        var code = $"T{Interlocked.Increment(ref _counter)}-{ParticipantRepository.NewCode(8)}";
        await Participants.AddInviteCodesAsync(Version.StudyId, [code], DateTimeOffset.UtcNow);
        return code;
    }

    public string NewEmail() => $"p{Interlocked.Increment(ref _counter)}-{Guid.NewGuid():N}@example.org";

    public ParticipantClient NewClient() => new(CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }), this);

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await DropDatabaseAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

[CollectionDefinition(Name)]
public sealed class StudyCollection : ICollectionFixture<StudyAppFixture>
{
    public const string Name = "study";
}
