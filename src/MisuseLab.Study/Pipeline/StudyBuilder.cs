using MisuseLab.Learning.Explainers;
using MisuseLab.Study.Manipulations;
using MisuseLab.Study.Definitions;
using MisuseLab.Study.Explanations;
using MisuseLab.Study.Stimuli;

namespace MisuseLab.Study.Pipeline;

/// <summary>
/// Turns a study file into everything participants will see: loads Adult, injects the study's defects, trains
/// its models, computes each explainer's views once, applies each cell's condition and wraps every page's payload
/// as a <see cref="Stimulus"/>. Same file + same data → byte-identical stimuli (seeds: the data seed drives
/// defects, instance and trial selection and PFI/effect sampling; each model's own seed drives its trainer; the
/// randomized-model condition re-draws parameters with the data seed, splits from the training rows).
/// </summary>
public static class StudyBuilder
{
    /// <summary>Loads, validates and builds a study file; the result carries the file's hash.</summary>
    public static BuiltStudy BuildFile(string studyPath, string dataDirectory, IProgress<string>? progress = null)
    {
        var definition = StudyDefinitionLoader.Load(studyPath);
        return Build(definition, dataDirectory, progress, Definitions.StudyHash.Compute(File.ReadAllText(studyPath)));
    }

    /// <summary>
    /// Builds the study and rejects it (<see cref="StudyValidationException"/>, codes STUDY026/STUDY027) when a
    /// question's key in some cell is not among its options or not what the cell's chart shows (<see cref="BuiltKeyChecks"/>).
    /// Launch goes through here, so a study with an impossible key never reaches participants.
    /// </summary>
    public static BuiltStudy Build(StudyDefinition definition, string dataDirectory, IProgress<string>? progress = null, string? studyHash = null)
    {
        var built = BuildUnchecked(definition, dataDirectory, progress, studyHash);
        BuiltKeyChecks.ThrowIfInvalid(built);
        return built;
    }

    /// <summary>
    /// Builds the study without the key checks (the stimulus-set checks still run), for an integrity report that
    /// lists every key with its problem (<c>misuselab studies check</c>). Never use the result to run a study.
    /// </summary>
    public static BuiltStudy BuildUnchecked(StudyDefinition definition, string dataDirectory, IProgress<string>? progress = null, string? studyHash = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var seed = definition.Data.Seed;
        progress?.Report($"loading Adult and injecting {definition.Data.Defects.Count} defect(s)");
        var data = StudyData.Prepare(definition.Data, dataDirectory);

        var models = new Dictionary<string, TrainedModel>(StringComparer.Ordinal);
        foreach (var m in definition.Models)
        {
            progress?.Report($"training model '{m.Id}' ({m.Kind})");
            models[m.Id] = new TrainedModel(m.Id, ModelFactory.Train(m, data.Train, data.TrainLabels), data);
        }
        var context = new BuildContext(definition, data, models, seed);

        var pages = new Dictionary<(string, string), Stimulus>();
        var trials = new Dictionary<(string, string, string), Stimulus>();
        var strengths = new List<ManipulationStrength>();
        foreach (var cell in definition.Conditions.Cells)
        {
            progress?.Report($"building stimuli of cell '{cell.Id}'");
            var condition = ManipulationCatalog.Get(cell.Manipulation);
            var pairs = new List<(ExplanationPayload Input, ExplanationPayload Shown)>();
            for (var p = 0; p < definition.Pages.Count; p++)
            {
                var page = definition.Pages[p];
                if (page.Kind == PageKind.ForwardSimulation)
                {
                    AddTrials(context, cell, page, p, trials);
                    continue;
                }
                if (context.PagePayload(cell, condition, page, pairs) is { } shown)
                    pages[(cell.Id, page.Id)] = context.Stimulus(cell, page, shown);
            }
            strengths.Add(context.CheckStimulusSet(cell, condition, pairs));
        }
        return new BuiltStudy(definition, studyHash, data, [.. definition.Models.Select(m => models[m.Id])], pages, trials, strengths);
    }

