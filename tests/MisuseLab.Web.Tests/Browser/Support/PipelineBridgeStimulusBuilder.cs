using MisuseLab.Storage.Studies;
using MisuseLab.Study.Definitions;
using MisuseLab.Study.Pipeline;
using MisuseLab.Web.Studies;

namespace MisuseLab.Web.Tests.Browser.Support;

/// <summary>
/// Real stimuli from <see cref="StudyBuilder"/>, registered only when the app itself registers no
/// <see cref="IStudyStimulusBuilder"/> (TryAdd): a bridge until the web area's own pipeline builder is on main.
/// </summary>
internal sealed class PipelineBridgeStimulusBuilder : IStudyStimulusBuilder
{
    public IReadOnlyList<StimulusEntry> Build(StudyDefinition definition, string dataDirectory, IProgress<string>? progress)
    {
        var built = StudyBuilder.Build(definition, dataDirectory, progress);
        var entries = new List<StimulusEntry>();
        foreach (var cell in definition.Conditions.Cells)
        {
            foreach (var page in definition.Pages)
            {
                if (built.Find(cell.Id, page.Id) is { } stimulus) entries.Add(StimulusEntry.From(cell.Id, page.Id, null, stimulus));
                foreach (var question in page.Questions.Where(q => q.Kind == QuestionKind.ForwardSimulation))
                {
                    if (built.FindTrial(cell.Id, page.Id, question.Id) is { } trial) entries.Add(StimulusEntry.From(cell.Id, page.Id, question.Id, trial));
                }
            }
        }
        return entries;
    }
}
