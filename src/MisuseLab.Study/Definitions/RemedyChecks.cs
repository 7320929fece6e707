using MisuseLab.Study.Defects;
using MisuseLab.Study.Remedies;

namespace MisuseLab.Study.Definitions;

/// <summary>
/// Checks of the remedy menu (<c>$.remedies</c>): unique ids, every named defect injected by this study (a decoy
/// names null), every fix an operation with valid fields. Columns are checked when a fix meets the data.
/// </summary>
internal sealed class RemedyChecks(StudyReadContext ctx, IReadOnlyDictionary<object, string> pathOf)
{
    public void Run(StudyDefinition s)
    {
        var injected = s.Data.Defects.Select(d => d.Name).ToHashSet(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var r in s.Remedies)
        {
            var path = pathOf[r];
            if (r.Id.Length > 0 && !seen.Add(r.Id))
                ctx.Error(StudyErrorCodes.DuplicateId, JsonPath.Property(path, "id"), $"Remedy id '{r.Id}' is used more than once.", "Remedy ids name the participant's choices in the export; make them unique.");
            if (r.Defect is { } defect && !injected.Contains(defect))
                ctx.Error(StudyErrorCodes.UnknownReference, JsonPath.Property(path, "defect"), $"Remedy '{r.Id}' repairs defect '{defect}', which this study does not inject.",
                    injected.Count == 0 ? "The study injects no defects; use \"defect\": null for a decoy." : $"Injected defects: {string.Join(", ", injected.Order(StringComparer.Ordinal))}; or null for a decoy.");
            if (ctx.Failed(JsonPath.Property(path, "fix"))) continue;
            var errors = new List<DefectSpecError>();
            RemedyFix.TryParse(r.Fix, JsonPath.Property(path, "fix"), errors);
            foreach (var e in errors)
                ctx.Error(StudyErrorCodes.BadDefectParameters, e.Path, e.Message, "See the remedy fix operations in studies/README.md.");
        }
    }
}
