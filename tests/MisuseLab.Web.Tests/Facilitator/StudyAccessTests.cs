using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using MisuseLab.Storage.Audit;
using MisuseLab.Storage.Studies;
using MisuseLab.Storage.Users;
using MisuseLab.Web.Tests.Security.Support;
using MisuseLab.Web.Tests.Support;

namespace MisuseLab.Web.Tests.Facilitator;

/// <summary>
/// Per-study access: only a study's members and admins see it and act on it; to every other facilitator or analyst
/// each of its routes answers 404, as for a study that does not exist. The routes are read from the running app's
/// EndpointDataSource, so a study route added later is checked without anyone listing it.
/// </summary>
[Collection(StudyCollection.Name)]
public sealed partial class StudyAccessTests(StudyAppFixture app)
{
    /// <summary>How a staff route names its study: a {slug}, or a version id right after a literal "versions" segment.</summary>
    private enum StudyKey { None, Slug, Version }

    private static readonly string[] StaffAreas = ["Facilitator", "Analyst"];

    private static StudyKey KeyOf(AppRoute route, out IReadOnlyList<string> others)
    {
        var pattern = RoutePatternFactory.Parse(route.Template);
        var key = StudyKey.None;
        var names = new List<string>();
        string? previousLiteral = null;
        foreach (var segment in pattern.PathSegments)
        {
            foreach (var parameter in segment.Parts.OfType<RoutePatternParameterPart>())
            {
                if (parameter.Name == "slug") key = StudyKey.Slug;
                else if (parameter.Name == "id" && previousLiteral == "versions" && key == StudyKey.None) key = StudyKey.Version;
                else names.Add(parameter.Name);
            }
            previousLiteral = segment.IsSimple && segment.Parts[0] is RoutePatternLiteralPart literal ? literal.Content : null;
        }
        others = names;
        return key;
    }

    /// <summary>Attribute-routed actions of the staff areas (the conventional area route only reaches their start pages).</summary>
    private IReadOnlyList<AppRoute> StaffRoutes() => RouteCatalog.Read(app.Services)
        .Where(r => r.Area is not null && StaffAreas.Contains(r.Area, StringComparer.OrdinalIgnoreCase) && !r.Template.StartsWith('{'))
        .ToList();

    [Fact]
    public void Every_staff_route_with_a_parameter_names_its_study_by_slug_or_version()
    {
        var unkeyed = StaffRoutes().Where(r => KeyOf(r, out var others) == StudyKey.None && RoutePatternFactory.Parse(r.Template).Parameters.Count > 0).ToList();

        // A route with parameters but no study key would escape the access filter; give it {slug} or versions/{id}.
        Assert.True(unkeyed.Count == 0, "Staff routes with parameters but no study key: " + string.Join(", ", unkeyed));
    }

