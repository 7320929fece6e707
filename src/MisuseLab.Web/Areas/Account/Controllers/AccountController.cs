using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using MisuseLab.Web.Areas.Account.Models;
using MisuseLab.Web.Areas.Account.Services;
using MisuseLab.Web.Infrastructure;

namespace MisuseLab.Web.Areas.Account.Controllers;

[Area("Account")]
[Route("account")]
[AllowAnonymous]
public sealed class AccountController(SignInService signIn, IOptions<AccountOptions> options) : Controller
{
    [HttpGet("login")]
    public IActionResult Login(string? returnUrl, bool registered = false, bool reset = false) =>
        View(new LoginInput { ReturnUrl = returnUrl, Registered = registered, Reset = reset });

    [HttpPost("login")]
    [EnableRateLimiting(RateLimits.SignIn)]
    public async Task<IActionResult> Login(LoginInput input, CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return View(input);
        }
        var result = await signIn.PasswordSignInAsync(input.Email, input.Password, cancellationToken);
        if (!result.Succeeded)
        {
            ModelState.AddModelError("", RefusedMessage());
            return View(input);
        }
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, result.Principal!);
        return LocalRedirectOrHome(input.ReturnUrl);
    }

    [HttpGet("register")]
    public IActionResult Register(string? returnUrl) => View(new RegisterInput { ReturnUrl = returnUrl });

    [HttpPost("register")]
    [EnableRateLimiting(RateLimits.Register)]
    public async Task<IActionResult> Register(RegisterInput input, CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return View(input);
        }
        await signIn.RegisterAsync(input.Email, input.Password, cancellationToken);
        // The same answer whether the address was new or already had an account: go and sign in.
        var returnUrl = !string.IsNullOrEmpty(input.ReturnUrl) && Url.IsLocalUrl(input.ReturnUrl) ? input.ReturnUrl : null;
        return LocalRedirect("/account/login?registered=true" + (returnUrl is null ? "" : "&returnUrl=" + Uri.EscapeDataString(returnUrl)));
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

    // One message for a wrong password, a locked account and an unknown address: anything else names which addresses
    // have accounts. It states the lockout rule so an owner who mistyped knows why the right password may fail.
    private string RefusedMessage() => string.Format(CultureInfo.InvariantCulture,
        "E-mail or password is wrong. Check both and try again. After {0} wrong passwords in a row an account refuses " +
        "sign-ins for {1} minutes (signed-in sessions keep working); an administrator can unlock it sooner.",
        options.Value.MaxFailedLogins, options.Value.LockoutMinutes);

    // Only local return URLs: an open redirect would let a phishing link bounce through our sign-in page.
    private IActionResult LocalRedirectOrHome(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && Url.IsLocalUrl(returnUrl) ? LocalRedirect(returnUrl) : Redirect("/");
}
