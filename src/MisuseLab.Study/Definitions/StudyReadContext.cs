using System.Text.Json;

namespace MisuseLab.Study.Definitions;

/// <summary>Collects errors while a study file is checked; every error gets its file position from the position map.</summary>
internal sealed class StudyReadContext(JsonPositionMap positions)
{
    private readonly List<StudyError> _errors = [];

    public IReadOnlyList<StudyError> Errors => _errors;

    public void Error(string code, string path, string message, string hint) => Add(new StudyError(code, path, message, hint));

    /// <summary>Records <paramref name="error"/> with its position, once: a second error with the same code and path adds nothing.</summary>
    public void Add(StudyError error)
    {
        if (_errors.Any(e => e.Code == error.Code && e.Path == error.Path)) return;
        var pos = positions.Find(error.Path);
        _errors.Add(error with { Line = pos?.Line, Column = pos?.Column });
    }

    /// <summary>True when an error was recorded at <paramref name="path"/> or inside it; the reader then leaves that value out.</summary>
    public bool Failed(string path) =>
        _errors.Any(e => e.Path == path || (e.Path.Length > path.Length && e.Path.StartsWith(path, StringComparison.Ordinal) && e.Path[path.Length] is '.' or '['));

    public static string Describe(JsonElement? e) => e?.ValueKind switch
    {
        null => "nothing",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => $"the string {Short(e.Value.GetRawText())}",
        JsonValueKind.Number => $"the number {e.Value.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => e.Value.GetRawText(),
        JsonValueKind.Null => "null",
        _ => e.Value.ValueKind.ToString(),
    };

    private static string Short(string s) => s.Length <= 40 ? s : s[..40] + "…\"";
}
