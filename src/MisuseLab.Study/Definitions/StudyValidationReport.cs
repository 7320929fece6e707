using System.Text;
using System.Text.Json;
using MisuseLab.Study.Explanations;

namespace MisuseLab.Study.Definitions;

/// <summary>Renders validation results for people (one line per error, compiler style) and for tools (JSON).</summary>
public static class StudyValidationReport
{
    public static string ToText(IEnumerable<StudyValidationResult> results)
    {
        var sb = new StringBuilder();
        foreach (var r in results)
        {
            if (r.IsValid)
            {
                sb.Append(r.File).Append(": valid (").Append(r.Definition!.Id).Append(' ').Append(r.Definition.Version)
                  .Append(", ").Append(r.Definition.Conditions.Cells.Count).Append(" cells, ").Append(r.Definition.Pages.Count)
                  .Append(" pages, hash ").Append(r.Hash).AppendLine(")");
                foreach (var w in r.Warnings)
                {
                    sb.Append(r.File).Append(": warning ").Append(w.Code).Append(' ').Append(w.Path).Append(": ").Append(w.Message).AppendLine();
                    sb.Append("    hint: ").AppendLine(w.Hint);
                }
                continue;
            }
            sb.Append(r.File).Append(": ").Append(r.Errors.Count).AppendLine(" error(s)");
            foreach (var e in r.Errors)
            {
                sb.Append(r.File);
                if (e.Line is not null) sb.Append('(').Append(e.Line).Append(',').Append(e.Column).Append(')');
                sb.Append(": ").Append(e.Code).Append(' ').Append(e.Path).Append(": ").Append(e.Message).AppendLine();
                sb.Append("    hint: ").AppendLine(e.Hint);
            }
        }
        return sb.ToString();
    }

    public static string ToJson(IEnumerable<StudyValidationResult> results)
    {
        var bytes = CanonicalJson.ToBytes(w =>
        {
            w.WriteStartArray();
            foreach (var r in results)
            {
                w.WriteStartObject();
                w.WriteString("file", r.File);
                w.WriteBoolean("valid", r.IsValid);
                if (r.IsValid)
                {
                    w.WriteString("id", r.Definition!.Id);
                    w.WriteString("version", r.Definition.Version);
                    w.WriteString("hash", r.Hash);
                }
                WriteErrors(w, "errors", r.Errors);
                WriteErrors(w, "warnings", r.Warnings);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        });
        return Encoding.UTF8.GetString(bytes);
    }

    private static void WriteErrors(Utf8JsonWriter w, string name, IReadOnlyList<StudyError> errors)
    {
        w.WriteStartArray(name);
        foreach (var e in errors)
        {
            w.WriteStartObject();
            w.WriteString("code", e.Code);
            w.WriteString("path", e.Path);
            if (e.Line is null) w.WriteNull("line"); else w.WriteNumber("line", e.Line.Value);
            if (e.Column is null) w.WriteNull("column"); else w.WriteNumber("column", e.Column.Value);
            w.WriteString("message", e.Message);
            w.WriteString("hint", e.Hint);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }
}
