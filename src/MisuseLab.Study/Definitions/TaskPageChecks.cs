namespace MisuseLab.Study.Definitions;

/// <summary>
/// Checks of the task pages of issue 17: a remedy page offers the study's <c>remedies</c> menu, so the menu must
/// hold something to choose; a locate page is scored against the defect manifest, so the study must inject defects.
/// </summary>
internal sealed class TaskPageChecks(StudyReadContext ctx, IReadOnlyDictionary<object, string> pathOf)
{
    public void Run(StudyDefinition s)
    {
        foreach (var page in s.Pages)
        {
            var path = pathOf[page];
            if (page.Kind == PageKind.Remedy && s.Remedies.Count == 0 && !ctx.Failed("$.remedies"))
                ctx.Error(StudyErrorCodes.RemedyPageWithoutMenu, JsonPath.Property(path, "kind"),
                    $"Remedy page '{page.Id}' shows the study's remedy menu, but \"remedies\" is empty or absent.",
                    "Declare the fixes participants may choose in \"remedies\" (see studies/README.md), or remove the page.");
            if (page.Kind == PageKind.Locate && s.Data.Defects.Count == 0)
                ctx.Error(StudyErrorCodes.LocatePageWithoutDefects, JsonPath.Property(path, "kind"),
                    $"Locate page '{page.Id}' is scored against the injected defects, but \"data.defects\" is empty.",
                    "Inject the defects participants should find in \"data.defects\", or remove the page.");
        }
    }
}
