using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using MisuseLab.Web.Areas.Account.Models;
using MisuseLab.Web.Areas.Account.Services;

namespace MisuseLab.Web.Areas.Account.Controllers;

[Area("Account")]
[Route("account")]
[AllowAnonymous]
public sealed class AccountController(SignInService signIn, IOptions<AccountOptions> options) : Controller
{
    [HttpGet("login")]
    public IActionResult Login(string? returnUrl) => View(new LoginInput { ReturnUrl = returnUrl });

    [HttpPost("login")]
    public async Task<IActionResult> Login(LoginInput input, CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return View(input);
        }
        var result = await signIn.PasswordSignInAsync(input.Email, input.Password, cancellationToken);
        if (result.LockedUntil is { } until)
        {
            ModelState.AddModelError("", LockoutMessage(until));
            return View(input);
        }
        if (!result.Succeeded)
        {
            ModelState.AddModelError("", "E-mail or password is wrong. Check both and try again.");
            return View(input);
        }
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, result.Principal!);
        return LocalRedirectOrHome(input.ReturnUrl);
    }

    [HttpGet("register")]
    public IActionResult Register(string? returnUrl) => View(new RegisterInput { ReturnUrl = returnUrl });

    [HttpPost("register")]
    public async Task<IActionResult> Register(RegisterInput input, CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return View(input);
        }
        var (account, error) = await signIn.RegisterAsync(input.Email, input.Password, cancellationToken);
        if (account is null)
        {
            ModelState.AddModelError(nameof(input.Email), error!);
            return View(input);
        }
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, SignInService.CreatePrincipal(account));
        return LocalRedirectOrHome(input.ReturnUrl);
    }

    // POST only (with the antiforgery token): a GET link or image could otherwise sign people out.
    [HttpPost("logout")]
    public async Task<IActionResult> Logout()
    {
        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return Redirect("/");
    }

    [HttpGet("denied")]
    public IActionResult AccessDenied()
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return View();
    }

    private string LockoutMessage(DateTimeOffset until) => string.Create(CultureInfo.InvariantCulture,
        $"This account is locked after {options.Value.MaxFailedLogins} failed sign-ins. Try again after " +
        $"{until.UtcDateTime:HH:mm} UTC on {until.UtcDateTime:d MMMM yyyy}, or ask an administrator to unlock it.");

    // Only local return URLs: an open redirect would let a phishing link bounce through our sign-in page.
    private IActionResult LocalRedirectOrHome(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && Url.IsLocalUrl(returnUrl) ? LocalRedirect(returnUrl) : Redirect("/");
}
