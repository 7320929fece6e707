using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using MisuseLab.Platform.Enrolment;
using MisuseLab.Web.Areas.Participant.Models;

namespace MisuseLab.Web.Areas.Participant.Controllers;

/// <summary>
/// <c>/resume/{token}</c>: a participant's resume link. It signs this browser in for the one session the link belongs to
/// and goes to where the participant is; a withdrawn, unknown or damaged link gets a message and no session.
/// </summary>
[Area("Participant")]
[AllowAnonymous]
[Route("resume")]
public sealed class ResumeController(SignInLinks links) : Controller
{
    public static string UrlFor(HttpRequest request, string token) => $"{request.Scheme}://{request.Host}{request.PathBase}/resume/{token}";

    [HttpGet("{token}")]
    [EnableRateLimiting(LinkRateLimit.Policy)]
    public async Task<IActionResult> Open(string token, CancellationToken cancellationToken)
    {
        var resolved = await links.ResolveAsync(token, cancellationToken);
        if (resolved.Refusal is { } refusal)
        {
            if (ParticipantUser.LinkToken(User) == token)
            {
                await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            }
            return Refused(this, refusal);
        }
        await ParticipantUser.SignInWithLinkAsync(HttpContext, token);
        return Redirect($"/study/{Uri.EscapeDataString(resolved.Slug!)}");
    }

    /// <summary>The message page for a link that opens nothing, with the status its kind calls for.</summary>
    internal static ViewResult Refused(Controller controller, EntryRefusal refusal)
    {
        controller.Response.StatusCode = refusal.Kind switch
        {
            RefusalKind.NotFound => StatusCodes.Status404NotFound,
            RefusalKind.BadLink => StatusCodes.Status400BadRequest,
            _ => StatusCodes.Status403Forbidden,
        };
        return controller.View("Message", new MessageViewModel(refusal.Title, refusal.Message, "Back to the home page", "/"));
    }
}
