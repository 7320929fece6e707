namespace MisuseLab.Bots;

/// <summary>How bots answer rating and choice questions.</summary>
public enum BotPolicy
{
    /// <summary>Highest rating on every scale, the first option of every choice.</summary>
    Trusting,

    /// <summary>Lowest rating on every scale, the last option of every choice.</summary>
    Sceptical,

    /// <summary>Every value drawn from the participant's own seeded generator.</summary>
    Random,

    /// <summary>
    /// Ratings that depend on the participant's cell through a known interaction (<see cref="PlantedInteraction"/>);
    /// other answers as <see cref="Random"/>. The cell is hidden from the pages, so this policy seeds data through
    /// storage (the analysis acceptance tests) and an HTTP run refuses it (<see cref="BotOptions.Validate"/>).
    /// </summary>
    PlantedInteraction,

    /// <summary>
    /// Knows the ground truth it is handed (<see cref="BotOptions.Tasks"/>, from the study file): on a locate page it
    /// marks every injected defect, on a remedy page it chooses every fix that repairs one; other answers as
    /// <see cref="Random"/>.
    /// </summary>
    Oracle,
}

/// <summary>
/// What an oracle bot knows about a study's defects, handed to it from the study file (bots see only HTML): the marks
/// (column, optional value) that locate each defect and the ids of the remedies that repair one.
/// </summary>
public sealed record TaskKnowledge(IReadOnlyList<KeyValuePair<string, string?>> Marks, IReadOnlyList<string> Remedies);

/// <summary>
/// What a bot run does. Defaults make a short, polite run; <see cref="Validate"/> names every bad setting.
/// Seed use: participant <c>i</c> draws its answers from <c>new Random(Seed + i)</c>, so a participant's answers do
/// not depend on concurrency or timing; e-mail addresses carry <see cref="RunId"/> so repeated runs never collide.
/// </summary>
public sealed record BotOptions
{
    public const int MaxParticipants = 10_000;
    public const int MaxConcurrency = 500;

    /// <summary>The web app, e.g. <c>http://127.0.0.1:5000</c>. Bots never follow a redirect to another origin.</summary>
    public required Uri BaseUrl { get; init; }

    /// <summary>The study's slug: bots start at <c>/join/{slug}</c> (open enrolment), or <c>/join/{slug}?code=…</c> with <see cref="InviteCodes"/>.</summary>
    public required string StudySlug { get; init; }

    /// <summary>
    /// For a study by invitation: one single-use code per bot (bot <c>i</c> joins with code <c>i</c>), e.g. read from the
    /// file the facilitator's invite page exported. Null: open enrolment.
    /// </summary>
    public IReadOnlyList<string>? InviteCodes { get; init; }

    public int Participants { get; init; } = 10;

    /// <summary>Participants in flight at once.</summary>
    public int Concurrency { get; init; } = 4;

    public BotPolicy Policy { get; init; } = BotPolicy.Random;

    public int Seed { get; init; } = 1;

    /// <summary>Sends every autosave twice and every page form twice (a double click): the server must store each answer once.</summary>
    public bool SubmitTwice { get; init; }

    /// <summary>Halfway through the pages each bot drops its cookies and connection, signs in again and carries on.</summary>
    public bool Reconnect { get; init; }

    /// <summary>
    /// When the server is unreachable or answers 5xx, keep trying for this long (a restart), then sign in again with
    /// fresh cookies and resume from wherever the server says the participant is. Zero: the first failure is an error.
    /// </summary>
    public TimeSpan OutageTolerance { get; init; } = TimeSpan.Zero;

    /// <summary>The whole run stops (remaining bots count as errors) after this long.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// A participant's think time: before each action on a study page (/study/…: a page's form, the debrief) the bot
    /// waits a time drawn uniformly from <see cref="ThinkTimeMin"/> to <see cref="ThinkTimeMax"/> from its own
    /// generator; joining (consent, the resume-link page) is not paced. Zero: no waiting.
    /// </summary>
    public TimeSpan ThinkTimeMin { get; init; } = TimeSpan.Zero;

    /// <inheritdoc cref="ThinkTimeMin"/>
    public TimeSpan ThinkTimeMax { get; init; } = TimeSpan.Zero;

    /// <summary>
    /// Before its first request each bot waits a time drawn uniformly from zero to this, so bots started together
    /// arrive spread out. Null: <see cref="ThinkTimeMax"/> (zero without think time: all at once).
    /// </summary>
    public TimeSpan? ArrivalSpread { get; init; }

    /// <summary>
    /// A run for a fixed time: after this long no bot starts and the bots in flight stop where they are; they are
    /// counted in <see cref="BotReport.Stopped"/>, not as errors. With it, <see cref="Participants"/> is the most that
    /// may start (bots that finish make room for new participants, <see cref="Concurrency"/> in flight). Null: run every
    /// participant to the end.
    /// </summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>
    /// Headers sent with every request (e.g. the web app's own pilot sends the token that lifts its per-client rate
    /// limits for its bots). Null: none.
    /// </summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    /// <summary>
    /// Awaited before a bot posts a remedy page (a page form with <c>task.*</c> checkboxes). The remedy bench holds every
    /// bot there until all have arrived, so that they submit their fixes at the same moment. Null: no waiting.
    /// </summary>
    public Func<CancellationToken, Task>? BeforeRemedySubmit { get; init; }

