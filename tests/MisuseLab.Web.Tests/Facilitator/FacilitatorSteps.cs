using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using MisuseLab.Platform.Audit;
using MisuseLab.Platform.Drafts;
using MisuseLab.Platform.Enrolment;
using MisuseLab.Platform.Launch;
using MisuseLab.Platform.Lifecycle;
using MisuseLab.Platform.Monitoring;
using MisuseLab.Platform.Sessions;
using MisuseLab.Storage.Studies;
using MisuseLab.Storage.Users;
using MisuseLab.Study.Definitions;
using MisuseLab.Web.Tests.Support;

namespace MisuseLab.Web.Tests.Facilitator;

/// <summary>
/// What the facilitator tests do through HTTP, on the shared study app: sign in with a role, import the demo study
/// under a fresh slug (so tests never share a study), launch and wait for the build, join as a participant.
/// </summary>
internal static partial class FacilitatorSteps
{
    [GeneratedRegex(@"^/facilitator/versions/(\d+)")]
    private static partial Regex VersionUrl();

    private static int _slugs;

    public static StudyRepository Studies(this StudyAppFixture app) => app.Services.GetRequiredService<StudyRepository>();

    /// <summary>A client signed in with a new account of <paramref name="role"/>.</summary>
    public static async Task<ParticipantClient> SignedInAsync(this StudyAppFixture app, string role)
    {
        var email = app.NewEmail();
        await app.Services.GetRequiredService<UserRepository>().AddAsync(email, AccountPasswords.Hash(ParticipantClient.Password), role, DateTimeOffset.UtcNow);
        var client = app.NewClient();
        var signedIn = await client.SignInAsync(email);
        Assert.Equal(302, signedIn.Status);
        return client;
    }

    /// <summary>
    /// Makes account <paramref name="email"/> a member of study <paramref name="slug"/> (per-study access): the studies
    /// the fixture launches have no importer, so staff who work on them must be added, as an admin would.
    /// </summary>
    public static async Task AddMemberAsync(this StudyAppFixture app, string email, string slug)
    {
        var account = await app.Services.GetRequiredService<UserRepository>().FindByEmailAsync(email) ?? throw new InvalidOperationException($"no account {email}");
        var study = await app.Studies().FindStudyAsync(slug) ?? throw new InvalidOperationException($"no study {slug}");
        await app.Services.GetRequiredService<StudyMemberRepository>().AddAsync(study.Id, account.Id, DateTimeOffset.UtcNow, audit: null);
    }

