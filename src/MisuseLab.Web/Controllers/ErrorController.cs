using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using MisuseLab.Web.Infrastructure;

namespace MisuseLab.Web.Controllers;

/// <summary>
/// Target of the exception handler and status-code re-execution: API paths get RFC 9457 ProblemDetails,
/// pages get a plain error page. Neither shows exception details.
/// </summary>
[ApiExplorerSettings(IgnoreApi = true)]
[IgnoreAntiforgeryToken] // re-executed for POSTs that already failed; it changes nothing
public sealed class ErrorController : Controller
{
    public const string Path = "/error";

    [Route(Path)]
    [Route(Path + "/{statusCode:int}")]
    public IActionResult Index(int? statusCode)
    {
        var status = statusCode ?? StatusCodes.Status500InternalServerError;
        var originalPath = HttpContext.Features.Get<IExceptionHandlerPathFeature>()?.Path
                           ?? HttpContext.Features.Get<IStatusCodeReExecuteFeature>()?.OriginalPath
                           ?? Request.Path.Value ?? "";
        var traceId = Activity.Current?.Id ?? HttpContext.TraceIdentifier;
        if (originalPath.StartsWith("/api", StringComparison.OrdinalIgnoreCase))
        {
            var problem = ProblemDetailsFactory.CreateProblemDetails(HttpContext, status, instance: originalPath);
            problem.Extensions["traceId"] = traceId;
            return new ObjectResult(problem) { StatusCode = status, ContentTypes = { "application/problem+json" } };
        }
        Response.StatusCode = status;
        return View("~/Views/Shared/Error.cshtml", new ErrorViewModel(status, traceId));
    }
}

public sealed record ErrorViewModel(int StatusCode, string TraceId)
{
    public string Title => StatusCode switch
    {
        400 => "The request could not be processed",
        403 => "You do not have access to this page",
        404 => "Page not found",
        _ => "Something went wrong",
    };

    public string Advice => StatusCode switch
    {
        400 => "If you submitted a form, reload the page and try again; the form may have expired.",
        403 => "Sign in with an account that has the right role, or ask a facilitator.",
        404 => "Check the address, or go back to the home page.",
        _ => "Please try again. If it keeps happening, tell the study team the reference below.",
    };
}