    private static void AddTrials(BuildContext context, CellDefinition cell, PageDefinition page, int pageIndex, Dictionary<(string, string, string), Stimulus> trials)
    {
        var model = context.Models[cell.Model];
        for (var q = 0; q < page.Questions.Count; q++)
        {
            var question = page.Questions[q];
            if (question.Kind != QuestionKind.ForwardSimulation) continue;
            var pair = TrialSelection.Select(model, question.MinProbabilityGap ?? 0, context.Seed, pageIndex, q);
            var payload = new TrialPayload(ShownValues.Row(context.Data.Test, pair.RowA), ShownValues.Row(context.Data.Test, pair.RowB));
            trials[(cell.Id, page.Id, question.Id)] = new Stimulus(context.Definition.Id, context.Definition.Version, cell.Id,
                page.Id, $"test:{pair.RowA},test:{pair.RowB}", payload, pair.ModelHigher, context.ModelRecord(cell.Model));
        }
    }

    /// <summary>Views computed once per model, explainer and source, shared by every cell that shows them.</summary>
    private sealed class BuildContext(StudyDefinition definition, StudyData data, Dictionary<string, TrainedModel> models, int seed)
    {
        private readonly Dictionary<(string Explainer, bool Randomized), ExplainerViews> _views = [];
        private readonly Dictionary<string, TrainedModel> _randomized = new(StringComparer.Ordinal);
        private readonly Dictionary<string, ExampleViews> _examples = new(StringComparer.Ordinal);
        private readonly Dictionary<InstanceSelector, int> _instances = [];
        private readonly Dictionary<string, StimulusModel> _records = new(StringComparer.Ordinal);
        private static readonly IManipulation Real = ManipulationCatalog.Get("real");

        public StudyDefinition Definition => definition;
        public StudyData Data => data;
        public Dictionary<string, TrainedModel> Models => models;
        public int Seed => seed;

        public Stimulus Stimulus(CellDefinition cell, PageDefinition page, ExplanationPayload shown) =>
            new(definition.Id, definition.Version, cell.Id, page.Id, page.Instance is { } s ? $"test:{Instance(s)}" : null, shown, model: ModelRecord(cell.Model));

        /// <summary>
        /// What a cell's stimuli record of its model (kind, model JSON hash, ML.NET zip hash), so their hashes cover
        /// it. A randomized-model cell records the trained model its parameters were re-drawn from (with the data seed).
        /// </summary>
        public StimulusModel ModelRecord(string modelId)
        {
            if (_records.TryGetValue(modelId, out var record)) return record;
            var model = models[modelId];
            return _records[modelId] = new StimulusModel(modelId, definition.Model(modelId).Kind, model.ModelSha256, model.MlNetZipSha256);
        }

