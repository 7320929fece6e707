using System.Text.Json;

namespace MisuseLab.Study.Definitions;

internal sealed partial class StudyReader
{
    public const string AnalysisPath = "$.analysis";

    /// <summary>
    /// The <c>analysis</c> section, or null when the file declares none. Outcome kinds are resolved against the pages
    /// already read (<see cref="OutcomeResolver"/>); an unresolvable reference reads as a rating and the checks report it.
    /// </summary>
    private AnalysisPlan? ReadAnalysis(JsonElement? o, IReadOnlyList<PageDefinition> pages, IReadOnlyList<string> designFactors)
    {
        if (o is not { ValueKind: JsonValueKind.Object }) return null;
        const string at = AnalysisPath;
        var averages = Items(o, "averages", at, (e, p) => Track(new AverageDefinition(Str(e, "id") ?? "", Strings(e, "items")), p));
        List<AnalysisOutcome> Outcomes(string name)
        {
            var path = JsonPath.Property(at, name);
            return [.. Strings(o, name).Select((r, i) => Track(new AnalysisOutcome(r,
                averages.Any(a => a.Id == r) ? OutcomeKind.Average : TaskOutcome.Parse(r) is not null ? OutcomeKind.TaskScore : OutcomeResolver.Resolve(r, pages) ?? OutcomeKind.Rating), JsonPath.Index(path, i)))];
        }

        var primary = Outcomes("primary");
        var correction = Get(o, "correction");
        var family = Get(correction, "family") is null ? primary.Select(p => p.Reference).ToList() : Strings(correction, "family");
        var exclusions = Get(o, "exclusions");
        var exclusionsPath = JsonPath.Property(at, "exclusions");
        return Track(new AnalysisPlan(
            Number(o, "alpha", at) ?? AnalysisPlan.DefaultAlpha,
            primary, Outcomes("secondary"),
            Get(o, "factors") is null ? [.. designFactors] : Strings(o, "factors"),
            Strings(o, "covariates"),
            Track(new CorrectionPlan(Str(correction, "method") ?? CorrectionPlan.Holm, family), JsonPath.Property(at, "correction")),
            Items(o, "equivalence", at, (e, p) => Track(new EquivalenceBound(Str(e, "outcome") ?? "", Str(e, "factor") ?? "", Number(e, "bound", p) ?? 0), p)),
            Track(new ExclusionRules(Bool(exclusions, "failed_catch") ?? false, Number(exclusions, "min_seconds_per_page", exclusionsPath),
                Bool(exclusions, "incomplete_sessions") ?? false, Bool(exclusions, "identical_or_gibberish_open_answers") ?? false), exclusionsPath))
        { Averages = averages, Replication = ReadReplication(Get(o, "replication"), JsonPath.Property(at, "replication")) }, at);
    }

    /// <summary>The <c>replication</c> section, or null; missing strings read as empty and the schema reports them.</summary>
    private ReplicationPlan? ReadReplication(JsonElement? o, string path)
    {
        if (o is not { ValueKind: JsonValueKind.Object }) return null;
        var cells = Get(o, "cells");
        var rows = Get(o, "rows");
        return Track(new ReplicationPlan(Str(o, "paper") ?? "",
            Track(new ReplicationCells(Str(cells, "gn") ?? "", Str(cells, "gm") ?? "", Str(cells, "sn") ?? "", Str(cells, "sm") ?? ""), JsonPath.Property(path, "cells")),
            Track(new ReplicationRows(Strings(rows, "accuracy"), Str(rows, "confidence"), Str(rows, "explanations_reasonable"), Str(rows, "model_reasonable"),
                Str(rows, "cognitive_load"), Str(rows, "deploy"), Str(rows, "suspicious_data_model"), Str(rows, "suspicious_tool")), JsonPath.Property(path, "rows"))), path);
    }

    /// <summary>The string items of array <paramref name="name"/>; the schema reports any other item.</summary>
    private static List<string> Strings(JsonElement? o, string name) =>
        Get(o, name) is { ValueKind: JsonValueKind.Array } list
            ? [.. list.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!)]
            : [];
}
