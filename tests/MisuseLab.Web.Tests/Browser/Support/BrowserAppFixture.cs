using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MisuseLab.Platform.Launch;
using MisuseLab.Platform.Studies;
using MisuseLab.Storage.Audit;
using MisuseLab.Storage.Participants;
using MisuseLab.Storage.Responses;
using MisuseLab.Storage.Studies;
using MisuseLab.Storage.Users;
using MisuseLab.Study.Definitions;
using MisuseLab.Web.Studies;
using MisuseLab.Web.Tests.Support;

namespace MisuseLab.Web.Tests.Browser.Support;

/// <summary>
/// The real app served over HTTP by Kestrel on 127.0.0.1 (a free port) with a temp SQLite database, the demo study
/// launched with its real stimuli (models trained once per test run), and Debian's Chromium driven by Playwright.
/// No browser is ever downloaded: a missing /usr/bin/chromium fails the tests with the way to install it.
/// </summary>
public sealed class BrowserAppFixture : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";
    public const string DemoSlug = "demo";
    /// <summary>The password of every account the browser tests create, staff and participants alike.</summary>
    public const string Password = "correct horse battery staple";

    private readonly string _folder = Directory.CreateTempSubdirectory("misuselab-browser-").FullName;
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private string? _unavailable;

    private readonly Dictionary<string, Task<StudyVersionRecord>> _launched = new(StringComparer.Ordinal);

    public string BaseUrl { get; private set; } = "";
    public StudyDefinition Demo { get; private set; } = null!;
    public StudyVersionRecord DemoVersion { get; private set; } = null!;

    /// <summary>Where screenshots go: TestResults/screenshots under the test output folder.</summary>
    public static string ScreenshotRoot => Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.RaiseRateLimits();
        builder.UseSetting("MisuseLab:Demo", "false"); // the fixture launches demo itself, and wants no demo accounts
        builder.UseSetting("MisuseLab:SanitySeeds", "0"); // kaur2020 is launched here for the keyboard journey; sanity is tested with the analyst fixture
        builder.UseSetting("MisuseLab:Database:Provider", "sqlite");
        builder.UseSetting("MisuseLab:Database:ConnectionString", $"Data Source={Path.Combine(_folder, "browser.db")}");
    }

    public async Task InitializeAsync()
    {
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        StartServer();
        BaseUrl = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().TrimEnd('/');
        var studies = StudyFiles.FindStudiesDirectory(AppContext.BaseDirectory)
            ?? throw new InvalidOperationException("studies/ not found above " + AppContext.BaseDirectory);
        DemoVersion = await Services.GetRequiredService<StudyLaunch>().LaunchFileAsync(Path.Combine(studies, DemoSlug + ".json"), AuditActor.System("browser-tests"), CancellationToken.None);
        Demo = Services.GetRequiredService<StudyCatalog>().DefinitionOf(DemoVersion);

        if (!File.Exists(ChromiumPath))
        {
            _unavailable = $"Chromium is not installed at {ChromiumPath}. Install Debian's package (apt-get update && apt-get install -y chromium, " +
                           "or run .ci/install-deps); the browser tests never download a browser.";
            return;
        }
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        });
    }

    /// <summary>A fresh browser context (own cookies) at a laptop-sized viewport; fails with the reason when Chromium is missing.</summary>
    public async Task<IBrowserContext> NewContextAsync()
    {
        if (_browser is null)
        {
            Assert.Fail(_unavailable ?? "The browser did not start.");
        }
        return await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            AcceptDownloads = true,
        });
    }

    /// <summary>
    /// studies/{<paramref name="slug"/>}.json launched through the app's own launcher the first time a test asks (once
    /// per run: launching trains the study's models, so only the tests that need another study pay for it).
    /// </summary>
    public Task<StudyVersionRecord> LaunchedAsync(string slug)
    {
        lock (_launched)
        {
            if (!_launched.TryGetValue(slug, out var launch))
            {
                var studies = StudyFiles.FindStudiesDirectory(AppContext.BaseDirectory)
                    ?? throw new InvalidOperationException("studies/ not found above " + AppContext.BaseDirectory);
                launch = Services.GetRequiredService<StudyLaunch>().LaunchFileAsync(Path.Combine(studies, slug + ".json"), AuditActor.System("browser-tests"), CancellationToken.None);
                _launched[slug] = launch;
            }
            return launch;
        }
    }

    public StudyDefinition DefinitionOf(StudyVersionRecord version) => Services.GetRequiredService<StudyCatalog>().DefinitionOf(version);

    /// <summary>A fresh invitation code of the study (for studies whose enrolment is by invitation), stored as a facilitator's would be.</summary>
    public async Task<string> NewInviteCodeAsync(long studyId)
    {
        var code = $"B-{ParticipantRepository.NewCode(8)}";
        await Participants.AddInviteCodesAsync(studyId, [code], DateTimeOffset.UtcNow);
        return code;
    }

    public UserRepository Users => Services.GetRequiredService<UserRepository>();
    public ParticipantRepository Participants => Services.GetRequiredService<ParticipantRepository>();
    public ResponseRepository Responses => Services.GetRequiredService<ResponseRepository>();
    public StudyRepository Studies => Services.GetRequiredService<StudyRepository>();
    public StimulusRepository Stimuli => Services.GetRequiredService<StimulusRepository>();

    /// <summary>
    /// A new account of <paramref name="role"/> (facilitators and analysts are made by admins, never by registering),
    /// stored through the app's own repository and password hasher; it signs in with <see cref="Password"/>.
    /// </summary>
    public async Task<string> AddAccountAsync(string role)
    {
        var email = $"{role}-{Guid.NewGuid():N}@example.org";
        await Users.AddAsync(email, AccountPasswords.Hash(Password), role, DateTimeOffset.UtcNow);
        return email;
    }

    /// <summary>Makes account <paramref name="email"/> a member of study <paramref name="slug"/> (per-study access): studies the fixture launches have no importer.</summary>
    public async Task AddMemberAsync(string email, string slug)
    {
        var account = await Users.FindByEmailAsync(email) ?? throw new InvalidOperationException($"no account {email}");
        var study = await Services.GetRequiredService<StudyRepository>().FindStudyAsync(slug) ?? throw new InvalidOperationException($"no study {slug}");
        await Services.GetRequiredService<StudyMemberRepository>().AddAsync(study.Id, account.Id, DateTimeOffset.UtcNow, audit: null);
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
        await DisposeAsync();
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

/// <summary>Browser tests share one app and one Chromium and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserAppFixture>
{
    public const string Name = "browser";
}
