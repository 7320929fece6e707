using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using MisuseLab.Platform.Sessions;
using MisuseLab.Storage.Participants;
using MisuseLab.Storage.Users;
using MisuseLab.Study.Definitions;

namespace MisuseLab.Web.Tests.Support;

/// <summary>One response as the participant's browser received it (for assertions and the blinding scan).</summary>
public sealed record Exchange(string Method, string Url, int Status, string? Location, string Headers, string Body);

/// <summary>
/// A scripted participant: a cookie-keeping HTTP client that registers, joins, consents and walks pages the way a
/// browser does (forms with the antiforgery token, redirects followed by hand), recording every response.
/// </summary>
public sealed partial class ParticipantClient(HttpClient http, StudyAppFixture app)
{
    public const string Password = "correct horse battery staple";
    private const string Slug = StudyAppFixture.Slug;

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    public List<Exchange> Log { get; } = [];
    public string Email { get; private set; } = "";
    public HttpClient Http => http;

    public async Task<Exchange> GetAsync(string url) => await SendAsync(new HttpRequestMessage(HttpMethod.Get, url));

    public async Task<Exchange> PostFormAsync(string url, IEnumerable<KeyValuePair<string, string>> fields, string token)
    {
        var all = fields.Append(new("__RequestVerificationToken", token));
        return await SendAsync(new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(all) });
    }

    public async Task<Exchange> PostJsonAsync(string url, string json, string? token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (token is not null) request.Headers.Add("X-CSRF-TOKEN", token);
        return await SendAsync(request);
    }

    /// <summary>Follows redirects (as GETs) until a page answers.</summary>
    public async Task<Exchange> FollowAsync(Exchange response)
    {
        for (var hops = 0; response.Status is >= 300 and < 400; hops++)
        {
            if (hops > 10) throw new InvalidOperationException("Redirect loop: " + response.Url);
            response = await GetAsync(response.Location!);
        }
        return response;
    }

    public static string TokenOf(Exchange page)
    {
        var match = TokenPattern().Match(page.Body);
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : throw new InvalidOperationException($"No antiforgery token on {page.Url} (status {page.Status}).");
    }

    /// <summary>
    /// Registers a new account and arrives at the consent page through the join link. Account studies send a visitor
    /// from /join to the register page; link studies (kaur2020) need no account, so this registers first — a participant
    /// who has an account may use it in a link study too.
    /// </summary>
    public async Task<Exchange> RegisterThroughJoinAsync(string joinQuery, string slug = Slug)
    {
        Email = app.NewEmail();
        var returnUrl = $"/join/{slug}{joinQuery}";
        var register = await GetAsync("/account/register?returnUrl=" + Uri.EscapeDataString(returnUrl));
        var registered = await PostFormAsync("/account/register",
            [new("Email", Email), new("Password", Password), new("ConfirmPassword", Password), new("ReturnUrl", returnUrl)], TokenOf(register));
        // Registration never signs in (its answer must not differ for an address that has an account): sign in next.
        var login = await FollowAsync(registered);
        return await FollowAsync(await PostFormAsync("/account/login",
            [new("Email", Email), new("Password", Password), new("ReturnUrl", returnUrl)], TokenOf(login)));
    }

    public async Task<Exchange> SignInAsync(string email)
    {
        Email = email;
        var login = await GetAsync("/account/login");
        return await PostFormAsync("/account/login", [new("Email", email), new("Password", Password), new("ReturnUrl", "")], TokenOf(login));
    }

    /// <summary>Registers, consents with a fresh invite code and answers the background form: arrives at page 1.</summary>
    public async Task<Exchange> EnrolAsync()
    {
        var code = await app.NewInviteCodeAsync();
        var consent = await RegisterThroughJoinAsync("?code=" + code);
        var agreed = await FollowAsync(await PostFormAsync($"/join/{Slug}", [new("decision", "agree"), new("code", code)], TokenOf(consent)));
        var background = DefaultBackground.For(app.Definition).SelectMany(q => ValidAnswers([q]));
        return await FollowAsync(await PostFormAsync($"/study/{Slug}/background", background, TokenOf(agreed)));
    }

    /// <summary>Submits page <paramref name="index"/> with <paramref name="answers"/> (form field → value) and follows to the next page.</summary>
    public async Task<Exchange> SubmitPageAsync(Exchange page, int index, IEnumerable<KeyValuePair<string, string>> answers, string slug = Slug) =>
        await FollowAsync(await PostFormAsync($"/study/{slug}/page/{index}", answers.Append(new("dwell_ms", "1234")), TokenOf(page)));

    public async Task<ParticipantRecord> MeAsync(long? studyId = null)
    {
        var user = await app.Services.GetRequiredService<UserRepository>().FindByEmailAsync(Email)
            ?? throw new InvalidOperationException($"No account {Email}.");
        return await app.Participants.FindByUserAsync(studyId ?? app.Version.StudyId, user.Id)
            ?? throw new InvalidOperationException($"{Email} is not enrolled.");
    }

    /// <summary>
    /// A valid form answer for every item of the questions: the middle of a scale (Likert, trial confidence, each
    /// NASA-TLX subscale), the last option, "no", "b", the middle of a number's range, the first and last boxes of a
    /// multi-select (as the form sends them, option numbers), text.
    /// </summary>
    public static IEnumerable<KeyValuePair<string, string>> ValidAnswers(IEnumerable<QuestionDefinition> questions)
    {
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        foreach (var item in AnswerItem.ItemsOf(questions))
        {
            var q = item.Question;
            var value = item.IsRating ? ((q.Scale!.Min + q.Scale.Max) / 2).ToString(invariant)
                : q.Kind switch
                {
                    QuestionKind.Choice or QuestionKind.Catch => q.Options[^1],
                    QuestionKind.YesNo => "no",
                    QuestionKind.ForwardSimulation => "b",
                    QuestionKind.Number => Math.Floor((q.Range!.Min + q.Range.Max) / 2).ToString(invariant),
                    QuestionKind.MultiSelect => $"0,{q.Options.Count - 1}",
                    _ => "The age spike at 38 looks like imputed values.",
                };
            yield return new("answer." + item.ItemId, value);
        }
    }

    private async Task<Exchange> SendAsync(HttpRequestMessage request)
    {
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        var headers = string.Join("\n", response.Headers.Concat(response.Content.Headers).Select(h => $"{h.Key}: {string.Join(", ", h.Value)}"));
        var location = response.Headers.Location?.OriginalString;
        var exchange = new Exchange(request.Method.Method, request.RequestUri!.OriginalString, (int)response.StatusCode, location, headers, body);
        Log.Add(exchange);
        return exchange;
    }
}
