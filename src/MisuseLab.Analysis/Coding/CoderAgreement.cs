using MisuseLab.Analysis.Dataset;
using MisuseLab.Analysis.Statistics;
using MisuseLab.Storage.Coding;

namespace MisuseLab.Analysis.Coding;

/// <summary>Cohen's κ of one code between two coders over the answers both reviewed.</summary>
/// <param name="BothPresent">Answers both coders gave this code.</param>
/// <param name="OnlyA">Answers only coder A gave it.</param>
/// <param name="OnlyB">Answers only coder B gave it.</param>
public sealed record CodeAgreement(string Code, string CoderA, string CoderB, int BothPresent, int OnlyA, int OnlyB, KappaResult Kappa);

/// <summary>
/// Agreement between blind coders: every pair of coders, every code either of them used, over the answers both reviewed.
/// <see cref="Coders"/> are labels C1, C2, … in account-id order, so nothing exported names an account.
/// </summary>
public sealed record CoderAgreementReport(IReadOnlyList<string> Coders, int ReviewedAnswers, IReadOnlyList<CodeAgreement> Codes);

/// <summary>
/// Computes per-code κ from blind codes. A free-text answer may carry several codes ("a; b"), so each code is judged
/// present or absent on each answer and κ is computed on that 2 × 2 table (the usual treatment of multi-label
/// qualitative coding); code names compare case-insensitively, as the defect-detection count does.
/// </summary>
public static class CoderAgreement
{
    public static string Label(int index) => "C" + (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Coder labels by account id (C1 = the lowest id that coded anything in this version).</summary>
    public static IReadOnlyDictionary<long, string> Labels(IEnumerable<CoderCode> codes) =>
        codes.Select(c => c.CoderId).Distinct().Order().Select((id, i) => (id, i)).ToDictionary(x => x.id, x => Label(x.i));

    public static CoderAgreementReport Compute(IReadOnlyList<CoderCode> codes, double confidenceLevel = 0.95)
    {
        ArgumentNullException.ThrowIfNull(codes);
        var labels = Labels(codes);
        var coders = labels.OrderBy(l => l.Key).ToList();
        var byCoder = codes.GroupBy(c => c.CoderId).ToDictionary(
            g => g.Key,
            g => g.ToDictionary(c => (c.ParticipantId, c.ItemId), c => FreeTextCodeRepository.Split(c.Code).ToHashSet(StringComparer.OrdinalIgnoreCase)));
        var result = new List<CodeAgreement>();
        for (var a = 0; a < coders.Count; a++)
        {
            for (var b = a + 1; b < coders.Count; b++)
            {
                var codesA = byCoder[coders[a].Key];
                var codesB = byCoder[coders[b].Key];
                var shared = codesA.Keys.Where(codesB.ContainsKey).ToList();
                if (shared.Count == 0) continue;
                var names = shared.SelectMany(k => codesA[k].Concat(codesB[k]))
                    .Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase).ToList();
                foreach (var name in names)
                {
                    var units = shared.Select(k => (codesA[k].Contains(name), codesB[k].Contains(name))).ToList();
                    result.Add(new CodeAgreement(name, coders[a].Value, coders[b].Value,
                        units.Count(u => u.Item1 && u.Item2), units.Count(u => u.Item1 && !u.Item2), units.Count(u => !u.Item1 && u.Item2),
                        CohenKappa.FromPairs(units, confidenceLevel)));
                }
            }
        }
        var reviewed = codes.Select(c => (c.ParticipantId, c.ItemId)).Distinct().Count();
        return new CoderAgreementReport([.. coders.Select(c => c.Value)], reviewed, result);
    }

    public static CoderAgreementReport Compute(StudyDataset data) => Compute(data.CoderCodes);
}
