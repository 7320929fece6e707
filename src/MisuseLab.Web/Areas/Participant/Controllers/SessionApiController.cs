using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using MisuseLab.Platform.Sessions;
using MisuseLab.Storage.Participants;
using MisuseLab.Storage.Responses;
using MisuseLab.Web.Areas.Account;
using MisuseLab.Web.Infrastructure;

namespace MisuseLab.Web.Areas.Participant.Controllers;

/// <summary>
/// What wwwroot/js/answers.js and charts.js post while a page is open: <c>POST /api/study/{slug}/answers</c>
/// <c>{"item": "…", "value": "…" | number}</c> saves one answer of the current page (again = update);
/// <c>POST /api/study/{slug}/events</c> <c>{"type": "chart.hover", "page": 3, "detail": {…}}</c> records an interaction
/// on page 3 (the index of the page it happened on: a tab left open on an earlier page still files it there).
/// Both need the antiforgery token in the X-CSRF-TOKEN header. Errors are RFC 9457 ProblemDetails: 400 for a
/// bad request (nothing stored), 404 when not enrolled, 409 when the session can no longer change or — title
/// <see cref="PageLeftTitle"/> — when the answer is for a page already submitted (a second tab); nothing stored.
/// </summary>
[Area("Participant")]
// Participants only: a staff account taking part would mix test sessions into the study's data.
[Authorize(Policy = Policies.Participant)]
[Route("api/study/{slug}")]
[RequestSizeLimit(MaxBodyBytes)]
[EnableRateLimiting(RateLimits.Events)]
public sealed class SessionApiController(SessionService sessions, ResponseRepository responses, TimeProvider clock) : ControllerBase
{
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>The 409's title when an answer is for a page already submitted (answers.js shows it in #page-closed).</summary>
    public const string PageLeftTitle = "This page was already submitted";

    public static readonly IReadOnlySet<string> EventTypes = new HashSet<string>(StringComparer.Ordinal)
    {
        "chart.hover", "chart.relayout", "chart.legend", "chart.click", "page.hidden", "page.visible",
    };

    [HttpPost("answers")]
    public async Task<IActionResult> SaveAnswer(string slug, CancellationToken cancellationToken)
    {
        var (body, bad) = await ReadObjectAsync(cancellationToken);
        if (bad is not null) return bad;
        if (!body.TryGetProperty("item", out var itemElement) || itemElement.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(itemElement.GetString()))
        {
            return Bad("Expected \"item\": the question id as a string.");
        }
        if (!body.TryGetProperty("value", out var valueElement))
        {
            return Bad("Expected \"value\": the answer as a string or number.");
        }
        var value = valueElement.ValueKind switch
        {
            JsonValueKind.String => valueElement.GetString(),
            JsonValueKind.Number => valueElement.GetRawText(),
            _ => null,
        };
        if (value is null)
        {
            return Bad($"Expected \"value\" to be a string or a number; found {valueElement.ValueKind.ToString().ToLowerInvariant()}.");
        }
        var session = await sessions.FindAsync(slug, ParticipantUser.Key(User), cancellationToken);
        if (session is null) return NotEnrolled(slug);
        var result = await sessions.SaveAnswerAsync(session, itemElement.GetString()!, value, cancellationToken);
        return result.Status switch
        {
            SaveStatus.Saved => NoContent(),
            SaveStatus.Invalid => Bad(result.Errors.Values.First()),
            SaveStatus.PageLeft => Problem(statusCode: StatusCodes.Status409Conflict, title: PageLeftTitle, detail: result.Problem),
            _ => Finished(result.Problem ?? SessionService.Ended(session.Participant.Status)),
        };
    }

    [HttpPost("events")]
    public async Task<IActionResult> RecordEvent(string slug, CancellationToken cancellationToken)
    {
        var (body, bad) = await ReadObjectAsync(cancellationToken);
        if (bad is not null) return bad;
        if (!body.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String || !EventTypes.Contains(typeElement.GetString()!))
        {
            return Bad($"Expected \"type\" to be one of {string.Join(", ", EventTypes.Order(StringComparer.Ordinal))}.");
        }
        if (!body.TryGetProperty("page", out var pageElement) || pageElement.ValueKind != JsonValueKind.Number || !pageElement.TryGetInt32(out var page) || page < 0)
        {
            return Bad("Expected \"page\": the index of the page the interaction happened on, as a whole number.");
        }
        var detail = "{}";
        if (body.TryGetProperty("detail", out var detailElement))
        {
            if (detailElement.ValueKind != JsonValueKind.Object) return Bad("Expected \"detail\" to be a JSON object.");
            detail = detailElement.GetRawText();
            if (detail.Length > ResponseRepository.MaxEventDetailLength)
            {
                return Bad($"\"detail\" is {detail.Length} characters; at most {ResponseRepository.MaxEventDetailLength} are stored.");
            }
        }
        var session = await sessions.FindAsync(slug, ParticipantUser.Key(User), cancellationToken);
        if (session is null) return NotEnrolled(slug);
        if (session.Participant.Status != ParticipantStatus.Active) return Finished(SessionService.Ended(session.Participant.Status));
        if (page > session.Participant.CurrentPage)
        {
            return Bad($"Page {page} is not open yet: you are on page {session.Participant.CurrentPage}.");
        }
        var stored = await responses.AddEventAsync(session.Participant.Id, session.Definition.Pages[page].Id, typeElement.GetString()!, detail, clock.GetUtcNow(), cancellationToken);
        return stored ? NoContent() : Finished(SessionService.Ended(session.Participant.Status));
    }

    private async Task<(JsonElement Body, IActionResult? Bad)> ReadObjectAsync(CancellationToken cancellationToken)
    {
        if (Request.ContentType is null || !Request.ContentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return (default, Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Expected JSON", detail: "Send the body as application/json."));
        }
        try
        {
            using var doc = await JsonDocument.ParseAsync(Request.Body, cancellationToken: cancellationToken);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (default, Bad($"Expected a JSON object; found {doc.RootElement.ValueKind.ToString().ToLowerInvariant()}."));
            }
            return (doc.RootElement.Clone(), null);
        }
        catch (BadHttpRequestException e)
        {
            // Over the size limit (413) or cut off mid-body (400): the client's doing, never a 500.
            return (default, Problem(statusCode: e.StatusCode, title: "The request body could not be read", detail: e.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? $"The body is larger than {MaxBodyBytes} bytes." : "The body ended before it was complete. Send it again."));
        }
        catch (JsonException e)
        {
            return (default, Bad($"The body is not valid JSON (line {(e.LineNumber ?? 0) + 1}, byte {(e.BytePositionInLine ?? 0) + 1})."));
        }
    }

    private ObjectResult Bad(string detail) =>
        Problem(statusCode: StatusCodes.Status400BadRequest, title: "The answer was not saved", detail: detail);

    private ObjectResult NotEnrolled(string slug) =>
        Problem(statusCode: StatusCodes.Status404NotFound, title: "Not taking part", detail: $"You have not joined '{slug}'. Open /join/{slug} first.");

    private ObjectResult Finished(string detail) =>
        Problem(statusCode: StatusCodes.Status409Conflict, title: "This session can no longer change", detail: detail);
}
