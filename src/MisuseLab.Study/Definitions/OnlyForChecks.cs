namespace MisuseLab.Study.Definitions;

/// <summary>
/// A page's <c>only_for</c> must name a design factor and one of its levels, and may not be set where every cell needs
/// the page: consent, debrief, and the first page after consent (where enrolment places everyone). Errors:
/// <see cref="StudyErrorCodes.BadOnlyFor"/>.
/// </summary>
internal static class OnlyForChecks
{
    public static void Run(StudyReadContext ctx, IReadOnlyDictionary<object, string> pathOf, StudyDefinition s)
    {
        for (var i = 0; i < s.Pages.Count; i++)
        {
            var page = s.Pages[i];
            if (page.OnlyFor is not { } only) continue;
            var path = JsonPath.Property(pathOf[page], "only_for");
            var factor = s.Conditions.Factors.FirstOrDefault(f => f.Name == only.Key);
            if (factor is null)
                ctx.Error(StudyErrorCodes.BadOnlyFor, JsonPath.Property(path, only.Key), $"Expected a design factor; found '{only.Key}'.",
                    $"Design factors: {string.Join(", ", s.Conditions.Factors.Select(f => f.Name))}.");
            else if (!factor.Levels.Contains(only.Value))
                ctx.Error(StudyErrorCodes.BadOnlyFor, JsonPath.Property(path, only.Key), $"Expected a level of factor '{factor.Name}'; found '{only.Value}'.",
                    $"Levels of '{factor.Name}': {string.Join(", ", factor.Levels)}.");
            else if (page.Kind is PageKind.Consent or PageKind.Debrief || i == 1)
                ctx.Error(StudyErrorCodes.BadOnlyFor, path, $"Page '{page.Id}' ({(i == 1 ? "the first page after consent" : page.Kind == PageKind.Consent ? "the consent" : "the debrief")}) is seen by every cell; found only_for {only.Key}: {only.Value}.",
                    "Put a page every cell sees first (e.g. an overview), then the level-specific pages.");
        }
    }
}
