using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace MisuseLab.Web.Tests.Infrastructure;

/// <summary>API endpoints that exist only in tests, to observe how the app reports API errors.</summary>
[ApiController]
[Route("api/test")]
public sealed class TestApiController : ControllerBase
{
    public const string SecretMessage = "internal detail that must never reach a client";

    [HttpGet("throw")]
    public IActionResult Throw() => throw new InvalidOperationException(SecretMessage);

    [HttpGet("secret")]
    [Authorize]
    public IActionResult Secret() => Ok(new { ok = true });
}
