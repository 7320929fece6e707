using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace MisuseLab.Web.Infrastructure;

/// <summary>
/// Reads form bodies up front and answers 400 when they cannot be parsed. ASP.NET Core's form decoder throws
/// <see cref="InvalidOperationException"/> for a percent-encoded NUL (<c>%00</c>) anywhere in a form; the
/// antiforgery check only converts <see cref="InvalidDataException"/> and <see cref="IOException"/>, so such a
/// request used to surface as a 500 on every form endpoint (found by the security fuzz tests). Every unsafe form
/// request is read in full by the antiforgery check anyway, so reading it here costs nothing extra.
/// </summary>
/// <remarks>
/// Runs after routing, authentication and authorization (see <see cref="WebRegistration.UseMisuseLabPipeline"/>): a
/// request that is refused never has its body read, and the endpoint's own <c>[RequestSizeLimit]</c> applies before
/// anything is read. Reading the form first, as this middleware once did before routing, let any anonymous client make
/// the server parse 30 MB bodies and made every per-endpoint limit dead (the body was already read when MVC set it).
/// </remarks>
internal sealed class FormBodyGuardMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.HasFormContentType && !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            if (context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize is { } limit)
            {
                // The server enforces the limit while reading (chunked bodies too); a declared length over it is refused unread.
                if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = limit;
                if (context.Request.ContentLength > limit)
                {
                    context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                    return;
                }
            }
            try
            {
                await context.Request.ReadFormAsync(context.RequestAborted);
            }
            catch (BadHttpRequestException e)
            {
                context.Response.StatusCode = e.StatusCode; // e.g. 413 over the body size limit
                return;
            }
            catch (Exception e) when (e is InvalidOperationException or InvalidDataException or IOException)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }
        }
        await next(context);
    }
}
