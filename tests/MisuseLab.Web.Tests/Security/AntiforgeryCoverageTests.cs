using System.Text;
using MisuseLab.Storage.Users;
using MisuseLab.Web.Areas.Account;
using MisuseLab.Web.Tests.Facilitator;
using MisuseLab.Web.Tests.Security.Support;
using MisuseLab.Web.Tests.Support;

namespace MisuseLab.Web.Tests.Security;

/// <summary>
/// Every endpoint that accepts an unsafe method (read from the endpoint data source) refuses a request without a
/// valid antiforgery token with 400, and the database is byte-for-byte unchanged afterwards — even though each
/// request carries fields that would enrol, answer, withdraw or register if it were accepted.
/// </summary>
[Collection(StudyCollection.Name)]
public sealed class AntiforgeryCoverageTests(StudyAppFixture app)
{
    private static readonly string[] UnsafeMethods = ["POST", "PUT", "PATCH", "DELETE"];

    /// <summary>Endpoints that accept any method but change nothing, so they need no token; each with its reason.</summary>
    private static readonly IReadOnlyDictionary<string, string> ReadOnly = new Dictionary<string, string>
    {
        ["error"] = "error page re-executed for failed requests; renders only",
        ["error/{statusCode:int}"] = "error page re-executed for failed requests; renders only",
        ["healthz"] = "health check; reads the schema version only",
    };

    [Fact]
    public async Task Every_unsafe_endpoint_refuses_requests_without_a_valid_token_and_changes_nothing()
    {
        var participant = app.NewClient();
        var page = await participant.AdvanceToAsync(app, await participant.EnrolAsync(), app.Definition.IndexOf("global"));
        var participantToken = ParticipantClient.TokenOf(page);
        var stranger = app.NewClient();
        var strangerToken = ParticipantClient.TokenOf(await stranger.GetAsync("/account/login")); // a real token, of someone else
        var clients = new Dictionary<string, ParticipantClient>
        {
            [Policies.Participant] = participant,
            [Policies.Facilitator] = await SignedIn.AsAsync(app, Roles.Facilitator),
            [Policies.Analyst] = await SignedIn.AsAsync(app, Roles.Analyst),
            [Policies.Admin] = await SignedIn.AsAsync(app, Roles.Admin),
        };
        // Members of the study the sample routes name, so the access check lets them through to the antiforgery check.
        await app.AddMemberAsync(clients[Policies.Facilitator].Email, StudyAppFixture.Slug);
        await app.AddMemberAsync(clients[Policies.Analyst].Email, StudyAppFixture.Slug);
        var invite = await app.NewInviteCodeAsync();
        KeyValuePair<string, string>[] dangerousForm =
        [
            new("Email", "forged-" + app.NewEmail()), new("Password", ParticipantClient.Password), new("ConfirmPassword", ParticipantClient.Password),
            new("decision", "agree"), new("code", invite), new("choice", "withdraw"),
            .. ParticipantClient.ValidAnswers(app.Definition.Pages[app.Definition.IndexOf("global")].Questions),
        ];
        const string dangerousJson = """{"item":"global-confidence","value":4,"type":"page.hidden","detail":{}}""";

        var unsafeRoutes = RouteCatalog.Read(app.Services).Where(r => UnsafeMethods.Any(r.Accepts) && !ReadOnly.ContainsKey(r.Template)).ToList();
        Assert.Contains(unsafeRoutes, r => r.Template == "api/study/{slug}/answers");
        Assert.Contains(unsafeRoutes, r => r.Template == "study/{slug}/page/{index:int}");
        Assert.Contains(unsafeRoutes, r => r.Template == "account/logout");

        var before = await DatabaseSnapshot.TakeAsync(app.Connections);
        var problems = new List<string>();
        foreach (var route in unsafeRoutes)
        {
            var policy = route.Policies.FirstOrDefault() ?? Policies.Participant;
            var client = clients.GetValueOrDefault(policy) ?? participant;
            var path = RouteCatalog.PathOf(app.Services, route, RoleAccessTests.Samples);
            if (route.Template.StartsWith("study/{slug}/page", StringComparison.Ordinal))
            {
                path = $"/study/{StudyAppFixture.Slug}/page/{app.Definition.IndexOf("global")}"; // the page the participant is on
            }
            foreach (var method in UnsafeMethods.Where(route.Accepts))
            {
                var attempts = new (string Label, Func<HttpRequestMessage> Request)[]
                {
                    ("form without token", () => new(new HttpMethod(method), path) { Content = new FormUrlEncodedContent(dangerousForm) }),
                    ("form with another visitor's token", () => new(new HttpMethod(method), path)
                        { Content = new FormUrlEncodedContent(dangerousForm.Append(new("__RequestVerificationToken", strangerToken))) }),
                    ("JSON without header", () => new(new HttpMethod(method), path) { Content = new StringContent(dangerousJson, Encoding.UTF8, "application/json") }),
                    ("JSON with another visitor's header", () => WithHeader(new(new HttpMethod(method), path)
                        { Content = new StringContent(dangerousJson, Encoding.UTF8, "application/json") }, strangerToken)),
                    ("no body", () => new(new HttpMethod(method), path)),
                };
                foreach (var (label, request) in attempts)
                {
                    using var response = await client.Http.SendAsync(request());
                    // 415 is also a refusal before any handler runs: form-only endpoints ([Consumes]) turn JSON away first.
                    var refused = (int)response.StatusCode == 400 || (label.StartsWith("JSON", StringComparison.Ordinal) && (int)response.StatusCode == 415);
                    if (!refused)
                        problems.Add($"{method} {path} ({route.Name}), {label}: expected 400, got {(int)response.StatusCode} {response.Headers.Location}");
                }
            }
        }
        var changes = (await DatabaseSnapshot.TakeAsync(app.Connections)).DifferencesFrom(before);

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        Assert.True(changes.Length == 0, "Refused requests changed the database:" + Environment.NewLine + changes);
        // Control: the same participant with its own token is able to save, so the 400s above were the token's doing.
        var accepted = await participant.PostJsonAsync($"/api/study/{StudyAppFixture.Slug}/answers", dangerousJson, participantToken);
        Assert.Equal(204, accepted.Status);
    }

    private static HttpRequestMessage WithHeader(HttpRequestMessage request, string token)
    {
        request.Headers.Add("X-CSRF-TOKEN", token);
        return request;
    }
}
