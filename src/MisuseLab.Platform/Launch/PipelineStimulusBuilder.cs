using MisuseLab.Storage.Studies;
using MisuseLab.Study.Definitions;
using MisuseLab.Study.Pipeline;

namespace MisuseLab.Platform.Launch;

/// <summary>
/// The real builder: <see cref="StudyBuilder"/> trains the study's models on its data and returns every stimulus;
/// this lists them by where they are shown (cell and page, or cell, page and forward-simulation question).
/// </summary>
public sealed class PipelineStimulusBuilder : IStudyStimulusBuilder
{
    public IReadOnlyList<StimulusEntry> Build(StudyDefinition definition, string dataDirectory, IProgress<string>? progress) =>
        Place(definition, StudyBuilder.Build(definition, dataDirectory, progress));

    /// <summary>One build serves both: the sanity checks explain the very models the stimuli were made from.</summary>
    public StudyBuildResult BuildWithSanity(StudyDefinition definition, string dataDirectory, int sanitySeeds, IProgress<string>? progress)
    {
        var built = StudyBuilder.Build(definition, dataDirectory, progress);
        var entries = Place(definition, built);
        if (sanitySeeds <= 0)
        {
            return new StudyBuildResult(entries, null);
        }
        progress?.Report($"Running the sanity checks of every explainer over {sanitySeeds} seeds…");
        return new StudyBuildResult(entries, StudySanityChecks.Run(built, new StudySanityOptions { Seeds = sanitySeeds }, progress).ToJson());
    }

    private static IReadOnlyList<StimulusEntry> Place(StudyDefinition definition, BuiltStudy built)
    {
        var entries = new List<StimulusEntry>();
        foreach (var cell in definition.Conditions.Cells)
        {
            foreach (var page in definition.Pages)
            {
                if (built.Find(cell.Id, page.Id) is { } stimulus)
                {
                    entries.Add(StimulusEntry.From(cell.Id, page.Id, null, stimulus));
                }
                foreach (var question in page.Questions.Where(q => q.Kind == QuestionKind.ForwardSimulation))
                {
                    if (built.FindTrial(cell.Id, page.Id, question.Id) is { } trial)
                    {
                        entries.Add(StimulusEntry.From(cell.Id, page.Id, question.Id, trial));
                    }
                }
            }
        }
        if (entries.Count != built.Stimuli.Count)
        {
            throw new InvalidOperationException(
                $"{definition.Id}: the builder made {built.Stimuli.Count} stimuli but only {entries.Count} are placed on a cell's page or trial; every stimulus must be reachable.");
        }
        return entries;
    }
}
