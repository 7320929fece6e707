using MisuseLab.Platform.Sessions;
using MisuseLab.Study.Definitions;
using MisuseLab.Web.Charts;

namespace MisuseLab.Web.Areas.Participant.Models;

/// <summary>A plain message page (preparing, closed, invitation needed, declined …).</summary>
public sealed record MessageViewModel(string Title, string Message, string? LinkText = null, string? LinkUrl = null, bool RefreshSoon = false);

public sealed record ConsentViewModel(string Slug, string StudyTitle, string ConsentText, string AgreeLabel, string? Code, string? ProlificPid, string? PanelSignature = null);

/// <summary>Where the participant is: page <see cref="Step"/> of <see cref="Steps"/> (the consent page is not counted).</summary>
public sealed record Progress(int Step, int Steps)
{
    public int Percent => Steps == 0 ? 100 : (int)Math.Round(100.0 * Step / Steps);
}

/// <summary>A question as the form shows it: the items it records, current values and any error.</summary>
public sealed record QuestionView(QuestionDefinition Question, IReadOnlyList<AnswerItem> Items, IReadOnlyDictionary<string, string> Values, IReadOnlyDictionary<string, string> Errors, ShownStimulus? Trial)
{
    public string? ValueOf(string itemId) => Values.TryGetValue(itemId, out var v) ? v : null;
    public string? ErrorOf(string itemId) => Errors.TryGetValue(itemId, out var e) ? e : null;

    /// <summary>Locate pages: the columns of the picker; remedy pages: the menu (value = what is sent, label = what is read).</summary>
    public IReadOnlyList<(string Value, string Label)> Choices { get; init; } = [];

    /// <summary>Locate pages: how many marks the picker offers.</summary>
    public int Marks { get; init; }
}

public sealed record BackgroundViewModel(string Slug, string StudyTitle, IReadOnlyList<QuestionView> Questions, bool HasErrors);

public sealed record PageViewModel(
    string Slug,
    string StudyTitle,
    int PageIndex,
    PageDefinition Page,
    Progress Progress,
    ShownStimulus? Content,
    IReadOnlyList<QuestionView> Questions,
    bool HasErrors)
{
    /// <summary>The score of the fixes chosen on the page before, when that remedy page shows it (<c>"show_score": true</c>).</summary>
    public MisuseLab.Study.Remedies.RemedyScore? RemedyScore { get; init; }
}

/// <summary>The debrief: shared text and the text revealing what this participant saw (the first place it may be named).</summary>
public sealed record DebriefViewModel(string Slug, string StudyTitle, PageDefinition Page, Progress Progress, string Text, string ConditionText, bool HasCompletionUrl);

public sealed record DoneViewModel(string StudyTitle, bool Withdrawn, string? CompletionCode, string? CompletionUrl, string? ResumeUrl = null);

/// <summary>After consent in a link study: the resume link, shown this once (and on the completion page).</summary>
public sealed record LinkViewModel(string Slug, string StudyTitle, string ResumeUrl);

/// <summary>A payload to draw with its figures (built in C#; the page only embeds them).</summary>
public sealed record PayloadView(ShownStimulus Stimulus, IReadOnlyList<ChartFigure> Figures);

/// <summary>A rating scale's radio buttons (questions and trial confidence).</summary>
public sealed record LikertView(string ItemId, string Prompt, LikertScale Scale, string? Value, string? Error);

/// <summary>The withdrawal confirmation: what will be deleted, and the page to go back to.</summary>
public sealed record WithdrawViewModel(string Slug, string StudyTitle, int AnswerCount, bool UsedInviteCode, string ReturnUrl);
