using System.Security.Cryptography;
using MisuseLab.Learning.Models;

namespace MisuseLab.Learning.Serialization;

/// <summary>
/// The one model file format for tree ensembles (<c>"kind": "gbdt"</c>) and EBMs (<c>"kind": "ebm"</c>).
/// Layout, in this fixed order:
/// <code>
/// { "schema_version": 1, "kind": "gbdt" | "ebm",
///   "features": [ { "name", "kind": "numeric" | "categorical", "categories": [..] (categorical only) } ],
///   "bins": [ { "cuts": [..] } ] (one per feature; null for a tree ensemble trained without bins),
///   gbdt: "base_score", "trees": [ { "nodes": [ leaf { "value", "cover" } |
///        split { "feature", "threshold" | "categories", "default_left", "left", "right", "value", "cover" } ] } ]
///   ebm:  "intercept", "terms": [ { "scores": [per bin], "standard_deviations": [per bin] } ] }
/// </code>
/// The bytes are canonical (see <see cref="ModelJsonWriter"/>), so <see cref="Sha256Hex"/> of them identifies a
/// model, and reading them back predicts bit for bit as the saved model did.
/// </summary>
public static class ModelJson
{
    public const int SchemaVersion = 1;
    public const string GbdtKind = "gbdt";
    public const string EbmKind = "ebm";

    public static byte[] Serialize(IBinaryClassifier model) => model switch
    {
        TreeEnsembleModel trees => ModelJsonWriter.Write(trees),
        EbmModel ebm => ModelJsonWriter.Write(ebm),
        null => throw new ArgumentNullException(nameof(model)),
        _ => throw new ArgumentException($"Model JSON holds tree ensembles and EBMs; found a {model.GetType().Name}.", nameof(model)),
    };

    /// <summary>Reads either kind; throws <see cref="InvalidModelException"/> naming the JSON path of any problem.</summary>
    public static IBinaryClassifier Deserialize(ReadOnlyMemory<byte> json) => ModelJsonReader.Read(json);

    public static TreeEnsembleModel DeserializeTreeEnsemble(ReadOnlyMemory<byte> json) =>
        Deserialize(json) as TreeEnsembleModel ?? throw new InvalidModelException($"$.kind: expected \"{GbdtKind}\"; found \"{EbmKind}\".");

    public static EbmModel DeserializeEbm(ReadOnlyMemory<byte> json) =>
        Deserialize(json) as EbmModel ?? throw new InvalidModelException($"$.kind: expected \"{EbmKind}\"; found \"{GbdtKind}\".");

    /// <summary>Lower-case hex SHA-256 of the bytes: a model file's identity (<c>model_sha256</c>).</summary>
    public static string Sha256Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>Writes the model's canonical JSON to <paramref name="path"/> and returns its SHA-256.</summary>
    public static string Save(IBinaryClassifier model, string path)
    {
        var bytes = Serialize(model);
        File.WriteAllBytes(path, bytes);
        return Sha256Hex(bytes);
    }

    public static IBinaryClassifier Load(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidModelException($"Cannot read model file '{path}': {e.Message}", e);
        }
        try
        {
            return Deserialize(bytes);
        }
        catch (InvalidModelException e)
        {
            throw new InvalidModelException($"Model file '{path}': {e.Message}", e);
        }
    }
}
