using Microsoft.AspNetCore.Mvc;

namespace MisuseLab.Web.Controllers;

public sealed class HomeController : Controller
{
    [HttpGet("/")]
    public IActionResult Index() => View();
}
