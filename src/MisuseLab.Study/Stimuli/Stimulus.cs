using System.Collections.Immutable;
using System.Text.Json.Serialization;
using MisuseLab.Study.Explanations;
using MisuseLab.Study.Figures;

namespace MisuseLab.Study.Stimuli;

/// <summary>
/// What one participant saw on one page: the study (id and version), the cell's condition, the page id, the
/// instance shown (a stable id such as "test:1234", or null for pages without one), the model it was computed from,
/// the payload and the figures drawn from it. Stored server-side with every response (by its hash); only <see cref="Payload"/> and <see cref="Figures"/>
/// are sent to the participant. Its canonical JSON lists the properties in declaration order (see <see cref="StimulusSerializer"/>).
/// </summary>
public sealed record Stimulus
{
    /// <summary>A new stimulus; its figures are drawn from the payload here, once, and stored and hashed with it.</summary>
    public Stimulus(string studyId, string studyVersion, string condition, string page, string? instance, ExplanationPayload payload, string? key = null, StimulusModel? model = null)
        : this(studyId, studyVersion, condition, page, instance, key, payload, PayloadFigures.For(payload ?? throw new ArgumentNullException(nameof(payload))), model)
    {
    }

    /// <summary>
    /// Reads a stored stimulus with the figures it was stored with (what the participant saw), never redrawn. A
    /// stimulus stored before figures were part of it has none; its page shows the tables. One stored before the model
    /// was recorded in it has no <see cref="Model"/>, and its bytes (so its hash) are unchanged.
    /// </summary>
    [JsonConstructor]
    internal Stimulus(string studyId, string studyVersion, string condition, string page, string? instance, string? key, ExplanationPayload payload, ImmutableArray<StimulusFigure> figures = default, StimulusModel? model = null)
    {
        StudyId = NonEmpty(studyId, nameof(studyId));
        StudyVersion = NonEmpty(studyVersion, nameof(studyVersion));
        Condition = NonEmpty(condition, nameof(condition));
        Page = NonEmpty(page, nameof(page));
        if (instance is not null) NonEmpty(instance, nameof(instance));
        Instance = instance;
        Payload = payload ?? throw new ArgumentNullException(nameof(payload));
        if (key is not null) NonEmpty(key, nameof(key));
        Key = key;
        Figures = figures.IsDefault ? [] : figures;
        Model = model;
    }

    [JsonPropertyName("study")] public string StudyId { get; }
    [JsonPropertyName("version")] public string StudyVersion { get; }

    /// <summary>The cell (condition) id from the study file; never part of <see cref="Payload"/>.</summary>
    [JsonPropertyName("condition")] public string Condition { get; }

    [JsonPropertyName("page")] public string Page { get; }
    [JsonPropertyName("instance")] public string? Instance { get; }

    /// <summary>
    /// The right answer when it depends on the model rather than on what is shown (a forward-simulation trial:
    /// "a" or "b", the person the model rates higher). Server-side only, like <see cref="Instance"/>.
    /// </summary>
    [JsonPropertyName("key")] public string? Key { get; }

    /// <summary>The cell's model (kind and hashes); server-side only, like <see cref="Instance"/>. Null in stimuli stored before it was recorded.</summary>
    [JsonPropertyName("model")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public StimulusModel? Model { get; }

    [JsonPropertyName("payload")] public ExplanationPayload Payload { get; }

    /// <summary>The Plotly figures of the payload, in page order (see <see cref="PayloadFigures"/>).</summary>
    [JsonPropertyName("figures")] public ImmutableArray<StimulusFigure> Figures { get; }

    private static string NonEmpty(string? value, string paramName) =>
        string.IsNullOrWhiteSpace(value) ? throw new ArgumentException("Expected a non-empty value.", paramName) : value;
}
