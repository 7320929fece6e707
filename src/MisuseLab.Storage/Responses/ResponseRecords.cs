namespace MisuseLab.Storage.Responses;

/// <summary>An answer to save: the page it was given on, the item (question id), the value as text, and the stimulus shown.</summary>
public sealed record AnswerInput(string PageId, string ItemId, string Value, string? StimulusSha256);

/// <summary>A stored answer. <see cref="AnsweredAt"/> is the first save, <see cref="UpdatedAt"/> the latest.</summary>
public sealed record StoredAnswer(long ParticipantId, string PageId, string ItemId, string Value, string? StimulusSha256, DateTimeOffset AnsweredAt, DateTimeOffset UpdatedAt);

public sealed record BackgroundAnswer(long ParticipantId, string ItemId, string Value, DateTimeOffset AnsweredAt);

/// <summary>Something a participant did: a page view or submit (with dwell time), a chart interaction.</summary>
public sealed record ParticipantEvent(long Id, long ParticipantId, string PageId, string Type, string DetailJson, DateTimeOffset At);
