using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace MisuseLab.Study.Remedies;

/// <summary>
/// What a set of chosen fixes achieves: the retrained model's metrics on the clean test set, the gains over the
/// unfixed model (positive = better; log-loss gain = unfixed log-loss − fixed log-loss), the rows it was trained on
/// and the SHA-256 of its canonical model JSON. <see cref="Sha256"/> hashes the canonical JSON of the whole score,
/// so two launches can be compared byte for byte.
/// </summary>
public sealed record RemedyScore(
    IReadOnlyList<string> Choices,
    double Auc,
    double LogLoss,
    double Accuracy,
    double AucGain,
    double LogLossGain,
    double AccuracyGain,
    int TrainRows,
    string ModelSha256)
{
    private static readonly JsonWriterOptions Options = new() { Indented = false };

    public void WriteJson(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteStartArray("choices");
        foreach (var c in Choices) w.WriteStringValue(c);
        w.WriteEndArray();
        w.WriteNumber("auc", Auc);
        w.WriteNumber("log_loss", LogLoss);
        w.WriteNumber("accuracy", Accuracy);
        w.WriteNumber("auc_gain", AucGain);
        w.WriteNumber("log_loss_gain", LogLossGain);
        w.WriteNumber("accuracy_gain", AccuracyGain);
        w.WriteNumber("train_rows", TrainRows);
        w.WriteString("model_sha256", ModelSha256);
        w.WriteEndObject();
    }

    /// <summary>Canonical JSON: fixed field order, shortest round-trip numbers, no whitespace.</summary>
    public byte[] ToJsonBytes()
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, Options)) WriteJson(w);
        return stream.ToArray();
    }

    public string ToJson() => Encoding.UTF8.GetString(ToJsonBytes());

    public string Sha256 => Convert.ToHexStringLower(SHA256.HashData(ToJsonBytes()));

    public static RemedyScore FromJson(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var r = doc.RootElement;
        return new RemedyScore(
            [.. r.GetProperty("choices").EnumerateArray().Select(c => c.GetString()!)],
            r.GetProperty("auc").GetDouble(), r.GetProperty("log_loss").GetDouble(), r.GetProperty("accuracy").GetDouble(),
            r.GetProperty("auc_gain").GetDouble(), r.GetProperty("log_loss_gain").GetDouble(), r.GetProperty("accuracy_gain").GetDouble(),
            r.GetProperty("train_rows").GetInt32(), r.GetProperty("model_sha256").GetString()!);
    }
}