    /// <summary>studies/demo.json with a fresh id, optionally changed further.</summary>
    public static (string Slug, string Json) DemoStudy(Action<JsonObject>? change = null)
    {
        var directory = StudyFiles.FindStudiesDirectory(AppContext.BaseDirectory) ?? throw new InvalidOperationException("studies/ not found");
        var root = JsonNode.Parse(File.ReadAllText(Path.Combine(directory, "demo.json")))!.AsObject();
        var slug = $"demo-f{Interlocked.Increment(ref _slugs)}-{Guid.NewGuid().ToString("N")[..6]}";
        root["id"] = slug;
        change?.Invoke(root);
        return (slug, root.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
    }

    public static async Task<Exchange> PostImportAsync(this ParticipantClient client, string json)
    {
        var form = await client.GetAsync("/facilitator/import");
        Assert.Equal(200, form.Status);
        return await client.PostFormAsync("/facilitator/import", [new("json", json)], ParticipantClient.TokenOf(form));
    }

    /// <summary>Imports <paramref name="json"/> and returns the new draft's id.</summary>
    public static async Task<long> ImportAsync(this ParticipantClient client, string json)
    {
        var response = await client.PostImportAsync(json);
        Assert.True(response.Status == 302, $"Import answered {response.Status}: {response.Body}");
        return long.Parse(VersionUrl().Match(response.Location!).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Posts a form found on <paramref name="pageUrl"/> (for its antiforgery token) to <paramref name="action"/>.</summary>
    public static async Task<Exchange> PostFromAsync(this ParticipantClient client, string pageUrl, string action, params (string Name, string Value)[] fields)
    {
        var page = await client.GetAsync(pageUrl);
        return await client.PostFormAsync(action, fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)), ParticipantClient.TokenOf(page));
    }

    /// <summary>Launches a draft through the page and waits for the background build; returns the version page.</summary>
    public static async Task<Exchange> LaunchAsync(this ParticipantClient client, StudyAppFixture app, long versionId)
    {
        var started = await client.PostFromAsync($"/facilitator/versions/{versionId}", $"/facilitator/versions/{versionId}/launch");
        Assert.Equal(302, started.Status);
        var pending = app.Services.GetRequiredService<StudyLaunch>().Find(versionId);
        Assert.NotNull(pending);
        var job = await pending.Completion.WaitAsync(TimeSpan.FromMinutes(2));
        Assert.True(job.State == LaunchState.Launched, $"Launch ended {job.State}: {job.Message}");
        return await client.GetAsync($"/facilitator/versions/{versionId}");
    }

    public static async Task<Exchange> SetStatusAsync(this ParticipantClient client, long versionId, string target) =>
        await client.PostFromAsync($"/facilitator/versions/{versionId}", $"/facilitator/versions/{versionId}/status", ("target", target));

    /// <summary>A new participant registers through /join/{slug}{query} and agrees to the consent; returns the page after consent.</summary>
    public static async Task<(ParticipantClient Client, Exchange Page)> JoinAsync(this StudyAppFixture app, string slug, string query = "")
    {
        var client = app.NewClient();
        var email = app.NewEmail();
        var join = await client.GetAsync($"/join/{slug}{query}");
        Assert.True(join.Status == 302 && join.Location!.StartsWith("/account/register", StringComparison.Ordinal), $"Expected /join to send a visitor to register; got {join.Status}: {join.Body}");
        var register = await client.GetAsync(join.Location);
        var returnUrl = WebUtility.UrlDecode(join.Location["/account/register?returnUrl=".Length..]);
        var login = await client.FollowAsync(await client.PostFormAsync("/account/register",
            [new("Email", email), new("Password", ParticipantClient.Password), new("ConfirmPassword", ParticipantClient.Password), new("ReturnUrl", returnUrl)], ParticipantClient.TokenOf(register)));
        var consent = await client.FollowAsync(await client.PostFormAsync("/account/login",
            [new("Email", email), new("Password", ParticipantClient.Password), new("ReturnUrl", returnUrl)], ParticipantClient.TokenOf(login)));
        Assert.Equal(200, consent.Status);
        var code = query.StartsWith("?code=", StringComparison.Ordinal) ? query["?code=".Length..] : null;
        var fields = new List<KeyValuePair<string, string>> { new("decision", "agree") };
        if (code is not null) fields.Add(new("code", code));
        var agreed = await client.FollowAsync(await client.PostFormAsync($"/join/{slug}", fields, ParticipantClient.TokenOf(consent)));
        return (client, agreed);
    }

    /// <summary>Answers the background form shown after consent; the participant becomes active on page 1.</summary>
    public static async Task<Exchange> AnswerBackgroundAsync(this ParticipantClient client, string slug, StudyDefinition definition, Exchange backgroundPage)
    {
        var answers = DefaultBackground.For(definition).SelectMany(q => ParticipantClient.ValidAnswers([q]));
        return await client.FollowAsync(await client.PostFormAsync($"/study/{slug}/background", answers, ParticipantClient.TokenOf(backgroundPage)));
    }

    /// <summary>Submits page <paramref name="index"/> of study <paramref name="slug"/> and follows to the next page.</summary>
    public static async Task<Exchange> SubmitPageAsync(this ParticipantClient client, string slug, Exchange page, int index, IEnumerable<KeyValuePair<string, string>> answers) =>
        await client.FollowAsync(await client.PostFormAsync($"/study/{slug}/page/{index}", answers.Append(new("dwell_ms", "1000")), ParticipantClient.TokenOf(page)));

    public static string Decode(this Exchange page) => WebUtility.HtmlDecode(page.Body);
}
