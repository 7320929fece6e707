using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MisuseLab.Platform.Launch;
using MisuseLab.Platform.Studies;
using MisuseLab.Storage.Audit;
using MisuseLab.Storage.Connections;
using MisuseLab.Storage.Studies;
using MisuseLab.Storage.Users;
using MisuseLab.Study.Definitions;
using MisuseLab.Study.Pipeline;
using MisuseLab.Web.Studies;
using MisuseLab.Web.Tests.Support;

namespace MisuseLab.Web.Tests.Analyst;

/// <summary>
/// The web app on a temp SQLite database with one study launched through the real pipeline (StudyBuilder trains its GBDT
/// once per test run, and the launch runs the sanity checks over the default 5 seeds): demo.json plus a yes/no item on its local page and a free-text page, so every analysis and coding path
/// has data. Tests complete sessions through the participant pages like a browser.
/// </summary>
public sealed partial class AnalystAppFixture : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string Slug = "demo-analyst";
    public const string Password = "correct horse battery staple";

    private readonly string _folder = Directory.CreateTempSubdirectory("misuselab-analyst-").FullName;
    private int _counter;

    public StudyDefinition Definition { get; private set; } = null!;
    public StudyVersionRecord Version { get; private set; } = null!;
    public string StudyFile => Path.Combine(_folder, Slug + ".json");
    public string DatabaseFile => Path.Combine(_folder, "web.db");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.RaiseRateLimits();
        builder.UseSetting("MisuseLab:Demo", "false");
        builder.UseSetting("MisuseLab:Database:Provider", "sqlite");
        builder.UseSetting("MisuseLab:Database:ConnectionString", $"Data Source={DatabaseFile}");
        builder.UseSetting("MisuseLab:Power:TimeBudgetSeconds", "900"); // the power page must finish even on a loaded CI machine
    }

    public async Task InitializeAsync()
    {
        _ = Server;
        var studies = StudyFiles.FindStudiesDirectory(AppContext.BaseDirectory)
            ?? throw new InvalidOperationException("studies/ not found above " + AppContext.BaseDirectory);
        await File.WriteAllTextAsync(StudyFile, TestStudyJson(File.ReadAllText(Path.Combine(studies, "demo.json"))));
        Version = await Services.GetRequiredService<StudyLaunch>().LaunchFileAsync(StudyFile, AuditActor.System("tests"), CancellationToken.None);
        Definition = Services.GetRequiredService<StudyCatalog>().DefinitionOf(Version);
    }

    /// <summary>demo.json with id demo-analyst, a keyed yes/no question on the local page and an optional free-text page before the debrief.</summary>
    private static string TestStudyJson(string demo)
    {
        var root = JsonNode.Parse(demo)!.AsObject();
        root["id"] = Slug;
        var pages = root["pages"]!.AsArray();
        var local = pages.First(p => (string?)p!["id"] == "local")!.AsObject();
        local["questions"] = new JsonArray(new JsonObject
        {
            ["id"] = "local-correct", ["kind"] = "yes-no",
            ["prompt"] = "Did the model classify this person correctly?", ["key"] = "no",
        });
        pages.Insert(pages.Count - 1, new JsonObject
        {
            ["id"] = "issues", ["kind"] = "free-text", ["title"] = "Anything odd?",
            ["questions"] = new JsonArray(new JsonObject
            {
                ["id"] = "issues-noticed", ["kind"] = "text", ["required"] = false, ["max_length"] = 2000,
                ["prompt"] = "Describe any issues you noticed with the data, the model or the explanations.",
            }),
        });
        return root.ToJsonString();
    }

    public IDbConnectionFactory Connections => Services.GetRequiredService<IDbConnectionFactory>();

    public string NewEmail() => $"a{Interlocked.Increment(ref _counter)}-{Guid.NewGuid():N}@example.org";

    public HttpClient NewClient() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>A signed-in client with an account of <paramref name="role"/> made directly (as `misuselab users add` would).</summary>
    /// <param name="studyId">The study a facilitator or analyst is made a member of (default: the fixture's).</param>
    public async Task<HttpClient> SignedInAsync(string role, long? studyId = null)
    {
        var email = NewEmail();
        var account = await Services.GetRequiredService<UserRepository>().AddAsync(email, AccountPasswords.Hash(Password), role, DateTimeOffset.UtcNow);
        if (Platform.Access.StudyAccess.MemberRoles.Contains(role))
        {
            // The fixture's study was launched by the tests, so it has no importer; its analysts are added as an admin would.
            await Services.GetRequiredService<StudyMemberRepository>().AddAsync(studyId ?? Version.StudyId, account.Id, DateTimeOffset.UtcNow, audit: null);
        }
        var client = NewClient();
        var login = await client.GetStringAsync("/account/login");
        var response = await client.PostAsync("/account/login", Form(login, [new("Email", email), new("Password", Password), new("ReturnUrl", "")]));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    /// <summary>Form content with the antiforgery token of <paramref name="html"/>.</summary>
    public static FormUrlEncodedContent Form(string html, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var token = TokenPattern().Match(html);
        Assert.True(token.Success, "the page has no antiforgery token");
        return new FormUrlEncodedContent(fields.Append(new("__RequestVerificationToken", WebUtility.HtmlDecode(token.Groups[1].Value))));
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}

[CollectionDefinition(Name)]
public sealed class AnalystCollection : ICollectionFixture<AnalystAppFixture>
{
    public const string Name = "analyst";
}
