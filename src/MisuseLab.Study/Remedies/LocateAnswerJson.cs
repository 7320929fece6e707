using System.Text;
using System.Text.Json;
using System.Text.Encodings.Web;

namespace MisuseLab.Study.Remedies;

/// <summary>
/// The stored form of a locate answer: <c>{"marks":[{"column","value"}],"text","score":{"defects":[{"defect","path",
/// "detected"}],"marks","correct_marks","precision","recall"}}</c> — what the participant marked, in their order,
/// and its <see cref="LocateScoring"/> against the manifest when it was submitted. Fixed field order, so the same
/// answer is the same bytes.
/// </summary>
public static class LocateAnswerJson
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(LocateAnswer answer, LocateScore score)
    {
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(score);
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, Options))
        {
            w.WriteStartObject();
            w.WriteStartArray("marks");
            foreach (var m in answer.Marks)
            {
                w.WriteStartObject();
                w.WriteString("column", m.Column);
                if (m.Value is null) w.WriteNull("value"); else w.WriteString("value", m.Value);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            if (answer.Text is null) w.WriteNull("text"); else w.WriteString("text", answer.Text);
            w.WriteStartObject("score");
            w.WriteStartArray("defects");
            foreach (var d in score.Defects)
            {
                w.WriteStartObject();
                w.WriteString("defect", d.Defect);
                w.WriteString("path", d.SpecPath);
                w.WriteBoolean("detected", d.Detected);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteNumber("marks", score.Marks);
            w.WriteNumber("correct_marks", score.CorrectMarks);
            if (score.Precision is { } p) w.WriteNumber("precision", p); else w.WriteNull("precision");
            w.WriteNumber("recall", score.Recall);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>The answer and score of a stored value; a value that is not a stored locate answer is an error naming what is missing.</summary>
    public static (LocateAnswer Answer, LocateScore Score) Read(string stored)
    {
        try
        {
            using var doc = JsonDocument.Parse(stored);
            var r = doc.RootElement;
            var marks = r.GetProperty("marks").EnumerateArray()
                .Select(m => new LocateMark(m.GetProperty("column").GetString()!, m.GetProperty("value").GetString())).ToList();
            var s = r.GetProperty("score");
            var defects = s.GetProperty("defects").EnumerateArray()
                .Select(d => new LocatedDefect(d.GetProperty("defect").GetString()!, d.GetProperty("path").GetString()!, d.GetProperty("detected").GetBoolean())).ToList();
            var precision = s.GetProperty("precision").ValueKind == JsonValueKind.Null ? (double?)null : s.GetProperty("precision").GetDouble();
            return (new LocateAnswer(marks, r.GetProperty("text").GetString()),
                new LocateScore(defects, s.GetProperty("marks").GetInt32(), s.GetProperty("correct_marks").GetInt32(), precision, s.GetProperty("recall").GetDouble()));
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException($"Expected a stored locate answer {{\"marks\", \"text\", \"score\"}}; {e.Message}", e);
        }
    }
}
