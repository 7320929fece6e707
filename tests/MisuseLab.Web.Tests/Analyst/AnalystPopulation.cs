using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using MisuseLab.Storage.Participants;
using MisuseLab.Storage.Users;
using MisuseLab.Study.Definitions;

namespace MisuseLab.Web.Tests.Analyst;

/// <summary>What one scripted participant answered (item → value) and how their session ended.</summary>
public sealed record ScriptedParticipant(int Number, string Email, ParticipantRecord Record, IReadOnlyDictionary<string, string> Answers, IReadOnlyDictionary<string, string> Background);

/// <summary>
/// Sessions completed through the participant pages, once per test run: eight complete, one withdraws at the debrief (and is erased),
/// one stops after two pages. Answers vary by participant number (and ratings by cell) so every statistic has spread.
/// </summary>
public static class AnalystPopulation
{
    public const int Completed = 8;
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static IReadOnlyList<ScriptedParticipant>? _people;

    public static async Task<IReadOnlyList<ScriptedParticipant>> EnsureAsync(AnalystAppFixture app)
    {
        await Gate.WaitAsync();
        try
        {
            if (_people is not null) return _people;
            var people = new List<ScriptedParticipant>();
            for (var k = 0; k < Completed + 2; k++)
            {
                var ending = k == Completed ? "withdraw" : k == Completed + 1 ? "stop" : "complete";
                people.Add(await WalkAsync(app, k, ending));
            }
            return _people = people;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>The answer participant <paramref name="k"/> gives to an item (empty = leaves it blank).</summary>
    public static string Answer(AnalystAppFixture app, int k, string cell, string itemId)
    {
        var inverted = cell.EndsWith("inverted", StringComparison.Ordinal) ? 3 : 0;
        return itemId switch
        {
            "top-feature" => new[] { "marital-status", "age", "relationship", "capital-gain" }[k % 4],
            "local-correct" => k % 3 == 0 ? "yes" : "no",
            "rate-model-reasonable" => (1 + (k * 2 + inverted) % 7).ToString(CultureInfo.InvariantCulture),
            "rate-explanations-reasonable" => (1 + (k * 5 + 1 + inverted) % 7).ToString(CultureInfo.InvariantCulture),
            "issues-noticed" => k % 2 == 0 ? $"Participant {k}: ages at 38 look \"imputed\", oddly; café\r\nsecond line, with commas" : "",
            _ => throw new InvalidOperationException($"No scripted answer for '{itemId}'."),
        };
    }

    public static string BackgroundAnswer(int k, QuestionDefinition q) => q.Kind == QuestionKind.Likert
        ? (1 + (k + q.Id.Length) % 7).ToString(CultureInfo.InvariantCulture)
        : q.Options[(k + q.Id.Length) % q.Options.Count];

    private static async Task<ScriptedParticipant> WalkAsync(AnalystAppFixture app, int k, string ending)
    {
        var slug = AnalystAppFixture.Slug;
        var client = app.NewClient();
        var email = app.NewEmail();
        var join = await client.GetAsync($"/join/{slug}");
        Assert.Equal(HttpStatusCode.Redirect, join.StatusCode);
        var registerUrl = join.Headers.Location!.OriginalString;
        var register = await client.GetStringAsync(registerUrl);
        var returnUrl = WebUtility.UrlDecode(registerUrl[(registerUrl.IndexOf("returnUrl=", StringComparison.Ordinal) + "returnUrl=".Length)..]);
        var login = await FollowAsync(client, await client.PostAsync("/account/register", AnalystAppFixture.Form(register,
            [new("Email", email), new("Password", AnalystAppFixture.Password), new("ConfirmPassword", AnalystAppFixture.Password), new("ReturnUrl", returnUrl)])));
        var consent = await FollowAsync(client, await client.PostAsync("/account/login", AnalystAppFixture.Form(login,
            [new("Email", email), new("Password", AnalystAppFixture.Password), new("ReturnUrl", returnUrl)])));
        var background = await FollowAsync(client, await client.PostAsync($"/join/{slug}", AnalystAppFixture.Form(consent, [new("decision", "agree")])));

        var user = await app.Services.GetRequiredService<UserRepository>().FindByEmailAsync(email);
        var participants = app.Services.GetRequiredService<ParticipantRepository>();
        var record = (await participants.FindByUserAsync(app.Version.StudyId, user!.Id))!;
        var bg = DefaultBackground.For(app.Definition).ToDictionary(q => q.Id, q => BackgroundAnswer(k, q));
        var page = await FollowAsync(client, await client.PostAsync($"/study/{slug}/background",
            AnalystAppFixture.Form(background, bg.Select(b => new KeyValuePair<string, string>("answer." + b.Key, b.Value)))));

        var answers = new Dictionary<string, string>();
        var pages = app.Definition.Pages;
        for (var index = 1; index < pages.Count - 1; index++)
        {
            if (ending == "stop" && index == 3) break;
            var fields = new List<KeyValuePair<string, string>> { new("dwell_ms", "1500") };
            foreach (var q in pages[index].Questions)
            {
                var value = Answer(app, k, record.CellId, q.Id);
                if (value.Length == 0) continue;
                answers[q.Id] = value;
                fields.Add(new("answer." + q.Id, value));
            }
            page = await FollowAsync(client, await client.PostAsync($"/study/{slug}/page/{index}", AnalystAppFixture.Form(page, fields)));
        }
        if (ending == "complete")
        {
            var done = await client.PostAsync($"/study/{slug}/finish", AnalystAppFixture.Form(page, [new("choice", ending)]));
            Assert.True((int)done.StatusCode is >= 300 and < 400, $"finish answered {(int)done.StatusCode}");
        }
        if (ending == "withdraw")
        {
            var done = await client.PostAsync($"/study/{slug}/withdraw", AnalystAppFixture.Form(page, [new("confirm", "yes")]));
            Assert.Equal(HttpStatusCode.OK, done.StatusCode);
            // Erased: the row is gone; the script keeps what it knew, marked withdrawn, to look for it in the exports.
            Assert.Null(await participants.GetAsync(record.Id));
            return new ScriptedParticipant(k, email, record with { Status = ParticipantStatus.Withdrawn }, answers, bg);
        }
        record = (await participants.GetAsync(record.Id))!;
        var expected = ending == "stop" ? ParticipantStatus.Active : ParticipantStatus.Completed;
        Assert.Equal(expected, record.Status);
        return new ScriptedParticipant(k, email, record, answers, bg);
    }

    private static async Task<string> FollowAsync(HttpClient client, HttpResponseMessage response)
    {
        for (var hops = 0; (int)response.StatusCode is >= 300 and < 400; hops++)
        {
            Assert.True(hops < 10, "redirect loop");
            response = await client.GetAsync(response.Headers.Location!.OriginalString);
        }
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }
}
