using MisuseLab.Storage.Users;
using MisuseLab.Web.Areas.Account;
using MisuseLab.Web.Tests.Security.Support;
using MisuseLab.Web.Tests.Support;

namespace MisuseLab.Web.Tests.Security;

/// <summary>
/// Every route of the app — read from its endpoint data source, so areas added later are covered — is classified by
/// area into the role it needs; then each role, and a visitor who is not signed in, asks for it.
/// </summary>
[Collection(StudyCollection.Name)]
public sealed class RoleAccessTests(StudyAppFixture app)
{
    /// <summary>Area → the policy its controllers must carry. Areas not listed (Account, none) are public.</summary>
    private static readonly IReadOnlyDictionary<string, string> AreaPolicies = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["Participant"] = Policies.Participant,
        ["Facilitator"] = Policies.Facilitator,
        ["Analyst"] = Policies.Analyst,
        ["Admin"] = Policies.Admin,
    };

    private static readonly IReadOnlyDictionary<string, string[]> PolicyRoles = new Dictionary<string, string[]>
    {
        [Policies.Participant] = [Roles.Participant], // staff, admins included, never take part
        [Policies.Facilitator] = [Roles.Facilitator, Roles.Admin],
        [Policies.Analyst] = [Roles.Analyst, Roles.Admin],
        [Policies.Admin] = [Roles.Admin],
    };

    /// <summary>An anonymous entry point: what it must answer a visitor, and whether its answer ignores who asks.</summary>
    private sealed record EntryPoint(string Expected, Func<Exchange, string, bool> Ok, bool SameForEveryone = false);

    /// <summary>
    /// Anonymous entry points inside a protected area, each with what it must answer. Nothing else in a protected area
    /// may be anonymous. An invitation must work for someone without an account: kaur2020 signs participants in by
    /// link, so its invitation opens the consent page and consenting (a POST with the antiforgery token) signs in for
    /// that study only; a resume link that is not one opens nothing, whoever asks.
    /// </summary>
    private static readonly IReadOnlyDictionary<string, EntryPoint> AnonymousEntryPoints = new Dictionary<string, EntryPoint>
    {
        ["GET join/{slug}"] = new("open the consent page (link study) or send visitors to /account/register",
            (r, location) => r.Status == 200 || (r.Status == 302 && location.StartsWith("/account/register", StringComparison.Ordinal))),
        ["POST join/{slug}"] = new("refuse a consent without its antiforgery token (400), whoever sends it", (r, _) => r.Status == 400, SameForEveryone: true),
        ["GET resume/{token}"] = new("refuse an unknown or malformed link (400, 403 or 404)", (r, _) => r.Status is 400 or 403 or 404, SameForEveryone: true),
    };

    internal static readonly IReadOnlyDictionary<string, string> Samples = new Dictionary<string, string>
    {
        ["slug"] = StudyAppFixture.Slug, ["index"] = "1", ["statusCode"] = "404",
        // The first study version the fixture launched; facilitator pages address versions by id.
        ["id"] = "1",
        ["token"] = "not-a-link-token",
    };

    private IReadOnlyList<AppRoute> Routes => RouteCatalog.Read(app.Services);

    private static string Key(AppRoute route, string method) => $"{method} {route.Template}";

    [Fact]
    public void The_catalog_sees_the_areas_routes()
    {
        var routes = Routes;

        // Guards the enumeration itself: if it came back empty or partial every other test here would pass vacuously.
        Assert.Contains(routes, r => r.Area == "Participant" && r.Template == "api/study/{slug}/answers");
        Assert.Contains(routes, r => r.Area == "Facilitator");
        Assert.Contains(routes, r => r.Area == "Account" && r.Template == "account/login");
        Assert.Contains(routes, r => r.Template == "healthz");
    }

    [Fact]
    public void Every_route_in_a_role_area_requires_that_areas_policy_and_only_listed_entry_points_are_anonymous()
    {
        var problems = new List<string>();
        foreach (var route in Routes.Where(r => r.Area is not null && AreaPolicies.ContainsKey(r.Area)))
        {
            var policy = AreaPolicies[route.Area!];
            var methods = route.Methods.Count == 0 ? ["ANY"] : route.Methods;
            if (route.AllowsAnonymous)
            {
                if (!methods.All(m => AnonymousEntryPoints.ContainsKey($"{m} {route.Template}")))
                    problems.Add($"{route}: [AllowAnonymous] in area {route.Area}; only {string.Join(", ", AnonymousEntryPoints.Keys)} may be anonymous there.");
                continue;
            }
            if (!route.Policies.Contains(policy))
                problems.Add($"{route}: area {route.Area} needs [Authorize(Policy = Policies.{route.Area})] (\"{policy}\"); found policies [{string.Join(", ", route.Policies)}], authenticated-only: {route.RequiresAuthentication}.");
        }
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public async Task Each_role_gets_exactly_the_pages_of_its_area_and_visitors_are_sent_to_sign_in()
    {
        var clients = new Dictionary<string, ParticipantClient>();
        foreach (var role in SignedIn.Roles)
        {
            clients[role ?? "anonymous"] = await SignedIn.AsAsync(app, role);
        }
        var problems = new List<string>();
        var checkedRequests = 0;
        var invite = await app.NewInviteCodeAsync(); // kaur2020 is by invitation: with the code, the entry point gets as far as roles matter
        foreach (var route in Routes)
        {
            var path = RouteCatalog.PathOf(app.Services, route, Samples) + (route.Template == "join/{slug}" ? "?code=" + invite : "");
            foreach (var method in new[] { "GET", "POST" }.Where(route.Accepts))
            {
                foreach (var role in SignedIn.Roles)
                {
                    var client = clients[role ?? "anonymous"];
                    var response = method == "GET" ? await client.GetAsync(path) : await client.PostFormAsync(path, [], token: "");
                    checkedRequests++;
                    var problem = Judge(route, method, role, response);
                    if (problem is not null) problems.Add($"{method} {path} as {role ?? "anonymous"}: {problem}");
                }
            }
        }
        Assert.True(problems.Count == 0, $"{problems.Count} of {checkedRequests} requests misbehaved:{Environment.NewLine}{string.Join(Environment.NewLine, problems)}");
    }

    private const string AccessDeniedHeading = "You do not have access to this page";

    /// <summary>The study entrance's own refusal of staff accounts (JoinController), which says why.</summary>
    private const string StaffCannotTakePart = "Staff accounts cannot take part";

    private static string? Judge(AppRoute route, string method, string? role, Exchange response)
    {
        var location = response.Location is { } l && Uri.TryCreate(l, UriKind.Absolute, out var absolute) ? absolute.PathAndQuery : response.Location ?? "";
        var sentToLogin = response.Status == 302 && location.StartsWith("/account/login", StringComparison.Ordinal);
        // A role refusal: the redirect to the access-denied page, or that page itself (Forbid() re-rendered).
        var refused = (response.Status == 302 && location.StartsWith("/account/denied", StringComparison.Ordinal))
                      || (response.Status == 403 && response.Body.Contains(AccessDeniedHeading, StringComparison.Ordinal))
                      || (response.Status == 403 && route.Template == "join/{slug}" && response.Body.Contains(StaffCannotTakePart, StringComparison.Ordinal));
        // GET /error on its own is the generic error page, which answers 500 by design.
        if (response.Status >= 500 && route.Template != "error") return $"server error {response.Status}";
        var policy = route.Area is not null && AreaPolicies.TryGetValue(route.Area, out var p) ? p : null;
        if (policy is null)
        {
            // Public pages: nobody is sent to sign in or refused (except the access-denied page itself).
            if (sentToLogin || response.Status == 401) return $"a public route asked for sign-in ({response.Status} {location})";
            if (refused && route.Template != "account/denied") return $"a public route refused access ({response.Status} {location})";
            return null;
        }
        if (route.AllowsAnonymous && AnonymousEntryPoints.TryGetValue(Key(route, method), out var entry) && (role is null || entry.SameForEveryone))
        {
            return entry.Ok(response, location) ? null : $"an anonymous entry point should {entry.Expected}; got {response.Status} {location}";
        }
        if (role is null)
        {
            if (route.IsApi) return response.Status == 401 ? null : $"expected 401 for an API without sign-in; got {response.Status} {location}";
            return sentToLogin ? null : $"expected a redirect to /account/login; got {response.Status} {location}";
        }
        if (!PolicyRoles[policy].Contains(role))
        {
            if (route.IsApi) return response.Status == 403 ? null : $"expected 403 for role {role} on a {policy} API; got {response.Status} {location}";
            return refused ? null : $"expected a refusal (redirect to /account/denied) for role {role} on a {policy} page; got {response.Status} {location}";
        }
        if (sentToLogin || refused || response.Status == 401 || (route.IsApi && response.Status == 403))
            return $"role {role} should be let in ({policy}); got {response.Status} {location}";
        return null;
    }
}
