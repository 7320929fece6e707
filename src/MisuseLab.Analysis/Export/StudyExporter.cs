using System.Text;
using System.Text.Json;
using MisuseLab.Analysis.Dataset;
using MisuseLab.Storage.Audit;
using MisuseLab.Study.Definitions;

namespace MisuseLab.Analysis.Export;

/// <summary>What an export wrote: file paths (relative) and row counts of the CSV files.</summary>
public sealed record ExportSummary(string Slug, string Version, string StudyHash, int Participants, int Responses, int Events, int Stimuli, IReadOnlyList<string> Files);

/// <summary>
/// Writes a study's data for analysis (layout in <see cref="ExportReadme"/>): responses.csv (long: participant × item),
/// participants.csv, events.csv, codebook.csv, stimuli.csv, study.json, stimuli/&lt;sha256&gt;.json and README.txt; with a declared
/// analysis also analysis.json (<see cref="AnalysisJson"/>) and analysis.R (<see cref="AnalysisScript"/>), which reproduces it.
/// No e-mail address, account id, invite code, Prolific id or completion code is written: participants appear only by
/// their random pseudonym.
/// </summary>
public static class StudyExporter
{
    public static readonly IReadOnlyList<string> ResponseColumnsBeforeFactors = ["pseudonym", "cell"];
    public static readonly IReadOnlyList<string> ResponseColumnsAfterFactors =
        ["page", "page_index", "item", "item_type", "value", "key", "correct", "stimulus_sha256", "answered_at", "updated_at", "seconds_on_page", "code"];
    public static readonly IReadOnlyList<string> ParticipantColumnsAfterFactors =
        ["status", "withdrawn", "pilot", "started_at", "finished_at", "duration_seconds", "last_page", "excluded", "exclusion_reason"];
    public static readonly IReadOnlyList<string> EventColumns = ["pseudonym", "cell", "page", "type", "detail", "at"];
    public static readonly IReadOnlyList<string> StimulusColumns = ["cell", "page", "question", "instance", "sha256", "file"];
    public static readonly IReadOnlyList<string> CodebookColumns =
        ["file", "column", "item", "page", "type", "prompt", "scale", "anchors", "options", "answer_key", "description"];

    public static ExportSummary Write(StudyDataset data, IExportTarget target) => Write(data, target, auditHead: null);

    /// <param name="auditHead">The audit log's head after the export was recorded; written to audit-head.txt so the
    /// recipient holds an anchor that `audit verify --expect-head` checks the log against.</param>
    public static ExportSummary Write(StudyDataset data, IExportTarget target, AuditHead? auditHead)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(target);
        var layout = ExportLayout.For(data);
        var files = new List<string>();
        // Without a declared analysis nobody is excluded: the columns stay, "0" and empty.
        var declared = Declared.DeclaredAnalysis.Run(data);
        var exclusions = Declared.ExclusionScreen.Apply(data, data.Definition.Analysis?.Exclusions ?? ExclusionRules.None);

        using (var csv = Open(target, "responses.csv", layout.ResponseHeader, files))
        {
            foreach (var r in data.Responses)
            {
                var fields = new List<string?> { r.Participant.Pseudonym, r.Participant.Cell };
                fields.AddRange(data.Factors.Select(f => r.Participant.Levels.GetValueOrDefault(f)));
                fields.AddRange([r.Item.PageId, r.Item.PageIndex.ToString(System.Globalization.CultureInfo.InvariantCulture), r.Item.ItemId, r.Item.Type,
                    r.Value, r.Key, CsvTable.Flag(r.Correct), r.StimulusSha256, CsvTable.Instant(r.AnsweredAt), CsvTable.Instant(r.UpdatedAt),
                    CsvTable.Number(r.SecondsOnPage), r.Code]);
                csv.Row(fields);
            }
        }

