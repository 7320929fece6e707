using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using MisuseLab.Platform.Access;
using MisuseLab.Storage.Studies;

namespace MisuseLab.Web.Infrastructure;

/// <summary>
/// The one per-study access check of the staff areas (Facilitator, Analyst), applied to every action as a global
/// filter so a study route added later is covered without a line in its controller. A route names its study by a
/// <c>{slug}</c> parameter or by a <c>versions/{id}</c> pair (a version id). Unless the signed-in account is a
/// member of that study or an admin, the answer is the area's own "not found", byte for byte what a study that does
/// not exist gets: existence is not revealed. It is an authorization filter ordered before the antiforgery check, so
/// a non-member's post is refused before its body or token is looked at.
/// </summary>
public sealed partial class StudyAccessFilter(StudyAccess access, StudyRepository studies, IModelMetadataProvider metadata) : IAsyncAuthorizationFilter
{
    /// <summary>The areas whose study routes are members-only; participant routes take slugs too but are open by design.</summary>
    public static readonly IReadOnlyList<string> StaffAreas = ["Facilitator", "Analyst"];

    public async Task OnAuthorizationAsync(AuthorizationFilterContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var route = StudyRoute.Of(context);
        if (route is null) return;
        var user = context.HttpContext.User.Staff();
        var cancellationToken = context.HttpContext.RequestAborted;
        long? studyId = route.Slug is not null
            ? (await studies.FindStudyAsync(route.Slug, cancellationToken))?.Id
            : route.VersionId is { } versionId ? (await studies.FindVersionAsync(versionId, cancellationToken))?.StudyId : null;
        if (user is not null && studyId is { } id && await access.MayAccessAsync(user, id, cancellationToken)) return;
        context.Result = NotFound(route, context.ModelState);
    }

    private IActionResult NotFound(StudyRoute route, ModelStateDictionary modelState) =>
        route.Area == "Facilitator"
            ? new ViewResult
            {
                ViewName = "NotFound",
                StatusCode = StatusCodes.Status404NotFound,
                // The same sentence the facilitator controllers give for a study or version that does not exist.
                ViewData = new ViewDataDictionary<string>(metadata, modelState)
                {
                    Model = route.Slug is not null ? $"study {route.Slug}" : $"study version {route.VersionId}",
                },
            }
            : new NotFoundResult();

    /// <summary>The study a staff route names: its area and either a slug or a version id.</summary>
    public sealed record StudyRoute(string Area, string? Slug, long? VersionId)
    {
        /// <summary>Null when the action is outside the staff areas or names no study.</summary>
        public static StudyRoute? Of(ActionContext context)
        {
            ArgumentNullException.ThrowIfNull(context);
            context.ActionDescriptor.RouteValues.TryGetValue("area", out var area);
            var staffArea = StaffAreas.FirstOrDefault(a => string.Equals(a, area, StringComparison.OrdinalIgnoreCase));
            if (staffArea is null) return null;
            var values = context.RouteData.Values;
            if (values.TryGetValue("slug", out var slug))
            {
                return new StudyRoute(staffArea, Convert.ToString(slug, CultureInfo.InvariantCulture) ?? "", null);
            }
            var template = context.ActionDescriptor.AttributeRouteInfo?.Template;
            if (template is null || !VersionSegment().IsMatch(template)) return null;
            // The {id:long} constraint has matched already; an id that does not parse is treated as a version no one may see.
            return long.TryParse(Convert.ToString(values["id"], CultureInfo.InvariantCulture), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                ? new StudyRoute(staffArea, null, id)
                : new StudyRoute(staffArea, null, -1);
        }
    }

    [GeneratedRegex(@"(^|/)versions/\{id(:[^}]*)?\}(/|$)", RegexOptions.IgnoreCase)]
    private static partial Regex VersionSegment();
}
