using System.Text.Json.Serialization;

namespace MisuseLab.Study.Stimuli;

/// <summary>
/// The trained model a stimulus was computed from, recorded inside the stimulus so that its hash covers it: the
/// study's model id, its kind (gbdt, ebm, fasttree), the SHA-256 of the model's canonical JSON and, for an ML.NET model,
/// the SHA-256 of ML.NET's own model.zip in its canonical form (<c>MlNetModelZip</c>) — the file <c>misuselab
/// stimuli</c> writes beside the stimuli. Two builds that trained different models never share a stimulus hash.
/// </summary>
public sealed record StimulusModel
{
    public StimulusModel(string id, string kind, string sha256, string? mlNetZipSha256 = null)
    {
        Id = string.IsNullOrWhiteSpace(id) ? throw new ArgumentException("Expected a non-empty model id.", nameof(id)) : id;
        Kind = string.IsNullOrWhiteSpace(kind) ? throw new ArgumentException("Expected a non-empty model kind.", nameof(kind)) : kind;
        Sha256 = Hex(sha256, nameof(sha256));
        MlNetZipSha256 = mlNetZipSha256 is null ? null : Hex(mlNetZipSha256, nameof(mlNetZipSha256));
    }

    [JsonPropertyName("id")] public string Id { get; }
    [JsonPropertyName("kind")] public string Kind { get; }

    /// <summary>SHA-256 of the model's canonical JSON (an ML.NET model: its trees imported with covers, in log-odds).</summary>
    [JsonPropertyName("sha256")] public string Sha256 { get; }

    /// <summary>SHA-256 of ML.NET's model.zip (canonical form); absent for our own models.</summary>
    [JsonPropertyName("mlnet_zip_sha256")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? MlNetZipSha256 { get; }

    private static string Hex(string? value, string paramName) =>
        value is { Length: 64 } && value.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f')
            ? value
            : throw new ArgumentException($"Expected a SHA-256 as 64 lower-case hex digits; found '{value}'.", paramName);
}