        /// <summary>What the cell shows on the page, or null for a page without content.</summary>
        /// <param name="pairs">Receives the (input, shown) pair of every global, effect and local page, for <see cref="CheckStimulusSet"/>.</param>
        public ExplanationPayload? PagePayload(CellDefinition cell, IManipulation condition, PageDefinition page, List<(ExplanationPayload, ExplanationPayload)> pairs)
        {
            var model = models[cell.Model];
            switch (page.Kind)
            {
                case PageKind.Overview:
                    return condition.ApplyChecked(OverviewViews.For(model), ManipulationContext.Empty);
                case PageKind.Examples:
                    return page.Instance is { } selector ? Examples(model).For(Instance(selector)) : Examples(model).General();
                case PageKind.Global or PageKind.Effect or PageKind.Local when !cell.Manipulates(page.Kind):
                    // Outside the cell's manipulated views: the real model's view, as the real cell of the same
                    // explainer shows it. Not a pair of the set checks, which measure what the manipulation did.
                    var realRow = page.Kind == PageKind.Local ? Instance(page.Instance ?? InstanceSelector.Random) : -1;
                    return Real.ApplyChecked(View(Views(cell, randomized: false), page, realRow), ManipulationContext.Empty);
                case PageKind.Global or PageKind.Effect or PageKind.Local:
                    var row = page.Kind == PageKind.Local ? Instance(page.Instance ?? InstanceSelector.Random) : -1;
                    var examples = row >= 0 ? Examples(model).For(row) : Examples(model).General();
                    var input = condition.Source switch
                    {
                        PayloadSource.RealModel => View(Views(cell, randomized: false), page, row),
                        PayloadSource.RandomizedModel => View(Views(cell, randomized: true), page, row),
                        PayloadSource.Examples => examples,
                        _ => NoExplanationPayload.Instance,
                    };
                    var realGlobal = cell.Explainer is null ? null : Views(cell, randomized: false).Global;
                    var shown = condition.ApplyChecked(input, new ManipulationContext(realGlobal, examples));
                    pairs.Add((input, shown));
                    return shown;
                default:
                    return null;
            }
        }

        /// <summary>
        /// Checks the condition on the cell's whole stimulus set (<see cref="StimulusSetChecks"/>); the global sample is
        /// the explainer's own (the rows its mean |local| averages) from the views the cell's input came from.
        /// </summary>
        public ManipulationStrength CheckStimulusSet(CellDefinition cell, IManipulation condition, List<(ExplanationPayload Input, ExplanationPayload Shown)> pairs)
        {
            if (cell.Explainer is null || condition.Source is not (PayloadSource.RealModel or PayloadSource.RandomizedModel) || pairs.Count == 0)
                return StimulusSetChecks.Check(cell.Id, condition, pairs, null, null, ManipulationContext.Empty);
            var real = Views(cell, randomized: false);
            var input = Views(cell, randomized: condition.Source == PayloadSource.RandomizedModel);
            GlobalSample? sample = null;
            if (pairs.Any(p => p.Shown is GlobalPayload) && input.GlobalSampleRows is { } rows)
                sample = new GlobalSample([.. rows.Select(input.Local)]);
            return StimulusSetChecks.Check(cell.Id, condition, pairs, real.Global, sample, new ManipulationContext(real.Global));
        }

        private static ExplanationPayload View(ExplainerViews views, PageDefinition page, int row) => page.Kind switch
        {
            PageKind.Global => views.Global,
            PageKind.Effect => views.Effect(page.Feature ?? throw new StudyPipelineException($"Page '{page.Id}' shows an effect but names no feature.")),
            _ => views.Local(row),
        };

        private ExplainerViews Views(CellDefinition cell, bool randomized)
        {
            var explainerId = cell.Explainer ?? throw new StudyPipelineException($"Cell '{cell.Id}' shows explanations but names no explainer.");
            if (_views.TryGetValue((explainerId, randomized), out var views)) return views;
            var explainer = definition.Explainer(explainerId);
            var model = randomized ? Randomized(explainer.Model) : models[explainer.Model];
            return _views[(explainerId, randomized)] = new ExplainerViews(explainer, model.Model, data, seed);
        }

        private TrainedModel Randomized(string modelId)
        {
            if (!_randomized.TryGetValue(modelId, out var model))
                _randomized[modelId] = model = new TrainedModel($"{modelId} (randomized)", ModelRandomization.Randomize(models[modelId].Model, data.Train, seed), data);
            return model;
        }

        private ExampleViews Examples(TrainedModel model)
        {
            if (!_examples.TryGetValue(model.Id, out var views)) _examples[model.Id] = views = new ExampleViews(model);
            return views;
        }

        private int Instance(InstanceSelector selector)
        {
            if (!_instances.TryGetValue(selector, out var row))
                _instances[selector] = row = InstanceSelection.Select(selector, [.. definition.Models.Select(m => models[m.Id])], seed);
            return row;
        }
    }
}
