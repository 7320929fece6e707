using System.Globalization;
using System.Text;
using MisuseLab.Analysis.Dataset;
using MisuseLab.Study.Definitions;

namespace MisuseLab.Analysis.Export;

/// <summary>
/// analysis.R: an R script that reads the export's CSV files and recomputes analysis.json with ordinal, lme4 and base
/// R, writing analysis_r.json (same sample and outcome names) so the two can be compared number by number. The study's
/// declarations become R constants at the top; the rest is fixed code (<c>AnalysisScript.R</c>, embedded), so an
/// analyst reads one plain script. Beyond analysis.json it fits <c>lme4::glmer</c> with participant and item random
/// intercepts for every accuracy outcome (the mixed model MisuseLab does not fit itself).
/// </summary>
public static class AnalysisScript
{
    public static string For(StudyDataset data, ExportLayout layout)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(layout);
        var plan = data.Definition.Analysis ?? throw new ArgumentException($"Study '{data.Version.Slug}' declares no analysis.", nameof(data));
        var factorColumn = data.Factors.Select((f, i) => (f, layout.FactorColumns[i])).ToDictionary(p => p.f, p => p.Item2, StringComparer.Ordinal);
        var bgColumn = layout.BackgroundItems.Select((b, i) => (b, layout.BackgroundColumns[i])).ToDictionary(p => p.b, p => p.Item2, StringComparer.Ordinal);
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"# analysis.R for study '{data.Version.Slug}' version {data.Version.Version} (study hash {data.Version.StudyHash}).");
        sb.AppendLine("# Run in the export folder: Rscript analysis.R  (needs the R packages ordinal, lme4 and jsonlite).");
        sb.AppendLine("# Reproduces analysis.json from the CSV files and writes analysis_r.json; see the study file's \"analysis\" section.");
        sb.AppendLine(CultureInfo.InvariantCulture, $"ALPHA <- {R(plan.Alpha)}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"FACTORS <- {Vec(plan.Factors.Select(f => factorColumn[f]))}");
        sb.AppendLine("LEVELS <- list(" + string.Join(", ", data.Definition.Conditions.Factors.Where(f => plan.Factors.Contains(f.Name))
            .Select(f => $"{Str(factorColumn[f.Name])} = {Vec(f.Levels)}")) + ")");
        var covariates = plan.Covariates.Select(id => data.Background.First(q => q.Id == id)).ToList();
        sb.AppendLine(CultureInfo.InvariantCulture, $"COVARIATES <- {Vec(covariates.Select(q => bgColumn[q.Id]))}");
        sb.AppendLine("COVARIATE_LEVELS <- list(" + string.Join(", ", covariates.Select(q => $"{Str(bgColumn[q.Id])} = " +
            (q.Kind == QuestionKind.Choice ? Vec(q.Options) : "NULL"))) + ")");
        sb.AppendLine("OUTCOMES <- list(");
        var outcomes = plan.Outcomes.Select(o => o.Kind switch
        {
            OutcomeKind.Rating => $"  list(id = {Str(o.Reference)}, kind = \"rating\", items = {Str(o.Reference)}, catch = character(0))",
            OutcomeKind.Answer => $"  list(id = {Str(o.Reference)}, kind = \"answer\", items = {Str(o.Reference)}, catch = character(0))",
            OutcomeKind.TaskScore => $"  list(id = {Str(o.Reference)}, kind = \"task\", items = {Str(TaskOutcome.Parse(o.Reference)!.Page)}, metric = {Str(TaskOutcome.Parse(o.Reference)!.Metric)}, catch = character(0))",
            OutcomeKind.Average => $"  list(id = {Str(o.Reference)}, kind = \"average\", items = {Vec(AverageItems(data.Definition, plan.Averages.First(a => a.Id == o.Reference)))}, catch = character(0))",
            _ => $"  list(id = {Str(o.Reference)}, kind = \"page_accuracy\", items = {Vec(OutcomeResolver.AccuracyItems(data.Definition.Page(o.Reference)).Select(q => q.Id))}, " +
                 $"catch = {Vec(data.Definition.Page(o.Reference).Questions.Where(OutcomeResolver.IsAttention).Select(q => q.Id))})",
        });
        sb.AppendLine(string.Join(",\n", outcomes));
        sb.AppendLine(")");
        sb.AppendLine(CultureInfo.InvariantCulture, $"FAMILY <- {Vec(plan.Correction.Family)}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"CORRECTION <- {Str(plan.Correction.Method)}");
        sb.AppendLine("EQUIVALENCE <- list(" + string.Join(", ", plan.Equivalence.Select(e =>
            $"list(outcome = {Str(e.Outcome)}, factor = {Str(factorColumn[e.Factor])}, bound = {R(e.Bound)})")) + ")");
        using var stream = typeof(AnalysisScript).Assembly.GetManifestResourceStream("MisuseLab.Analysis.Export.AnalysisScript.R")
            ?? throw new InvalidOperationException("The embedded R script Export/AnalysisScript.R is missing from the assembly.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        sb.Append(reader.ReadToEnd());
        return sb.ToString();
    }

    /// <summary>The answer items an average covers: a NASA-TLX question's six subscale items, a Likert question itself.</summary>
    private static IEnumerable<string> AverageItems(StudyDefinition d, AverageDefinition average) =>
        AnswerItem.ItemsOf(d).Where(i => !i.IsConfidence && average.Items.Contains(i.Question.Id)).Select(i => i.ItemId);

    private static string R(double x) => x.ToString("R", CultureInfo.InvariantCulture);

    private static string Str(string s) => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static string Vec(IEnumerable<string> items) => "c(" + string.Join(", ", items.Select(Str)) + ")";
}
