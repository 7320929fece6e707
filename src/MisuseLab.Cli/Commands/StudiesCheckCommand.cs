using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using MisuseLab.Cli.Infrastructure;
using MisuseLab.Study.Adult;
using MisuseLab.Study.Manipulations;
using MisuseLab.Study.Definitions;
using MisuseLab.Study.Pipeline;

namespace MisuseLab.Cli.Commands;

/// <summary>
/// <c>misuselab studies check FILE [--json] [--seeds N] [--data-dir DIR]</c>: the integrity report an author reads
/// before launching. Builds the study (trains its models) and prints, per cell, the manipulation's measured strength
/// (Kendall τ between real and shown global order, the invariants it broke, the global/local gap), every key the
/// cell's stimuli give its questions with any problem (STUDY026/027, as launch would reject them), and the sanity
/// verdict of the cell's explainer over the seeds. Exits 1 when a key problem or a validation error is found; a
/// failing sanity check is reported, not an error. A manipulation too weak for its declared strength stops the
/// build with the cell named (exit 1).
/// </summary>
public static class StudiesCheckCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "The study file to build and check." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object: cells (strength, keys, sanity), errors, warnings and the full sanity report." };
        var seeds = new Option<int>("--seeds") { Description = "Seeds of the sanity checks per explainer (at least 5).", DefaultValueFactory = _ => new StudySanityOptions().Seeds };
        var dataDir = DataCommand.DataDirOption();
        var check = new Command("check", "Build a study and report each cell's manipulation strength, derived keys and sanity verdicts.");
        check.Arguments.Add(file);
        foreach (var option in (Option[])[json, seeds, dataDir]) check.Options.Add(option);
        check.SetAction(parseResult => CommandRunner.Run(parseResult, output =>
        {
            var path = parseResult.GetValue(file)!;
            var validation = StudyDefinitionLoader.Validate(path);
            if (!validation.IsValid)
            {
                output.Write(StudyValidationReport.ToText([validation]));
                return CommandRunner.Failure;
            }
            var built = StudyBuilder.BuildUnchecked(validation.Definition!, AdultDataLocator.Resolve(parseResult.GetValue(dataDir)), studyHash: validation.Hash);
            var keys = BuiltKeyChecks.Keys(built);
            var sanity = StudySanityChecks.Run(built, new StudySanityOptions { Seeds = parseResult.GetValue(seeds) });
            var report = ToJson(path, validation, built, keys, sanity);
            if (parseResult.GetValue(json)) CommandRunner.WriteJson(output, report);
            else WriteText(output, built, keys, sanity, validation);
            return keys.Any(k => k.Error is not null) ? CommandRunner.Failure : CommandRunner.Success;
        }));
        return check;
    }

    internal static JsonObject ToJson(string path, StudyValidationResult validation, BuiltStudy built, IReadOnlyList<CellKey> keys, StudySanityReport sanity)
    {
        var cells = new JsonArray();
        foreach (var cell in built.Definition.Conditions.Cells)
        {
            var strength = built.Strengths.Single(s => s.Cell == cell.Id);
            var explainer = cell.Explainer is null ? null : sanity.Explainers.SingleOrDefault(e => e.Explainer == cell.Explainer);
            cells.Add(new JsonObject
            {
                ["cell"] = cell.Id,
                ["manipulation"] = cell.Manipulation,
                ["explainer"] = cell.Explainer,
                ["strength"] = new JsonObject
                {
                    ["global_tau"] = strength.GlobalTau,
                    ["required_max_tau"] = ManipulationCatalog.Get(cell.Manipulation).MaxGlobalTau,
                    ["used_features"] = strength.UsedFeatures,
                    ["broken"] = new JsonArray([.. strength.Broken.Select(b => (JsonNode?)b)]),
                    ["global_local_gap"] = strength.GlobalLocalGap,
                },
                ["keys"] = new JsonArray([.. keys.Where(k => k.Cell == cell.Id).Select(k => (JsonNode?)new JsonObject
                {
                    ["page"] = k.Page,
                    ["question"] = k.Question,
                    ["path"] = k.Path,
                    ["derived"] = k.Derived,
                    ["key"] = k.Key,
                    ["among_options"] = k.Key is null || k.Options.Count == 0 || k.Options.Contains(k.Key),
                    ["error"] = k.Error is { } e ? $"{e.Code} {e.Message}" : null,
                })]),
                ["sanity"] = explainer is null ? null : new JsonObject
                {
                    ["verdict"] = explainer.Verdict,
                    ["data_randomization_conclusive"] = explainer.DataRandomizationConclusive,
                    ["criterion"] = explainer.Criterion,
                },
            });
        }
        return new JsonObject
        {
            ["file"] = path,
            ["study"] = built.Definition.Id,
            ["version"] = built.Definition.Version,
            ["hash"] = validation.Hash,
            ["ok"] = keys.All(k => k.Error is null),
            ["errors"] = new JsonArray([.. keys.Where(k => k.Error is not null).Select(k => (JsonNode?)Error(k.Error!))]),
            ["warnings"] = new JsonArray([.. validation.Warnings.Select(w => (JsonNode?)Error(w))]),
            ["cells"] = cells,
            ["sanity"] = JsonNode.Parse(sanity.ToJson()),
        };
    }

    private static JsonObject Error(StudyError e) => new() { ["code"] = e.Code, ["path"] = e.Path, ["message"] = e.Message, ["hint"] = e.Hint };

    private static void WriteText(TextWriter output, BuiltStudy built, IReadOnlyList<CellKey> keys, StudySanityReport sanity, StudyValidationResult validation)
    {
        string F(double? v) => v is { } x ? x.ToString("F3", CultureInfo.InvariantCulture) : "–";
        output.WriteLine($"{built.Definition.Id} {built.Definition.Version} (hash {validation.Hash})");
        foreach (var w in validation.Warnings) output.WriteLine($"  warning {w.Code} {w.Path}: {w.Message}");
        foreach (var cell in built.Definition.Conditions.Cells)
        {
            var s = built.Strengths.Single(x => x.Cell == cell.Id);
            output.WriteLine($"cell {cell.Id} ({cell.Manipulation}): τ = {F(s.GlobalTau)} over {s.UsedFeatures} used features; broke: {(s.Broken.Count == 0 ? "nothing" : string.Join(", ", s.Broken))}; global/local gap {(s.GlobalLocalGap is { } g ? g.ToString("G3", CultureInfo.InvariantCulture) : "–")}");
            foreach (var k in keys.Where(k => k.Cell == cell.Id))
                output.WriteLine($"  {k.Question} = {k.Key ?? "(not keyed in this cell)"}{(k.Derived ? " (derived)" : "")}{(k.Error is { } e ? $"  ERROR {e.Code}: {e.Message}" : "")}");
            if (cell.Explainer is not null && sanity.Explainers.SingleOrDefault(e => e.Explainer == cell.Explainer) is { } x)
                output.WriteLine($"  sanity of {x.Explainer}: {x.Verdict.ToUpperInvariant()}{(x.DataRandomizationConclusive ? "" : " (data randomization inconclusive: the retrained model did not fit its random labels)")} — {x.Criterion}");
        }
    }
}
