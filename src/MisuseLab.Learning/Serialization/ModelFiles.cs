using System.Text.Json;
using MisuseLab.Learning.Interop;
using MisuseLab.Learning.Models;

namespace MisuseLab.Learning.Serialization;

/// <summary>Reads a model file of either kind a facilitator may bring: MisuseLab's own JSON or XGBoost's <c>save_model</c> JSON.</summary>
public static class ModelFiles
{
    public static IBinaryClassifier Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
            throw new InvalidModelException($"{path}: expected a model file; no such file. Train one with `misuselab train --out FILE` or save an XGBoost model with Booster.save_model(\"model.json\").");
        return IsXGBoost(path) ? XGBoostJsonImporter.Load(path) : ModelJson.Load(path);
    }

    /// <summary>XGBoost's JSON starts with a "learner" object; MisuseLab's with "schema_version".</summary>
    public static bool IsXGBoost(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var document = JsonDocument.Parse(stream);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("learner", out _);
        }
        catch (JsonException e)
        {
            throw new InvalidModelException($"{path}: expected a JSON model file; it does not parse at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}: {e.Message}", e);
        }
    }
}
