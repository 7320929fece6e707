using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using MisuseLab.Platform.Accounts;
using MisuseLab.Storage.Users;
using MisuseLab.Web.Areas.Account.Models;
using MisuseLab.Web.Areas.Account.Services;
using MisuseLab.Web.Infrastructure;

namespace MisuseLab.Web.Areas.Account.Controllers;

/// <summary>
/// <c>/account/delete</c>: an account's owner deletes it (confirming with the password), an admin deletes any account by
/// address. The work is <see cref="AccountDeletion"/>'s. The page answers visitors too (asking them to sign in), as every
/// page of the Account area does.
/// </summary>
[Area("Account")]
[Route("account/delete")]
[AllowAnonymous]
public sealed class AccountDeletionController(AccountDeletion deletion, UserRepository users) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) => View(await ModelAsync(null, null, cancellationToken));

    /// <summary>The signed-in owner deletes their own account; the password confirms it is them, so it is rate-limited like sign-in.</summary>
    [HttpPost("")]
    [EnableRateLimiting(RateLimits.SignIn)]
    public async Task<IActionResult> DeleteOwn(string? password, CancellationToken cancellationToken)
    {
        var me = await MeAsync(cancellationToken);
        if (me is null) return await PageAsync(StatusCodes.Status400BadRequest, "Sign in first: only the account's owner, signed in, can delete it here.", cancellationToken);
        if (string.IsNullOrEmpty(password) || AccountPasswords.Verify(me.PasswordHash, password) == PasswordVerificationResult.Failed)
        {
            return await PageAsync(StatusCodes.Status400BadRequest, "The password is wrong; the account was not deleted.", cancellationToken);
        }
        var outcome = await deletion.DeleteAsync(me.Id, Storage.Audit.AuditActor.User(me.Id), cancellationToken);
        if (!outcome.Deleted) return await PageAsync(StatusCodes.Status409Conflict, outcome.Message, cancellationToken);
        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return View("Deleted", outcome.Message);
    }

    /// <summary>An admin deletes another account by its address.</summary>
    [HttpPost("other")]
    public async Task<IActionResult> DeleteOther(string? email, CancellationToken cancellationToken)
    {
        var me = await MeAsync(cancellationToken);
        if (me is null || me.Role != Roles.Admin) return Forbid();
        if (string.IsNullOrWhiteSpace(email)) return await PageAsync(StatusCodes.Status400BadRequest, "Enter the address of the account to delete.", cancellationToken);
        var outcome = await deletion.DeleteByEmailAsync(email, Storage.Audit.AuditActor.User(me.Id), cancellationToken);
        return await PageAsync(outcome.Deleted ? StatusCodes.Status200OK : StatusCodes.Status404NotFound, outcome.Message, cancellationToken, notice: outcome.Deleted);
    }

    private async Task<UserAccount?> MeAsync(CancellationToken cancellationToken) =>
        User.Staff() is { } signedIn ? await users.FindByIdAsync(signedIn.Id, cancellationToken) : null;

    private async Task<AccountDeletionViewModel> ModelAsync(string? notice, string? problem, CancellationToken cancellationToken)
    {
        var me = await MeAsync(cancellationToken);
        return new AccountDeletionViewModel(me?.Email, me?.Role == Roles.Admin, notice, problem);
    }

    private async Task<IActionResult> PageAsync(int status, string message, CancellationToken cancellationToken, bool notice = false)
    {
        Response.StatusCode = status;
        return View(nameof(Index), await ModelAsync(notice ? message : null, notice ? null : message, cancellationToken));
    }
}