    [Fact]
    public async Task A_non_member_gets_404_on_every_study_route_and_a_member_does_not()
    {
        var slug = app.Demo.Slug;
        var versionId = app.Demo.Id;
        var member = new Dictionary<string, ParticipantClient>
        {
            ["Facilitator"] = await SignedIn.AsAsync(app, Roles.Facilitator),
            ["Analyst"] = await SignedIn.AsAsync(app, Roles.Analyst),
        };
        var outsider = new Dictionary<string, ParticipantClient>
        {
            ["Facilitator"] = await SignedIn.AsAsync(app, Roles.Facilitator),
            ["Analyst"] = await SignedIn.AsAsync(app, Roles.Analyst),
        };
        var admin = await SignedIn.AsAsync(app, Roles.Admin);
        foreach (var client in member.Values)
        {
            var added = await admin.PostFromAsync($"/facilitator/studies/{slug}", $"/facilitator/studies/{slug}/members", ("email", client.Email));
            Assert.Equal(302, added.Status);
        }
        var routes = StaffRoutes().Select(r => (Route: r, Key: KeyOf(r, out _))).Where(r => r.Key != StudyKey.None).ToList();
        // Guards the enumeration: the known study routes of both areas must be among those checked.
        Assert.Contains(routes, r => r.Route.Template == "facilitator/versions/{id:long}/launch");
        Assert.Contains(routes, r => r.Route.Template == "facilitator/studies/{slug}/members");
        Assert.Contains(routes, r => r.Route.Template == "analyst/studies/{slug}/export.zip");
        Assert.True(routes.Count >= 20, $"only {routes.Count} study routes found");

        var problems = new List<string>();
        foreach (var (route, key) in routes)
        {
            var area = StaffAreas.First(a => string.Equals(a, route.Area, StringComparison.OrdinalIgnoreCase));
            var path = RouteCatalog.PathOf(app.Services, route, new Dictionary<string, string> { ["slug"] = slug, ["id"] = versionId.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            foreach (var method in new[] { "GET", "POST" }.Where(route.Accepts))
            {
                // The outsider's post carries a valid token, so its 404 is the access check's, not the antiforgery check's.
                var refused = method == "GET"
                    ? await outsider[area].GetAsync(path)
                    : await outsider[area].PostFormAsync(path, [], ParticipantClient.TokenOf(await outsider[area].GetAsync("/")));
                if (refused.Status != 404) problems.Add($"{method} {path} as a non-member {area}: expected 404, got {refused.Status}");

                // The member's post has no token: the access check lets it through and the antiforgery check (400) stops it
                // before the action runs, so this test launches, closes and deletes nothing.
                var allowed = method == "GET" ? await member[area].GetAsync(path) : await member[area].PostFormAsync(path, [], token: "");
                var expected = method == "GET" ? allowed.Status is not (404 or 401 or 403) and < 500 : allowed.Status == 400;
                if (!expected) problems.Add($"{method} {path} as a member {area}: expected {(method == "GET" ? "the page" : "400 (antiforgery)")}, got {allowed.Status}");
            }
        }
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public async Task A_non_member_cannot_tell_a_study_from_one_that_does_not_exist_and_does_not_see_it_listed()
    {
        var owner = await app.SignedInAsync(Roles.Facilitator);
        var (slug, json) = FacilitatorSteps.DemoStudy();
        var id = await owner.ImportAsync(json);
        var outsider = await SignedIn.AsAsync(app, Roles.Facilitator);
        var analyst = await SignedIn.AsAsync(app, Roles.Analyst);

        var hidden = await outsider.GetAsync($"/facilitator/studies/{slug}");
        var missing = await outsider.GetAsync("/facilitator/studies/no-such-study-xyz");
        Assert.Equal(404, hidden.Status);
        Assert.Equal(Normalise(missing.Body, "study no-such-study-xyz"), Normalise(hidden.Body, $"study {slug}"));
        var hiddenVersion = await outsider.GetAsync($"/facilitator/versions/{id}");
        var missingVersion = await outsider.GetAsync("/facilitator/versions/987654321");
        Assert.Equal(404, hiddenVersion.Status);
        Assert.Equal(Normalise(missingVersion.Body, "study version 987654321"), Normalise(hiddenVersion.Body, $"study version {id}"));
        Assert.Equal((await analyst.GetAsync("/analyst/studies/no-such-study-xyz")).Status, (await analyst.GetAsync($"/analyst/studies/{slug}")).Status);

        Assert.DoesNotContain(slug, (await outsider.GetAsync("/facilitator")).Body);
        Assert.DoesNotContain(slug, (await analyst.GetAsync("/analyst/studies")).Body);
        Assert.Contains(slug, (await owner.GetAsync("/facilitator")).Body);
        Assert.Contains(slug, (await (await SignedIn.AsAsync(app, Roles.Admin)).GetAsync("/facilitator")).Body);

        // The study id is taken: importing it again as a non-member adds no version to someone else's study.
        var before = await app.Studies().ListVersionsAsync(slug);
        var again = await outsider.PostImportAsync(json.Replace("\"version\": \"", "\"version\": \"9", StringComparison.Ordinal));
        Assert.Equal(400, again.Status);
        Assert.Contains("not a member", again.Decode(), StringComparison.Ordinal);
        Assert.Equal(before, await app.Studies().ListVersionsAsync(slug));
    }

    [Fact]
    public async Task The_importer_is_the_first_member_and_membership_changes_are_audited_with_pseudonymous_ids()
    {
        var owner = await app.SignedInAsync(Roles.Facilitator);
        var (slug, json) = FacilitatorSteps.DemoStudy();
        await owner.ImportAsync(json);
        var analyst = await SignedIn.AsAsync(app, Roles.Analyst);
        var analystEmail = analyst.Email;
        var users = app.Services.GetRequiredService<UserRepository>();
        var ownerAccount = (await users.FindByEmailAsync(owner.Email))!;
        var analystAccount = (await users.FindByEmailAsync(analystEmail))!;
        var study = (await app.Studies().FindStudyAsync(slug))!;
        var members = app.Services.GetRequiredService<StudyMemberRepository>();
        Assert.Equal([ownerAccount.Id], (await members.ListAsync(study.Id)).Select(m => m.UserId));
        Assert.Equal(404, (await analyst.GetAsync($"/analyst/studies/{slug}/manipulation")).Status);

        var page = await owner.GetAsync($"/facilitator/studies/{slug}");
        Assert.Contains("<label for=\"member-email\">", page.Body);
        var added = await owner.PostFormAsync($"/facilitator/studies/{slug}/members", [new("email", analystEmail)], ParticipantClient.TokenOf(page));
        Assert.Equal(302, added.Status);
        Assert.Contains(analystEmail, (await owner.FollowAsync(added)).Body);
        Assert.NotEqual(404, (await analyst.GetAsync($"/analyst/studies/{slug}/manipulation")).Status);
        Assert.Contains(slug, (await analyst.GetAsync("/analyst/studies")).Body);

        // A participant account cannot become a member; nothing changes.
        var participant = app.NewEmail();
        await users.AddAsync(participant, AccountPasswords.Hash(ParticipantClient.Password), Roles.Participant, DateTimeOffset.UtcNow);
        var refused = await owner.FollowAsync(await owner.PostFromAsync($"/facilitator/studies/{slug}", $"/facilitator/studies/{slug}/members", ("email", participant)));
        Assert.Contains("a participant account", refused.Decode(), StringComparison.Ordinal);
        Assert.Equal(2, (await members.ListAsync(study.Id)).Count);

        var removed = await owner.PostFromAsync($"/facilitator/studies/{slug}", $"/facilitator/studies/{slug}/members/remove", ("member", analystAccount.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(302, removed.Status);
        Assert.Equal(404, (await analyst.GetAsync($"/analyst/studies/{slug}/manipulation")).Status);
        // The last member stays.
        var last = await owner.FollowAsync(await owner.PostFromAsync($"/facilitator/studies/{slug}", $"/facilitator/studies/{slug}/members/remove", ("member", ownerAccount.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        Assert.Contains("only member", last.Decode(), StringComparison.Ordinal);
        Assert.Equal([ownerAccount.Id], (await members.ListAsync(study.Id)).Select(m => m.UserId));

        var entries = (await app.Services.GetRequiredService<AuditLog>().ReadEntityAsync($"study/{slug}")).Where(e => e.Action.StartsWith("study.member-", StringComparison.Ordinal)).ToList();
        Assert.Equal(["study.member-added", "study.member-added", "study.member-removed"], entries.Select(e => e.Action));
        Assert.Equal([AuditActor.User(ownerAccount.Id)], entries.Select(e => e.Actor).Distinct());
        Assert.Contains($"\"member\":\"{AuditActor.User(analystAccount.Id)}\"", entries[1].PayloadJson, StringComparison.Ordinal);
        Assert.All(entries, e => Assert.DoesNotContain("@", e.PayloadJson, StringComparison.Ordinal));
        var verification = await app.Services.GetRequiredService<AuditVerifier>().VerifyAsync();
        Assert.True(verification.IsValid, verification.Reason);
    }

    /// <summary>A page with the study's name replaced and the per-request antiforgery tokens blanked.</summary>
    private static string Normalise(string body, string name) =>
        Regex.Replace(body, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"[^\"]+\"", "TOKEN").Replace(name, "NAME", StringComparison.Ordinal);
}
