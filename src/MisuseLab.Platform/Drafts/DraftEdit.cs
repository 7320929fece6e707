using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace MisuseLab.Platform.Drafts;

/// <summary>What a facilitator may change in a draft from the form: per cell weight and manipulation; block size; enrolment.</summary>
public sealed record DraftEdit(
    IReadOnlyDictionary<string, CellEdit> Cells,
    int BlockSize,
    string EnrolmentMode,
    int? TargetParticipants,
    string? CompletionUrl);

public sealed record CellEdit(int Weight, string Manipulation);

/// <summary>
/// Rewrites study JSON text. Works on the JSON tree, not on the parsed definition, so everything the form does not
/// touch (texts, pages, defects, property order) stays exactly as the author wrote it; the result is validated again
/// by the caller, so an edit that breaks a rule (block size vs. weights, prolific without a URL) is reported with
/// the validator's code and JSON path.
/// </summary>
public static partial class DraftJsonEditor
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [GeneratedRegex(@"^(\d+)\.(\d+)\.(\d+)$")]
    private static partial Regex SemVer();

    /// <summary>Applies <paramref name="edit"/> to <paramref name="json"/> (a valid study file).</summary>
    /// <exception cref="ArgumentException">The edit names a cell the study does not have.</exception>
    public static string Apply(string json, DraftEdit edit)
    {
        ArgumentNullException.ThrowIfNull(edit);
        var root = Parse(json);
        var cells = root["conditions"]?["cells"]?.AsArray() ?? throw new ArgumentException("The study has no $.conditions.cells array.", nameof(json));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var cell in cells)
        {
            var id = cell?["id"]?.GetValue<string>();
            if (id is null || !edit.Cells.TryGetValue(id, out var change)) continue;
            seen.Add(id);
            cell!["weight"] = change.Weight;
            cell["manipulation"] = change.Manipulation;
        }
        var unknown = edit.Cells.Keys.Where(k => !seen.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"Expected cells of this study; found unknown cell id(s) {string.Join(", ", unknown)}. Reload the edit page.", nameof(edit));
        }
        var assignment = root["assignment"] as JsonObject ?? throw new ArgumentException("The study has no $.assignment object.", nameof(json));
        assignment["block_size"] = edit.BlockSize;

        var enrolment = root["enrolment"] as JsonObject;
        if (enrolment is null)
        {
            enrolment = new JsonObject();
            root["enrolment"] = enrolment;
        }
        enrolment["mode"] = edit.EnrolmentMode;
        SetOrRemove(enrolment, "target_participants", edit.TargetParticipants is { } target ? JsonValue.Create(target) : null);
        SetOrRemove(enrolment, "completion_url", string.IsNullOrWhiteSpace(edit.CompletionUrl) ? null : JsonValue.Create(edit.CompletionUrl.Trim()));
        return root.ToJsonString(Indented);
    }

    /// <summary>Sets <c>$.version</c> to <paramref name="version"/>.</summary>
    public static string WithVersion(string json, string version)
    {
        var root = Parse(json);
        root["version"] = version;
        return root.ToJsonString(Indented);
    }

    /// <summary>
    /// The next patch version after <paramref name="version"/> that is not in <paramref name="taken"/> (1.2.3 → 1.2.4);
    /// a new version of a launched study must carry a new version string.
    /// </summary>
    public static string NextVersion(string version, IEnumerable<string> taken)
    {
        var match = SemVer().Match(version);
        if (!match.Success)
        {
            throw new ArgumentException($"Expected a MAJOR.MINOR.PATCH version; found '{version}'.", nameof(version));
        }
        var used = new HashSet<string>(taken, StringComparer.Ordinal);
        var major = match.Groups[1].Value;
        var minor = match.Groups[2].Value;
        var patch = long.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture);
        string next;
        do
        {
            patch++;
            next = $"{major}.{minor}.{patch.ToString(CultureInfo.InvariantCulture)}";
        }
        while (used.Contains(next));
        return next;
    }

    private static JsonObject Parse(string json) =>
        JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip }) as JsonObject
        ?? throw new ArgumentException("Expected a JSON object at the top of the study file.", nameof(json));

    private static void SetOrRemove(JsonObject target, string name, JsonNode? value)
    {
        if (value is null) target.Remove(name);
        else target[name] = value;
    }
}
