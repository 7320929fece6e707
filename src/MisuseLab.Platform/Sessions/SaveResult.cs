namespace MisuseLab.Platform.Sessions;

/// <summary>
/// Saved; Invalid (bad answers, nothing stored); NotInProgress (the session has ended or has not started its pages);
/// PageLeft (the answers are for a page the participant has already submitted — a second tab, a double click).
/// </summary>
public enum SaveStatus { Saved, Invalid, NotInProgress, PageLeft }

/// <summary>
/// Outcome of saving: <see cref="Errors"/> maps item ids to messages when invalid; <see cref="Problem"/> is the message
/// for the whole request when it was refused (<see cref="SaveStatus.PageLeft"/>, or <see cref="SaveStatus.NotInProgress"/>
/// found at the write), null when there is none to add.
/// </summary>
public sealed record SaveResult(SaveStatus Status, IReadOnlyDictionary<string, string> Errors, string? Problem = null)
{
    private static readonly IReadOnlyDictionary<string, string> None = new Dictionary<string, string>();

    public static readonly SaveResult Saved = new(SaveStatus.Saved, None);
    public static readonly SaveResult NotInProgress = new(SaveStatus.NotInProgress, None);
    public static SaveResult Invalid(string item, string message) => new(SaveStatus.Invalid, new Dictionary<string, string> { [item] = message });
    public static SaveResult Refused(SaveStatus status, string message) => new(status, None, message);
}
