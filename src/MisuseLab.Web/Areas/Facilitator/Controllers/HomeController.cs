using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using MisuseLab.Web.Areas.Account;

namespace MisuseLab.Web.Areas.Facilitator.Controllers;

/// <summary>Facilitator start page; facilitators and admins only.</summary>
[Area("Facilitator")]
[Authorize(Policy = Policies.Facilitator)]
public sealed class HomeController : Controller
{
    public IActionResult Index() => View();
}
