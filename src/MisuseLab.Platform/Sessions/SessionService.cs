using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using MisuseLab.Platform.Launch;
using MisuseLab.Platform.Studies;
using MisuseLab.Storage.Participants;
using MisuseLab.Storage.Responses;
using MisuseLab.Storage.Studies;
using MisuseLab.Study.Definitions;

namespace MisuseLab.Platform.Sessions;

/// <summary>
/// The participant's side of a study, page by page. Rules: a participant is only ever on one page
/// (<see cref="ParticipantRecord.CurrentPage"/>); answers are accepted only for that page's items and only while
/// the session is in progress; submitting a page validates every item first and stores nothing unless all pass.
/// The page checked here is the one read at the start of the request; storage checks it again in the statement that
/// writes, so a request that raced the page's submit (from another tab) is refused rather than changing a left page.
/// </summary>
public sealed class SessionService(
    StudyCatalog catalog,
    ParticipantRepository participants,
    ResponseRepository responses,
    PayloadCache payloads,
    TimeProvider clock,
    Remedies.TaskAnswers tasks)
{
    public const int CompletionCodeLength = 10;

    /// <summary>The session of user <paramref name="userId"/> in study <paramref name="slug"/>, or null when they never joined it.</summary>
    public Task<SessionState?> FindAsync(string slug, long userId, CancellationToken cancellationToken) =>
        FindAsync(slug, SessionKey.Account(userId), cancellationToken);

    /// <summary>
    /// The session <paramref name="key"/> opens in study <paramref name="slug"/>, or null when there is none: never joined,
    /// or (a link) revoked or issued for another study. One query; the study's definition comes from the process cache.
    /// </summary>
    public async Task<SessionState?> FindAsync(string slug, SessionKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var participant = key.UserId is { } userId
            ? await participants.FindInStudyByUserAsync(slug, userId, cancellationToken)
            : await participants.FindInStudyByLinkAsync(slug, LinkTokens.Hash(key.LinkToken!), cancellationToken);
        if (participant is null)
        {
            return null;
        }
        var loaded = await catalog.FindFrozenAsync(participant.StudyVersionId, cancellationToken)
            ?? throw new InvalidOperationException($"Participant {participant.Id} belongs to study version {participant.StudyVersionId}, which does not exist.");
        return new SessionState(loaded, participant);
    }

    public async Task<PageContent> LoadContentAsync(SessionState session, PageDefinition page, CancellationToken cancellationToken)
    {
        var versionId = session.Participant.StudyVersionId;
        var cell = session.Participant.CellId;
        var pageStimulus = await payloads.FindAsync(versionId, cell, page.Id, null, cancellationToken);
        var trials = new Dictionary<string, ShownStimulus>(StringComparer.Ordinal);
        foreach (var q in page.Questions.Where(q => q.Kind == QuestionKind.ForwardSimulation))
        {
            if (await payloads.FindAsync(versionId, cell, page.Id, q.Id, cancellationToken) is { } trial)
            {
                trials[q.Id] = trial;
            }
        }
        return new PageContent(pageStimulus, trials);
    }

    /// <summary>Saved answers of the current page's items, for filling the form on reload.</summary>
    public async Task<IReadOnlyDictionary<string, string>> AnswersAsync(SessionState session, CancellationToken cancellationToken)
    {
        var stored = await responses.ListAnswersAsync(session.Participant.Id, cancellationToken);
        return stored.ToDictionary(a => a.ItemId, a => a.Value, StringComparer.Ordinal);
    }

    public Task RecordViewAsync(SessionState session, CancellationToken cancellationToken) =>
        responses.AddEventAsync(session.Participant.Id, session.CurrentPage.Id, "page.view", "{}", clock.GetUtcNow(), cancellationToken);

    /// <summary>
    /// Saves one item of the current page (the autosave path). An item of a page already submitted is
    /// <see cref="SaveStatus.PageLeft"/> (a tab left open on it); an item of a later page is invalid (no page shows it yet).
    /// </summary>
    public async Task<SaveResult> SaveAnswerAsync(SessionState session, string itemId, string value, CancellationToken cancellationToken)
    {
        if (session.Participant.Status != ParticipantStatus.Active)
        {
            return SaveResult.NotInProgress;
        }
        var current = session.Participant.CurrentPage;
        var item = session.Study.Runtime.FindItem(itemId);
        if (item is null)
        {
            return SaveResult.Invalid(itemId, $"This study has no question '{Shorten(itemId)}'. Reload the page.");
        }
        var owner = item.PageIndex;
        if (owner < current)
        {
            return PageLeft;
        }
        if (owner > current)
        {
            return SaveResult.Invalid(itemId, $"Question '{itemId}' is not on the page you are on; answer the questions of this page. Reload the page.");
        }
        var page = session.CurrentPage;
        bool written;
        if (item.Question.Kind == QuestionKind.Text && string.IsNullOrWhiteSpace(value))
        {
            // Emptied: the answer is cleared, never stored as "" (which would count as answered for a required question).
            written = await responses.ClearAnswerAsync(session.Participant.Id, current, itemId, cancellationToken);
        }
        else
        {
            if (AnswerRules.Check(item, value, out var normalised) is { } error)
            {
                return SaveResult.Invalid(itemId, error);
            }
            var content = await LoadContentAsync(session, page, cancellationToken);
            written = await responses.SaveAnswerAsync(session.Participant.Id, current,
                new AnswerInput(page.Id, itemId, normalised, content.StimulusFor(item)), clock.GetUtcNow(), cancellationToken);
        }
        if (written)
        {
            return SaveResult.Saved;
        }
        // Refused at the write: the page was submitted (or the session ended) after this request read it.
        var fresh = await participants.GetAsync(session.Participant.Id, cancellationToken);
        return fresh is { Status: ParticipantStatus.Active }
            ? PageLeft
            : SaveResult.Refused(SaveStatus.NotInProgress, Ended(fresh?.Status ?? session.Participant.Status));
    }

    /// <summary>The message a participant sees when a session that has ended refuses an answer.</summary>
    public static string Ended(ParticipantStatus status) => string.Create(CultureInfo.InvariantCulture,
        $"The session is {status.ToString().ToLowerInvariant()}; answers can only be saved on the page you are on, before the end.");

    // Participants see this at the top of the page (answers.js), with "Not saved." at the question itself: no item id,
    // which would mean nothing to them.
    private static readonly SaveResult PageLeft = SaveResult.Refused(SaveStatus.PageLeft,
        "Your answer was not saved: this page was already submitted, perhaps in another tab or window, " +
        "and submitted answers cannot be changed. Continue to the page you are on.");

    /// <summary>
    /// Submits the current page: every submitted item is checked, required items must be answered (here or by an
    /// earlier autosave; an empty or blank text never counts, and a text field emptied on the form clears its answer); then, in one transaction, all are saved, the dwell time recorded and the participant moved to
    /// the next page. <see cref="SaveStatus.PageLeft"/> (nothing stored) when the page was submitted meanwhile — the
    /// second request of a double click, a second tab — or the session ended meanwhile.
    /// </summary>
    public async Task<SaveResult> SubmitPageAsync(SessionState session, IReadOnlyDictionary<string, string> form, long? clientDwellMs, CancellationToken cancellationToken)
    {
        if (session.Participant.Status != ParticipantStatus.Active || session.IsAtDebrief)
        {
            return SaveResult.NotInProgress;
        }
        var page = session.CurrentPage;
        var items = session.Study.Runtime.ItemsOfPage(session.Participant.CurrentPage);
        var saved = await AnswersAsync(session, cancellationToken);
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var inputs = new List<(AnswerItem Item, string Value)>();
        var cleared = new List<string>();
        foreach (var item in items)
        {
            if (Remedies.TaskAnswers.Handles(item))
            {
                // A locate or remedy answer is built from several fields and scored; always stored, even as "nothing marked" or "no fix".
                var task = await tasks.ReadAsync(session, item, form, cancellationToken);
                if (task.Error is { } taskError) errors[item.ItemId] = taskError;
                else inputs.Add((item, task.Value!));
                continue;
            }
            form.TryGetValue(item.ItemId, out var value);
            var isText = item.Question.Kind == QuestionKind.Text;
            if (string.IsNullOrEmpty(value) || (isText && string.IsNullOrWhiteSpace(value)))
            {
                // A text field sent empty was emptied on this form: whatever an autosave stored before no longer stands.
                // A field not sent at all (an unchosen radio group) leaves an earlier autosave in place.
                var emptied = isText && value is not null;
                var stands = !emptied && saved.TryGetValue(item.ItemId, out var earlier) && !string.IsNullOrWhiteSpace(earlier);
                if (item.Required && !stands)
                {
                    errors[item.ItemId] = item.IsConfidence ? "Rate how confident you are." : "Answer this question to continue.";
                }
                else if (emptied && saved.ContainsKey(item.ItemId))
                {
                    cleared.Add(item.ItemId);
                }
                continue;
            }
            if (AnswerRules.Check(item, value, out var normalised) is { } error)
            {
                errors[item.ItemId] = error;
            }
            else
            {
                inputs.Add((item, normalised));
            }
        }
        if (errors.Count > 0)
        {
            return new SaveResult(SaveStatus.Invalid, errors);
        }

        var now = clock.GetUtcNow();
        var answers = new List<AnswerInput>(inputs.Count);
        if (inputs.Count > 0)
        {
            var content = await LoadContentAsync(session, page, cancellationToken);
            answers.AddRange(inputs.Select(i => new AnswerInput(page.Id, i.Item.ItemId, i.Value, content.StimulusFor(i.Item))));
        }
        var detail = JsonSerializer.Serialize(new { dwell_ms = await ServerDwellAsync(session, page.Id, now, cancellationToken), client_dwell_ms = clientDwellMs });
        var next = PageDefinition.NextShown(session.Definition.Pages, session.Participant.CurrentPage, session.Definition.Cell(session.Participant.CellId).Levels);
        return await responses.SubmitPageAsync(session.Participant.Id, session.Participant.CurrentPage, page.Id, answers, detail, now, cancellationToken, cleared, next)
            ? SaveResult.Saved
            : SaveResult.Refused(SaveStatus.PageLeft, "This page was already submitted, or the session has ended.");
    }

    /// <summary>Stores the background form and starts the pages (consented → active).</summary>
    public async Task<SaveResult> SubmitBackgroundAsync(SessionState session, IReadOnlyDictionary<string, string> form, CancellationToken cancellationToken)
    {
        if (session.Participant.Status != ParticipantStatus.Consented)
        {
            return SaveResult.NotInProgress;
        }
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in session.Study.Runtime.Background)
        {
            form.TryGetValue(item.ItemId, out var value);
            if (string.IsNullOrWhiteSpace(value))
            {
                if (item.Required) errors[item.ItemId] = "Answer this question to continue.";
                continue;
            }
            if (AnswerRules.Check(item, value, out var normalised) is { } error) errors[item.ItemId] = error;
            else values[item.ItemId] = normalised;
        }
        if (errors.Count > 0)
        {
            return new SaveResult(SaveStatus.Invalid, errors);
        }
        if (!await responses.SaveBackgroundAsync(session.Participant.Id, values, clock.GetUtcNow(), cancellationToken))
        {
            return SaveResult.NotInProgress;
        }
        // Screening comes before any page, so a screened-out person meets no condition; their slot goes back to the pool.
        if (session.Definition.Screening is { } rule && !rule.Admits(values.GetValueOrDefault(rule.Item)))
        {
            await participants.ScreenOutAsync(session.Participant.Id, clock.GetUtcNow(), cancellationToken);
            return SaveResult.Saved;
        }
        await participants.ActivateAsync(session.Participant.Id, cancellationToken);
        return SaveResult.Saved;
    }

    /// <summary>At the debrief: complete (with a new completion code). False when not at the debrief. (Withdrawal, from any page, is ParticipantWithdrawal.)</summary>
    public async Task<bool> CompleteAsync(SessionState session, CancellationToken cancellationToken)
    {
        if (session.Participant.Status != ParticipantStatus.Active || !session.IsAtDebrief)
        {
            return false;
        }
        var now = clock.GetUtcNow();
        await responses.AddEventAsync(session.Participant.Id, session.CurrentPage.Id, "page.submit",
            JsonSerializer.Serialize(new { dwell_ms = await ServerDwellAsync(session, session.CurrentPage.Id, now, cancellationToken) }), now, cancellationToken);
        return await participants.CompleteAsync(session.Participant.Id, RandomNumberGenerator.GetString(ParticipantCodeAlphabet, CompletionCodeLength), now, cancellationToken);
    }

    private const string ParticipantCodeAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    // From the first view of the page to now: reloads do not restart the clock.
    private async Task<long?> ServerDwellAsync(SessionState session, string pageId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var events = await responses.ListEventsAsync(session.Participant.Id, cancellationToken);
        var first = events.FirstOrDefault(e => e.PageId == pageId && e.Type == "page.view");
        return first is null ? null : (long)(now - first.At).TotalMilliseconds;
    }

    private static string Shorten(string value) => value.Length <= 60 ? value : value[..60] + "…";

    internal static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
