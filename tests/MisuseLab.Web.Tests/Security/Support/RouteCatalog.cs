using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace MisuseLab.Web.Tests.Security.Support;

/// <summary>One routable endpoint of the app as the security tests see it.</summary>
public sealed record AppRoute(string Name, string Template, IReadOnlyList<string> Methods, string? Area, IReadOnlyList<string> Policies, bool AllowsAnonymous, bool RequiresAuthentication)
{
    /// <summary>Methods the endpoint answers; an endpoint without method metadata answers every method.</summary>
    public bool Accepts(string method) => Methods.Count == 0 || Methods.Contains(method, StringComparer.OrdinalIgnoreCase);

    public bool IsApi => Template.StartsWith("api/", StringComparison.OrdinalIgnoreCase) || Template.StartsWith("/api/", StringComparison.OrdinalIgnoreCase);

    public override string ToString() => $"{(Methods.Count == 0 ? "ANY" : string.Join("|", Methods))} /{Template.TrimStart('/')} ({Name})";
}

/// <summary>
/// Every endpoint the running app routes to, read from its <see cref="EndpointDataSource"/>, so pages added later
/// (Facilitator, Analyst, …) are covered by the security tests without anyone listing them.
/// </summary>
public static class RouteCatalog
{
    public static IReadOnlyList<AppRoute> Read(IServiceProvider services)
    {
        var routes = new List<AppRoute>();
        foreach (var endpoint in Matchable(services))
        {
            var action = endpoint.Metadata.GetMetadata<ControllerActionDescriptor>();
            if (action is not null && action.ControllerTypeInfo.Assembly != typeof(Program).Assembly)
            {
                continue; // controllers that exist only in tests
            }
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [];
            var authorize = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>();
            var anonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            routes.Add(new AppRoute(
                endpoint.DisplayName ?? endpoint.RoutePattern.RawText ?? "?",
                Template(endpoint.RoutePattern),
                methods.ToList(),
                action?.RouteValues.TryGetValue("area", out var area) == true ? area : null,
                authorize.Select(a => a.Policy).OfType<string>().Distinct(StringComparer.Ordinal).ToList(),
                anonymous,
                authorize.Count > 0 && !anonymous));
        }
        return routes;
    }

    /// <summary>
    /// The request path of <paramref name="route"/> with its parameters filled: conventional routes take their required
    /// values (area, controller, action), known parameters take <paramref name="samples"/>, optional ones are left out.
    /// </summary>
    public static string PathOf(IServiceProvider services, AppRoute route, IReadOnlyDictionary<string, string> samples)
    {
        var endpoint = Matchable(services)
            .First(e => (e.DisplayName ?? e.RoutePattern.RawText) == route.Name && Template(e.RoutePattern) == route.Template);
        var pattern = endpoint.RoutePattern;
        var segments = new List<string>();
        foreach (var segment in pattern.PathSegments)
        {
            var text = "";
            var omitted = false;
            foreach (var part in segment.Parts)
            {
                switch (part)
                {
                    case RoutePatternLiteralPart literal:
                        text += literal.Content;
                        break;
                    case RoutePatternSeparatorPart separator:
                        text += separator.Content;
                        break;
                    case RoutePatternParameterPart parameter:
                        if (pattern.RequiredValues.TryGetValue(parameter.Name, out var required) && required is string r && r.Length > 0)
                        {
                            text += r;
                        }
                        else if (samples.TryGetValue(parameter.Name, out var sample))
                        {
                            text += sample;
                        }
                        else if (parameter.IsOptional || parameter.Default is not null)
                        {
                            omitted = true;
                        }
                        else
                        {
                            throw new InvalidOperationException(
                                $"{route}: no sample value for route parameter '{parameter.Name}'. Add one to the samples the security tests pass to RouteCatalog.PathOf.");
                        }
                        break;
                }
            }
            if (omitted)
            {
                break; // optional and defaulted parameters only ever trail
            }
            segments.Add(text);
        }
        return ("/" + string.Join("/", segments)).ToLower(CultureInfo.InvariantCulture) switch
        {
            var p when p.Length > 1 && p.EndsWith('/') => p.TrimEnd('/'),
            var p => p,
        };
    }

    // Conventional routes also appear as link-generation-only endpoints that no request can reach.
    private static IEnumerable<RouteEndpoint> Matchable(IServiceProvider services) =>
        services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<ISuppressMatchingMetadata>()?.SuppressMatching != true);

    private static string Template(RoutePattern pattern) => pattern.RawText?.TrimStart('/') ?? "";
}
