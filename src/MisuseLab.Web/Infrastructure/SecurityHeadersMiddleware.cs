namespace MisuseLab.Web.Infrastructure;

/// <summary>
/// Security headers on every response, errors included. The policy allows scripts and styles only from
/// this site: no inline script, no eval, no framing. Pages that need more (a chart library) must ship
/// their files under wwwroot rather than loosen this.
/// </summary>
internal sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    private const string FormActionKey = "misuselab.csp.form-action";

    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>
    /// Lets this page's forms lead to <paramref name="url"/>'s origin. form-action governs the whole redirect chain of a
    /// submission, so the debrief, whose finish form is answered with a 303 to the study's declared completion URL (a
    /// recruiting panel), must name that origin or the browser blocks the redirect. Only that one origin is added, only
    /// on that page; anything but an absolute http(s) URL adds nothing.
    /// </summary>
    public static void AllowFormActionTo(HttpContext context, string url)
    {
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp))
        {
            context.Items[FormActionKey] = $"{uri.Scheme}://{uri.IdnHost}{(uri.IsDefaultPort ? "" : ":" + uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture))}";
        }
    }

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(static state =>
        {
            var context = (HttpContext)state;
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = context.Items[FormActionKey] is string origin
                ? ContentSecurityPolicy.Replace("form-action 'self'", "form-action 'self' " + origin, StringComparison.Ordinal)
                : ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
            return Task.CompletedTask;
        }, context);
        return next(context);
    }
}
