using MisuseLab.Study.Manipulations;
using MisuseLab.Study.Definitions;
using MisuseLab.Study.Stimuli;

namespace MisuseLab.Study.Pipeline;

/// <summary>
/// Everything a study shows, built once: one stimulus per (cell, page) with content and one per
/// forward-simulation trial. Pages without content (consent, tutorial, ratings, free text, debrief) have none.
/// </summary>
public sealed class BuiltStudy
{
    private readonly Dictionary<(string Cell, string Page), Stimulus> _pages;
    private readonly Dictionary<(string Cell, string Page, string Question), Stimulus> _trials;

    internal BuiltStudy(StudyDefinition definition, string? studyHash, StudyData data, IReadOnlyList<TrainedModel> models,
        Dictionary<(string, string), Stimulus> pages, Dictionary<(string, string, string), Stimulus> trials, IReadOnlyList<ManipulationStrength> strengths)
    {
        Strengths = strengths;
        Definition = definition;
        StudyHash = studyHash;
        Data = data;
        Models = models;
        _pages = pages;
        _trials = trials;
        Stimuli = [.. pages.Values.Concat(trials.Values)];
    }

    public StudyDefinition Definition { get; }

    /// <summary>SHA-256 of the study file's canonical JSON when built from a file; null when built from a definition alone.</summary>
    public string? StudyHash { get; }

    /// <summary>The data after defects, with the defect manifest.</summary>
    public StudyData Data { get; }

    /// <summary>The trained models with their test metrics, in study-file order.</summary>
    public IReadOnlyList<TrainedModel> Models { get; }

    /// <summary>Every stimulus: pages in cell and page order, then trials.</summary>
    public IReadOnlyList<Stimulus> Stimuli { get; }

    /// <summary>Per cell, in cell order: how strongly its manipulation changed the stimulus set (measured when built).</summary>
    public IReadOnlyList<ManipulationStrength> Strengths { get; }

    public Stimulus? Find(string cellId, string pageId) => _pages.GetValueOrDefault((cellId, pageId));

    public Stimulus? FindTrial(string cellId, string pageId, string questionId) => _trials.GetValueOrDefault((cellId, pageId, questionId));
}
