using System.Text;
using MisuseLab.Web.Tests.Security.Support;
using MisuseLab.Web.Tests.Support;

namespace MisuseLab.Web.Tests.Security;

/// <summary>
/// Seeded, bounded fuzzing of every endpoint that stores what a participant sends (answers API, events API, page
/// submit): each request is invalid by construction and carries a valid antiforgery token, so it reaches the
/// handler. Every one must be refused with a 4xx — never a 5xx — and the database must be unchanged afterwards.
/// </summary>
[Collection(StudyCollection.Name)]
public sealed class AnswerFuzzTests(StudyAppFixture app)
{
    private const int Seed = 20_261_123;
    private const string Api = "/api/study/" + StudyAppFixture.Slug;

    [Fact]
    public async Task Malformed_answers_events_and_page_submits_are_all_refused_with_4xx_and_store_nothing()
    {
        var client = app.NewClient();
        var ratings = app.Definition.IndexOf("local-correct");
        var page = await client.AdvanceToAsync(app, await client.EnrolAsync(), ratings);
        var token = ParticipantClient.TokenOf(page);
        var generator = new MalformedRequests(Seed, app.Definition.Pages[ratings], app.Definition);
        var before = await DatabaseSnapshot.TakeAsync(app.Connections);

        var problems = new List<string>();
        var sent = 0;
        foreach (var (url, request) in generator.Answers(330).Select(r => ($"{Api}/answers", r)).Concat(generator.Events(140).Select(r => ($"{Api}/events", r))))
        {
            using var message = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(request.Body) };
            if (request.ContentType is not null) message.Content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType);
            message.Headers.Add("X-CSRF-TOKEN", token);
            using var response = await client.Http.SendAsync(message);
            sent++;
            var status = (int)response.StatusCode;
            if (status is < 400 or >= 500) problems.Add($"{url} {request} → {status} {Shorten(await response.Content.ReadAsStringAsync())}");
        }
        var pagePath = $"/study/{StudyAppFixture.Slug}/page/{ratings}";
        foreach (var (kind, fields) in generator.PageForms(40))
        {
            var response = await client.PostFormAsync(pagePath, fields, token);
            sent++;
            if (response.Status != 400) problems.Add($"{pagePath} [{kind}] → {response.Status} {response.Location}");
        }
        foreach (var contentType in new[] { "application/json", "text/plain", "application/xml" })
        {
            // The page submit is a form: any other body must be refused, not fail while reading the form.
            using var message = new HttpRequestMessage(HttpMethod.Post, pagePath) { Content = new StringContent(generator.ValidAnswerJson(), Encoding.UTF8) };
            message.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
            message.Headers.Add("X-CSRF-TOKEN", token);
            using var response = await client.Http.SendAsync(message);
            sent++;
            var status = (int)response.StatusCode;
            if (status is < 400 or >= 500) problems.Add($"{pagePath} body of {contentType} → {status}");
        }
        var changes = (await DatabaseSnapshot.TakeAsync(app.Connections)).DifferencesFrom(before);

        Assert.True(problems.Count == 0, $"{problems.Count} of {sent} malformed requests were not refused with a 4xx (seed {Seed}):{Environment.NewLine}{string.Join(Environment.NewLine, problems.Take(40))}");
        Assert.True(changes.Length == 0, $"Refused requests changed the database (seed {Seed}):{Environment.NewLine}{changes}");
        // Control: the session was able to save all along, so the refusals were about the requests.
        var accepted = await client.PostJsonAsync($"{Api}/answers", generator.ValidAnswerJson(), token);
        Assert.Equal(204, accepted.Status);
        Assert.Single(await app.Responses.ListAnswersAsync((await client.MeAsync()).Id), a => a.PageId == "local-correct");
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
