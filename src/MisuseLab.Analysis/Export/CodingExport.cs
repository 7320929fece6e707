using System.Globalization;
using MisuseLab.Analysis.Coding;
using MisuseLab.Analysis.Dataset;

namespace MisuseLab.Analysis.Export;

/// <summary>
/// The blind-coding files of an export: coder_codes.csv (every coder's code of every answer they reviewed, coders as
/// C1, C2, … never accounts) and coder_agreement.csv (Cohen's κ per code and pair of coders, with its interval).
/// Written only when someone has coded blind, so an export of a study without blind coding keeps its usual files.
/// </summary>
internal static class CodingExport
{
    public static readonly IReadOnlyList<string> CodeColumns = ["pseudonym", "item", "coder", "code"];

    public static readonly IReadOnlyList<string> AgreementColumns =
        ["code_name", "coder_a", "coder_b", "units", "both", "only_a", "only_b", "observed_agreement", "expected_agreement", "kappa", "se", "ci_lower", "ci_upper", "confidence_level"];

    private static readonly Dictionary<string, string> Descriptions = new(StringComparer.Ordinal)
    {
        ["coder"] = "Blind coder: C1, C2, … in account order (the account is never exported).",
        ["code_name"] = "One code (a ';'-separated part of a coder's code), compared case-insensitively.",
        ["coder_a"] = "First coder of the pair.",
        ["coder_b"] = "Second coder of the pair.",
        ["units"] = "Answers both coders reviewed (coder_codes.csv rows of both), the units of kappa.",
        ["both"] = "Answers both coders gave this code.",
        ["only_a"] = "Answers only coder_a gave this code.",
        ["only_b"] = "Answers only coder_b gave this code.",
        ["observed_agreement"] = "Share of units on which the coders agree (code present for both or absent for both).",
        ["expected_agreement"] = "Agreement expected by chance from each coder's own rate of using the code.",
        ["kappa"] = "Cohen's kappa = (observed − expected) / (1 − expected); empty when undefined (expected = 1).",
        ["se"] = "Large-sample standard error of kappa (Fleiss, Cohen & Everitt 1969).",
        ["ci_lower"] = "Lower end of the Wald interval kappa − z·se, clipped to [−1, 1].",
        ["ci_upper"] = "Upper end of the Wald interval kappa + z·se, clipped to [−1, 1].",
        ["confidence_level"] = "Confidence level of the interval.",
    };

    public static void Write(StudyDataset data, Func<string, IReadOnlyList<string>, CsvTable> open)
    {
        if (data.CoderCodes.Count == 0) return;
        var labels = CoderAgreement.Labels(data.CoderCodes);
        var pseudonyms = data.Participants.ToDictionary(p => p.Record.Id, p => p.Pseudonym);
        using (var csv = open("coder_codes.csv", CodeColumns))
        {
            foreach (var c in data.CoderCodes.OrderBy(c => pseudonyms[c.ParticipantId], StringComparer.Ordinal).ThenBy(c => c.ItemId, StringComparer.Ordinal).ThenBy(c => labels[c.CoderId], StringComparer.Ordinal))
            {
                csv.Row([pseudonyms[c.ParticipantId], c.ItemId, labels[c.CoderId], c.Code]);
            }
        }
        using (var csv = open("coder_agreement.csv", AgreementColumns))
        {
            foreach (var a in CoderAgreement.Compute(data).Codes)
            {
                var k = a.Kappa;
                csv.Row([a.Code, a.CoderA, a.CoderB, Int(k.Units), Int(a.BothPresent), Int(a.OnlyA), Int(a.OnlyB),
                    Finite(k.ObservedAgreement), Finite(k.ExpectedAgreement), Finite(k.Kappa), Finite(k.StandardError),
                    Finite(k.Lower), Finite(k.Upper), CsvTable.Number(k.ConfidenceLevel)]);
            }
        }
    }

    /// <summary>codebook.csv rows of the two files' columns.</summary>
    public static IEnumerable<string?[]> CodebookRows()
    {
        foreach (var column in CodeColumns)
        {
            yield return ["coder_codes.csv", column, "", "", "", "", "", "", "", "", column == "code"
                ? "This coder's blind code(s) of the answer, several separated by ';'; empty = reviewed, no code applies."
                : Descriptions.GetValueOrDefault(column, column == "pseudonym" ? "Participant's random pseudonym (join to participants.csv)." : "Item id of the free-text question.")];
        }
        foreach (var column in AgreementColumns) yield return ["coder_agreement.csv", column, "", "", "", "", "", "", "", "", Descriptions[column]];
    }

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    // Full precision (round-trip): these are results to check, not measurements to read.
    private static string? Finite(double value) => double.IsFinite(value) ? value.ToString("R", CultureInfo.InvariantCulture) : null;
}
