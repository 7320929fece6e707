using MisuseLab.Platform.Studies;
using MisuseLab.Storage.Participants;
using MisuseLab.Study.Definitions;

namespace MisuseLab.Platform.Sessions;

/// <summary>A participant's session: the frozen study version they joined and where they are in it.</summary>
public sealed record SessionState(LoadedStudy Study, ParticipantRecord Participant)
{
    public StudyDefinition Definition => Study.Definition;
    public PageDefinition CurrentPage => Definition.Pages[Participant.CurrentPage];
    public bool IsAtDebrief => CurrentPage.Kind == PageKind.Debrief;
}

/// <summary>What a page shows: the page's own stimulus (null for pages without content) and one per forward-simulation trial.</summary>
public sealed record PageContent(ShownStimulus? Page, IReadOnlyDictionary<string, ShownStimulus> Trials)
{
    public string? StimulusFor(AnswerItem item) =>
        Trials.TryGetValue(item.Question.Id, out var trial) ? trial.Sha256 : Page?.Sha256;
}