    /// <summary>Told how long each remedy page's POST took to be answered (milliseconds, client side, redirect not followed).</summary>
    public Action<double>? RemedySubmitted { get; init; }

    /// <summary>The ground truth the <see cref="BotPolicy.Oracle"/> policy answers locate and remedy pages with.</summary>
    public TaskKnowledge? Tasks { get; init; }

    /// <summary>
    /// The study's entry rule (<see cref="ScreeningPolicy"/>): bots answer its item inside the rule, but every
    /// <see cref="ScreeningKnowledge.ScreenOutEvery"/>-th bot answers outside it. Null: the screening item is answered by
    /// policy like any other (a sceptical bot's lowest rating may then screen it out). Screened-out bots are counted in
    /// <see cref="BotReport.ScreenedOut"/>, not as errors.
    /// </summary>
    public ScreeningKnowledge? Screening { get; init; }

    /// <summary>Distinguishes this run's accounts (<c>bot-{RunId}-{i}@bots.misuselab.example</c>); random when null.</summary>
    public string? RunId { get; init; }

    /// <summary>Every problem with these options, each naming its setting; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!BaseUrl.IsAbsoluteUri || (BaseUrl.Scheme != Uri.UriSchemeHttp && BaseUrl.Scheme != Uri.UriSchemeHttps))
            errors.Add($"BaseUrl: expected an absolute http(s) URL like http://127.0.0.1:5000; found '{BaseUrl}'.");
        else if (BaseUrl.AbsolutePath != "/" || BaseUrl.Query.Length > 0)
            errors.Add($"BaseUrl: expected the site root (no path or query); found '{BaseUrl}'. Give --study separately.");
        if (string.IsNullOrWhiteSpace(StudySlug) || StudySlug.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
            errors.Add($"StudySlug: expected the study id from its file (letters, digits, '-', '_'); found '{StudySlug}'.");
        if (Participants is < 1 or > MaxParticipants)
            errors.Add($"Participants: expected 1 to {MaxParticipants}; found {Participants}.");
        if (InviteCodes is not null && InviteCodes.Count < Participants)
            errors.Add($"InviteCodes: expected one code per bot ({Participants}); found {InviteCodes.Count}. Generate more codes or run fewer bots.");
        if (InviteCodes?.FirstOrDefault(c => c.Length is 0 or > 64 || c.Any(ch => !(char.IsAsciiLetterOrDigit(ch) || ch == '-'))) is { } bad)
            errors.Add($"InviteCodes: expected codes of letters, digits and '-' (as /join accepts); found '{bad}'.");
        if (Screening is { } rule && (rule.ScreenOutEvery < 0 || (rule.Min is null && rule.Max is null)))
            errors.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Screening: expected a min or max bound and ScreenOutEvery ≥ 0; found min {rule.Min?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}, max {rule.Max?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}, every {rule.ScreenOutEvery}."));
        if (Concurrency is < 1 or > MaxConcurrency)
            errors.Add($"Concurrency: expected 1 to {MaxConcurrency}; found {Concurrency}.");
        if (OutageTolerance < TimeSpan.Zero || OutageTolerance > TimeSpan.FromMinutes(10))
            errors.Add($"OutageTolerance: expected 0 to 10 minutes; found {OutageTolerance}.");
        if (Timeout <= TimeSpan.Zero || Timeout > TimeSpan.FromHours(2))
            errors.Add($"Timeout: expected more than 0 and at most 2 hours; found {Timeout}.");
        if (ThinkTimeMin < TimeSpan.Zero || ThinkTimeMax < ThinkTimeMin || ThinkTimeMax > TimeSpan.FromMinutes(10))
            errors.Add($"ThinkTimeMin/ThinkTimeMax: expected 0 ≤ min ≤ max ≤ 10 minutes; found {ThinkTimeMin} to {ThinkTimeMax}.");
        if (ArrivalSpread is { } spread && (spread < TimeSpan.Zero || spread > TimeSpan.FromMinutes(10)))
            errors.Add($"ArrivalSpread: expected 0 to 10 minutes; found {spread}.");
        if (Duration is { } duration && (duration <= TimeSpan.Zero || duration > Timeout))
            errors.Add($"Duration: expected more than 0 and at most Timeout ({Timeout}); found {duration}.");
        if (Policy == BotPolicy.PlantedInteraction)
            errors.Add("Policy: planted-interaction ratings depend on the participant's cell, which the pages never show an HTTP bot; use trusting, sceptical or random (PlantedInteraction seeds data through storage in tests).");
        if (Policy == BotPolicy.Oracle && Tasks is null)
            errors.Add("Tasks: the oracle policy answers from the study's defects and remedies; hand them over (misuselab bots --study FILE).");
        if (RunId is not null && (RunId.Length is 0 or > 32 || RunId.Any(c => !char.IsAsciiLetterOrDigit(c))))
            errors.Add($"RunId: expected 1 to 32 letters or digits; found '{RunId}'.");
        return errors;
    }
}
