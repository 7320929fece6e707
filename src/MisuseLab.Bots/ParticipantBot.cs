using System.Text.Json;

namespace MisuseLab.Bots;

/// <summary>
/// One scripted participant. It never assumes where it is: after every request it reads the page the server sent
/// (register, sign-in, consent, background, study page, debrief, done) and does what a person would there, so the
/// same loop resumes after a restart, a lost response or fresh cookies.
/// </summary>
internal sealed class ParticipantBot(int index, string email, BotOptions options, BotHttp http, Action<AcknowledgedAnswer> acknowledge)
{
    public const string Password = "bots-correct-horse-battery";
    private const int MaxSteps = 400;

    private readonly Random _random = new(unchecked(options.Seed + index));
    private readonly string _slug = options.StudySlug;
    private bool _reconnected;

    /// <summary>The resume link a link study gave this participant after consent: how it signs in again without an account.</summary>
    private string? _resumeUrl;

    public string Email => email;
    public string? CompletionCode { get; private set; }

    /// <summary>The study's entry rule turned this participant away after the background form (its end page has no code).</summary>
    public bool ScreenedOut { get; private set; }

    /// <summary>Runs the participant to the end of the study; throws <see cref="BotException"/> when stuck.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var spread = options.ArrivalSpread ?? options.ThinkTimeMax;
        if (spread > TimeSpan.Zero)
            await Task.Delay(spread * _random.NextDouble(), cancellationToken); // arrivals spread out, not all at once
        var response = (await WithOutagesAsync(async () => await http.NavigateAsync(JoinPath, cancellationToken), cancellationToken))!;
        for (var step = 0; step < MaxSteps; step++)
        {
            var current = response;
            if (options.ThinkTimeMax > TimeSpan.Zero && current.Url.StartsWith("/study/", StringComparison.OrdinalIgnoreCase))
                await Task.Delay(options.ThinkTimeMin + (options.ThinkTimeMax - options.ThinkTimeMin) * _random.NextDouble(), cancellationToken);
            var next = await WithOutagesAsync(() => ActAsync(current, cancellationToken), cancellationToken);
            if (next is null) return;
            response = next;
        }
        throw new BotException($"Still not finished after {MaxSteps} pages; last at {response.Url}.");
    }

    // With invite codes the join link carries this bot's code, as an invitation e-mail's link would.
    private string JoinPath => "/join/" + Uri.EscapeDataString(_slug) +
        (options.InviteCodes is { } codes ? "?code=" + Uri.EscapeDataString(codes[index]) : "");

    // Forms post to the join path without the query (the code travels as a hidden field).
    private string JoinFormPath => "/join/" + Uri.EscapeDataString(_slug);
    private string StudyPath => "/study/" + Uri.EscapeDataString(_slug);

    /// <summary>
    /// Runs <paramref name="action"/>; when the server is down (no response or 5xx) and outages are tolerated, waits
    /// for it to come back, drops the cookies and starts again at the join link (which sends a participant who
    /// already joined to the page they are on).
    /// </summary>
    private async Task<BotResponse?> WithOutagesAsync(Func<Task<BotResponse?>> action, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + options.OutageTolerance;
        while (true)
        {
            try
            {
                return await action();
            }
            catch (ServerUnavailableException e) when (DateTime.UtcNow < deadline)
            {
                _ = e;
                await Task.Delay(TimeSpan.FromMilliseconds(250 + _random.Next(250)), cancellationToken);
                http.Reset();
                // Without an account, the resume link is the way back in (the join link would enrol a new participant).
                action = async () => await http.NavigateAsync(_resumeUrl ?? JoinPath, cancellationToken);
            }
        }
    }

    /// <summary>Does what the page asks; returns the next page, or null when the study is finished.</summary>
    private async Task<BotResponse?> ActAsync(BotResponse response, CancellationToken cancellationToken)
    {
        var page = new HtmlPage(response.Body);
        var path = response.Url.Split('?')[0];
        if (page.TextOfId("completion-code") is { Length: > 0 } code)
        {
            CompletionCode = code;
            return null;
        }
        if (path.Equals(StudyPath + "/done", StringComparison.OrdinalIgnoreCase) && page.FormWithId("page-form") is null
            && page.FormPostingTo(StudyPath + "/finish") is null && page.TextOfId("completion-code") is null)
        {
            // The end page with no completion code and no debrief: screened out (bots never idle long enough to be swept).
            ScreenedOut = true;
            return null;
        }
        if (page.RefreshesItself)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            return await http.NavigateAsync(response.Url, cancellationToken);
        }
        if (path.Equals("/account/register", StringComparison.OrdinalIgnoreCase) && page.FormPostingTo("/account/register") is { } register)
        {
            return await RegisterAsync(register, response, cancellationToken);
        }
        if (path.Equals("/account/login", StringComparison.OrdinalIgnoreCase) && page.FormPostingTo("/account/login") is { } login)
        {
            return await SignInAsync(login, response, cancellationToken);
        }
        if (page.FormPostingTo(JoinFormPath) is { } consent && consent.Buttons.Any(b => b.Name == "decision"))
        {
            return await ConsentAsync(consent, cancellationToken);
        }
        if (page.AttributeOfId("continue", "href") is { } continueUrl && page.AttributeOfId("resume-url", "value") is { Length: > 0 } resume)
        {
            // A link study's "keep this link" page after consent: the participant keeps the link and carries on.
            _resumeUrl = resume;
            return await http.NavigateAsync(continueUrl, cancellationToken);
        }
        if (page.FormWithId("background-form") is { } background)
        {
            return await SubmitAsync(background, AnswerBackground(background), twice: options.SubmitTwice, cancellationToken);
        }
        if (page.FormWithId("page-form") is { } form)
        {
            return await AnswerPageAsync(page, form, response, cancellationToken);
        }
        if (page.FormPostingTo(StudyPath + "/finish") is { } finish)
        {
            return await SubmitAsync(finish, [new("choice", "complete")], twice: options.SubmitTwice, cancellationToken);
        }
        throw new BotException($"Unexpected page at {response.Url} (status {response.Status}, title '{page.Title}'): no form a participant could use.");
    }

    /// <summary>
    /// Agrees. An account study answers with a redirect (to the study, or to register first); a link study signs this
    /// browser in and answers with the page showing the participant's resume link.
    /// </summary>
    private async Task<BotResponse> ConsentAsync(HtmlForm consent, CancellationToken cancellationToken)
    {
        var token = consent.Token ?? throw new BotException($"The consent form posting to {consent.Action} has no antiforgery token.");
        var fields = consent.HiddenValues.Where(f => f.Key != "decision").Append(new("decision", "agree")).Append(new(HtmlPage.TokenField, token)).ToList();
        var posted = await http.PostFormAsync(consent.Action, fields, cancellationToken);
        if (posted.IsRedirect) return await http.FollowAsync(posted, cancellationToken);
        var page = new HtmlPage(posted.Body);
        if (posted.Status == 200 && page.AttributeOfId("resume-url", "value") is { Length: > 0 }) return posted;
        throw new BotException($"Consenting at {consent.Action} answered {posted.Status} ('{page.Title}') instead of a redirect or a resume link.");
    }

    private async Task<BotResponse> RegisterAsync(HtmlForm form, BotResponse response, CancellationToken cancellationToken)
    {
        var fields = Fill(form, new() { ["Email"] = email, ["Password"] = Password, ["ConfirmPassword"] = Password });
        var posted = await http.PostFormAsync(form.Action, fields, cancellationToken);
        // Registration leads to the sign-in page, for a new address and for one registered before a lost response alike.
        if (posted.IsRedirect) return await http.FollowAsync(posted, cancellationToken);
        throw new BotException($"Registration at {response.Url} was refused (status {posted.Status}, title '{new HtmlPage(posted.Body).Title}').");
    }

    private async Task<BotResponse> SignInAsync(HtmlForm form, BotResponse response, CancellationToken cancellationToken)
    {
        var fields = Fill(form, new() { ["Email"] = email, ["Password"] = Password });
        var posted = await http.PostFormAsync(form.Action, fields, cancellationToken);
        if (posted.IsRedirect) return await http.FollowAsync(posted, cancellationToken);
        throw new BotException($"Sign-in at {response.Url} was refused (status {posted.Status}, title '{new HtmlPage(posted.Body).Title}').");
    }

    /// <summary>Autosaves every answer as answers.js does, submits the page, and reconnects halfway when asked to.</summary>
    private async Task<BotResponse> AnswerPageAsync(HtmlPage page, HtmlForm form, BotResponse response, CancellationToken cancellationToken)
    {
        var answers = Answer(form);
        var answersUrl = page.DataAttribute("data-answers-url");
        var token = form.Token ?? throw new BotException($"{response.Url}: the page form has no antiforgery token.");
        if (answersUrl is not null)
        {
            foreach (var (name, value) in answers)
            {
                var json = JsonSerializer.Serialize(new { item = name["answer.".Length..], value });
                var saves = options.SubmitTwice ? 2 : 1;
                var results = await Task.WhenAll(Enumerable.Range(0, saves).Select(_ => http.PostJsonAsync(answersUrl, json, token, cancellationToken)));
                foreach (var saved in results)
                {
                    if (saved.Status != 204)
                        throw new BotException($"Saving '{name}' on {response.Url} answered {saved.Status}: {saved.Body}");
                }
                acknowledge(new AcknowledgedAnswer(email, name["answer.".Length..], value));
            }
        }
        // Locate and remedy fields go with the page only (one answer of several fields, as the page's own script leaves them).
        var tasks = TaskPolicy.Choose(form.Fields, options.Policy, options.Tasks, _random);
        var remedy = form.Fields.Any(f => f.Kind == "checkbox" && f.Name.StartsWith(TaskPolicy.Prefix, StringComparison.Ordinal));
        if (remedy && options.BeforeRemedySubmit is { } wait) await wait(cancellationToken);
        var next = await SubmitAsync(form, [.. answers, .. tasks], twice: options.SubmitTwice, cancellationToken, remedy ? options.RemedySubmitted : null);
        if (options.Reconnect && !_reconnected && page.Progress >= 0.5)
        {
            // Close the browser halfway: new client, no cookies; the study link leads through sign-in back to the current page.
            _reconnected = true;
            http.Reset();
            return await http.NavigateAsync(_resumeUrl ?? StudyPath, cancellationToken);
        }
        return next;
    }

    /// <summary>Posts the form (twice at once when asked: a double click) and follows the redirect that must answer it.</summary>
    /// <param name="posted">Told the milliseconds until the POST (both, when twice) was answered.</param>
    private async Task<BotResponse> SubmitAsync(HtmlForm form, IReadOnlyList<KeyValuePair<string, string>> values, bool twice, CancellationToken cancellationToken, Action<double>? posted = null)
    {
        var token = form.Token ?? throw new BotException($"The form posting to {form.Action} has no antiforgery token.");
        var fields = form.HiddenValues.Where(f => values.All(v => v.Key != f.Key)).Concat(values).Append(new(HtmlPage.TokenField, token)).ToList();
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var posts = await Task.WhenAll(Enumerable.Range(0, twice ? 2 : 1).Select(_ => http.PostFormAsync(form.Action, fields, cancellationToken)));
        posted?.Invoke(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        foreach (var answer in posts)
        {
            if (!answer.IsRedirect)
            {
                var page = new HtmlPage(answer.Body);
                throw new BotException($"Posting {form.Action} answered {answer.Status} ('{page.Title}') instead of moving on: {string.Join(" | ", page.FieldErrors)}");
            }
        }
        if (form.Id == "page-form")
        {
            foreach (var (name, value) in values.Where(v => v.Key.StartsWith("answer.", StringComparison.Ordinal)))
            {
                acknowledge(new AcknowledgedAnswer(email, name["answer.".Length..], value));
            }
        }
        return await http.FollowAsync(posts[0], cancellationToken);
    }

    /// <summary>A valid value for every answer control of the form, chosen by policy.</summary>
    private List<KeyValuePair<string, string>> Answer(HtmlForm form) =>
        form.Fields.Where(f => f.Name.StartsWith("answer.", StringComparison.Ordinal))
            .Select(f => new KeyValuePair<string, string>(f.Name, AnswerPolicy.Choose(f, options.Policy, _random, index)))
            .ToList();

    /// <summary>The background form: by policy, but the screening item as <see cref="ScreeningPolicy"/> says when the bot knows the rule.</summary>
    private List<KeyValuePair<string, string>> AnswerBackground(HtmlForm form) =>
        form.Fields.Where(f => f.Name.StartsWith("answer.", StringComparison.Ordinal))
            .Select(f => new KeyValuePair<string, string>(f.Name, options.Screening is { } rule && f.Name == "answer." + rule.Item
                ? ScreeningPolicy.Choose(f, rule, options.Policy, _random, index)
                : AnswerPolicy.Choose(f, options.Policy, _random, index)))
            .ToList();

    private static List<KeyValuePair<string, string>> Fill(HtmlForm form, Dictionary<string, string> values)
    {
        var token = form.Token ?? throw new BotException($"The form posting to {form.Action} has no antiforgery token.");
        var fields = form.HiddenValues.Where(f => !values.ContainsKey(f.Key)).ToList();
        fields.AddRange(values);
        fields.Add(new(HtmlPage.TokenField, token));
        return fields;
    }
}
