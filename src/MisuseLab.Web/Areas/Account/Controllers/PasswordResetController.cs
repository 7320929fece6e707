using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using MisuseLab.Platform.Accounts;
using MisuseLab.Storage.Audit;
using MisuseLab.Storage.Users;
using MisuseLab.Web.Areas.Account.Models;
using MisuseLab.Web.Infrastructure;

namespace MisuseLab.Web.Areas.Account.Controllers;

/// <summary>
/// "Forgot password" (<c>/account/forgot</c>), the reset link's page (<c>/account/reset?token=</c>) and an admin issuing
/// a link (<c>/account/reset-link</c>). The request is answered with the same bytes whatever the address; the lookup and
/// delivery run afterwards (<see cref="PasswordResetQueue"/>). Both posts are rate-limited like sign-in.
/// </summary>
[Area("Account")]
[Route("account")]
[AllowAnonymous]
public sealed class PasswordResetController(PasswordResets resets, PasswordResetQueue queue, UserRepository users) : Controller
{
    [HttpGet("forgot")]
    public IActionResult Forgot() => View(new ForgotInput());

    [HttpPost("forgot")]
    [EnableRateLimiting(RateLimits.SignIn)]
    public IActionResult Forgot(ForgotInput input)
    {
        if (!ModelState.IsValid) return View(input);
        queue.Enqueue(input.Email);
        return View("ForgotSent");
    }

    [HttpGet("reset")]
    public IActionResult Reset(string? token) => View(new ResetInput { Token = token ?? "" });

    [HttpPost("reset")]
    [EnableRateLimiting(RateLimits.SignIn)]
    public async Task<IActionResult> Reset(ResetInput input, CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid) return View(input);
        if (!await resets.ResetAsync(input.Token, input.Password, cancellationToken))
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            ModelState.AddModelError("", "This reset link does not work: it was used already, has expired or was mistyped. Ask for a new one.");
            return View(input);
        }
        return LocalRedirect("/account/login?reset=true");
    }

    /// <summary>An admin issues a link for an account (to hand over another way); shown once, never stored in clear.</summary>
    [HttpPost("reset-link")]
    public async Task<IActionResult> Issue(string? email, CancellationToken cancellationToken)
    {
        if (User.Staff() is not { IsAdmin: true } admin) return Forbid();
        var link = string.IsNullOrWhiteSpace(email) ? null : await resets.IssueAsync(email, AuditActor.User(admin.Id), cancellationToken);
        Response.StatusCode = link is null ? StatusCodes.Status404NotFound : StatusCodes.Status200OK;
        var me = await users.FindByIdAsync(admin.Id, cancellationToken);
        var absolute = link is null ? null : (link.Url.StartsWith('/') ? $"{Request.Scheme}://{Request.Host}{link.Url}" : link.Url);
        return View("~/Areas/Account/Views/AccountDeletion/Index.cshtml", new AccountDeletionViewModel(me?.Email, true,
            link is null ? null : $"Reset link for {link.Email} (works once, until {link.ExpiresAt:yyyy-MM-dd HH:mm} UTC; shown only now): {absolute}",
            link is null ? $"Expected the address of an account; there is none for '{email?.Trim()}'." : null));
    }
}