        using (var csv = Open(target, "participants.csv", layout.ParticipantHeader, files))
        {
            foreach (var p in data.Participants)
            {
                var fields = new List<string?> { p.Pseudonym, p.Cell };
                fields.AddRange(data.Factors.Select(f => p.Levels.GetValueOrDefault(f)));
                fields.AddRange([p.StatusName, CsvTable.Flag(p.IsWithdrawn), CsvTable.Flag(p.IsPilot), CsvTable.Instant(p.Record.StartedAt),
                    CsvTable.Instant(p.Record.FinishedAt), CsvTable.Number(p.DurationSeconds), LastPage(data, p),
                    CsvTable.Flag(exclusions[p.Record.Id].Excluded), exclusions[p.Record.Id].Reason]);
                fields.AddRange(layout.BackgroundItems.Select(id => p.Background.GetValueOrDefault(id)));
                csv.Row(fields);
            }
        }

        using (var csv = Open(target, "events.csv", EventColumns, files))
        {
            foreach (var e in data.Events)
            {
                csv.Row([e.Participant.Pseudonym, e.Participant.Cell, e.PageId, e.Type, e.DetailJson, CsvTable.Instant(e.At)]);
            }
        }

        using (var csv = Open(target, "stimuli.csv", StimulusColumns, files))
        {
            foreach (var s in data.Stimuli)
            {
                csv.Row([s.CellId, s.PageId, s.QuestionId, s.Instance, s.Sha256, StimulusFile(s.Sha256)]);
            }
        }

        using (var csv = Open(target, "codebook.csv", CodebookColumns, files))
        {
            foreach (var row in Codebook.Rows(data, layout)) csv.Row(row);
        }

        CodingExport.Write(data, (path, header) => Open(target, path, header, files));

        if (TaskExport.Applies(data))
        {
            using (var csv = Open(target, "tasks.csv", TaskExport.Columns, files)) TaskExport.Write(data, csv);
            var completed = data.Responses.Where(r => r.Participant.Record.Status == MisuseLab.Storage.Participants.ParticipantStatus.Completed).ToList();
            WriteBytes(target, "tasks.json", TaskExport.Json(Reports.TaskReport.Analyze(data.Definition, completed, [.. data.Definition.Conditions.Cells.Select(c => c.Id)])!), files);
        }

        WriteBytes(target, "answers.json", AnswersJson(data), files);
        if (data.Sanity is { } sanity)
        {
            // Exactly as stored when the version was built: every explainer's verdict over its seeds.
            WriteBytes(target, "sanity.json", Encoding.UTF8.GetBytes(sanity.ReportJson), files);
        }
        WriteBytes(target, "study.json", StudyJson(data), files);
        if (declared is not null)
        {
            WriteBytes(target, "analysis.json", AnalysisJson.Serialize(declared), files);
            WriteBytes(target, "analysis.R", Encoding.UTF8.GetBytes(AnalysisScript.For(data, layout)), files);
        }
        foreach (var sha in data.Stimuli.Select(s => s.Sha256).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            // The exact canonical bytes that were hashed: SHA-256 of the file is its name.
            WriteBytes(target, StimulusFile(sha), Encoding.UTF8.GetBytes(data.Stimuli.First(s => s.Sha256 == sha).CanonicalJson), files);
        }
        if (auditHead is not null)
        {
            WriteBytes(target, AuditHeadFile, Encoding.UTF8.GetBytes(auditHead + "\n"), files);
        }
        WriteBytes(target, "README.txt", Encoding.UTF8.GetBytes(ExportReadme.Text(data, layout)), files);

