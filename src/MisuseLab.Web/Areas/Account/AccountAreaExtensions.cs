using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;
using MisuseLab.Web.Areas.Account.Services;
using MisuseLab.Web.Infrastructure;

namespace MisuseLab.Web.Areas.Account;

public static class AccountAreaExtensions
{
    public const string AuthCookieName = "misuselab.auth";

    /// <summary>Cookie sign-in, role policies and the account pages (register, login, logout, access denied).</summary>
    public static IServiceCollection AddAccountArea(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<SignInService>();
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie();
        services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<IOptions<AccountOptions>>((cookie, account) =>
            {
                cookie.Cookie.Name = AuthCookieName;
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Lax; // Lax, not Strict: a link from an e-mail invitation must arrive signed in
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                cookie.LoginPath = "/account/login";
                cookie.LogoutPath = "/account/logout";
                cookie.AccessDeniedPath = "/account/denied";
                cookie.ExpireTimeSpan = TimeSpan.FromHours(account.Value.SessionHours);
                cookie.SlidingExpiration = true;
                cookie.Events.OnRedirectToLogin = context => ApiAwareRedirect(context, StatusCodes.Status401Unauthorized);
                cookie.Events.OnRedirectToAccessDenied = context => ApiAwareRedirect(context, StatusCodes.Status403Forbidden);
                cookie.Events.OnValidatePrincipal = ValidateAccountAsync;
            });
        services.AddAuthorization(Policies.Register);
        services.AddPasswordReset();
        return services;
    }

    private static async Task ValidateAccountAsync(CookieValidatePrincipalContext context)
    {
        var signIn = context.HttpContext.RequestServices.GetRequiredService<SignInService>();
        if (context.Principal is not null && !await signIn.IsStillValidAsync(context.Principal, context.HttpContext.RequestAborted))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }

    // APIs answer with a status code; pages redirect to the sign-in or access-denied page.
    private static Task ApiAwareRedirect(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.IsApiRequest())
        {
            context.Response.StatusCode = status;
        }
        else
        {
            context.Response.Redirect(context.RedirectUri);
        }
        return Task.CompletedTask;
    }
}