        return new ExportSummary(data.Version.Slug, data.Version.Version, data.Version.StudyHash, data.Participants.Count, data.Responses.Count,
            data.Events.Count, data.Stimuli.Select(s => s.Sha256).Distinct().Count(), files);
    }

    public const string AuditHeadFile = "audit-head.txt";

    public static string StimulusFile(string sha256) => $"stimuli/{sha256}.json";

    /// <summary>The page the participant was last on (the debrief for finished sessions).</summary>
    private static string LastPage(StudyDataset data, DatasetParticipant p) =>
        p.Record.CurrentPage >= 0 && p.Record.CurrentPage < data.Definition.Pages.Count ? data.Definition.Pages[p.Record.CurrentPage].Id : "";

    /// <summary>
    /// Every answer and background answer exactly as given, for the values the CSV files neutralise for spreadsheets
    /// (<see cref="CsvTable.Neutralise"/>): {"responses":[{"pseudonym","item","value"}…],"background":[…]}.
    /// </summary>
    internal static byte[] AnswersJson(StudyDataset data) => JsonSerializer.SerializeToUtf8Bytes(new
    {
        responses = data.Responses.Select(r => new { pseudonym = r.Participant.Pseudonym, item = r.Item.ItemId, value = r.Value }),
        background = data.Participants.SelectMany(p => p.Background.OrderBy(b => b.Key, StringComparer.Ordinal)
            .Select(b => new { pseudonym = p.Pseudonym, item = b.Key, value = b.Value })),
    }, new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    /// <summary>{"id","version","study_hash","status","launched_at","definition":{the study file as imported}}.</summary>
    internal static byte[] StudyJson(StudyDataset data)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("id", data.Version.Slug);
            w.WriteString("version", data.Version.Version);
            w.WriteString("study_hash", data.Version.StudyHash);
            w.WriteString("status", data.Version.Status.ToString().ToLowerInvariant());
            w.WriteString("launched_at", data.Version.LaunchedAt is { } at ? CsvTable.Instant(at) : null);
            w.WritePropertyName("definition");
            using (var doc = JsonDocument.Parse(data.Version.DefinitionJson))
            {
                doc.RootElement.WriteTo(w);
            }
            w.WriteEndObject();
        }
        return stream.ToArray();
    }

    private static CsvTable Open(IExportTarget target, string path, IReadOnlyList<string> header, List<string> files)
    {
        files.Add(path);
        return new CsvTable(target.Create(path), header);
    }

    private static void WriteBytes(IExportTarget target, string path, byte[] bytes, List<string> files)
    {
        files.Add(path);
        using var stream = target.Create(path);
        stream.Write(bytes);
    }
}

/// <summary>Column names of the files whose columns depend on the study (factors, background items).</summary>
public sealed record ExportLayout(
    IReadOnlyList<string> FactorColumns,
    IReadOnlyList<string> BackgroundItems,
    IReadOnlyList<string> BackgroundColumns,
    IReadOnlyList<string> ResponseHeader,
    IReadOnlyList<string> ParticipantHeader)
{
    public static ExportLayout For(StudyDataset data)
    {
        var fixedNames = StudyExporter.ResponseColumnsBeforeFactors.Concat(StudyExporter.ResponseColumnsAfterFactors)
            .Concat(StudyExporter.ParticipantColumnsAfterFactors).ToList();
        var factors = CsvTable.ColumnNames(fixedNames, data.Factors, "factor_");
        // Background columns: the study's questions, then any item stored that the definition does not list (never dropped).
        var items = data.Background.Select(q => q.Id).ToList();
        items.AddRange(data.Participants.SelectMany(p => p.Background.Keys).Distinct(StringComparer.Ordinal).Where(id => !items.Contains(id)).Order(StringComparer.Ordinal));
        var background = CsvTable.ColumnNames([.. fixedNames, .. factors], items, "bg_");
        return new ExportLayout(factors, items, background,
            [.. StudyExporter.ResponseColumnsBeforeFactors, .. factors, .. StudyExporter.ResponseColumnsAfterFactors],
            [.. StudyExporter.ResponseColumnsBeforeFactors, .. factors, .. StudyExporter.ParticipantColumnsAfterFactors, .. background]);
    }
}
