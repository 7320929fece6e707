using System.Security.Cryptography;
using System.Text.Json;

namespace MisuseLab.Study.Remedies;

/// <summary>
/// Every combination of a menu's options scored in advance (2^k models, k ≤ <see cref="RemedyMenu.MaxPrecomputed"/>),
/// so a live submission is a lookup. Entry i is the choice whose bit j is set when option j is chosen. The table is
/// canonical JSON (entries in mask order), hashed, and byte-identical for the same study and data.
/// </summary>
public sealed class RemedyTable
{
    private readonly RemedyScore[] _scores;

    private RemedyTable(RemedyMenu menu, RemedyScore[] scores)
    {
        Menu = menu;
        _scores = scores;
    }

    public RemedyMenu Menu { get; }
    public IReadOnlyList<RemedyScore> Scores => _scores;

    /// <param name="progress">Told after each model, with the number done and the total.</param>
    public static RemedyTable Compute(RemedyScorer scorer, IProgress<(int Done, int Total)>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        var k = scorer.Menu.Options.Count;
        if (k > RemedyMenu.MaxPrecomputed)
            throw new ArgumentException($"Expected at most {RemedyMenu.MaxPrecomputed} remedy options to precompute (2^{RemedyMenu.MaxPrecomputed} models); found {k}. Score choices on demand instead.", nameof(scorer));
        var scores = new RemedyScore[1 << k];
        for (var mask = 0; mask < scores.Length; mask++)
        {
            scores[mask] = scorer.Score(scorer.Menu.Subset(mask));
            progress?.Report((mask + 1, scores.Length));
        }
        return new RemedyTable(scorer.Menu, scores);
    }

    public RemedyScore Score(IEnumerable<string> choices) => _scores[Menu.MaskOf(Menu.Resolve(choices))];

    public RemedyScore Score(int mask) => _scores[mask];

    public byte[] ToJsonBytes()
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteStartArray("options");
            foreach (var o in Menu.Options) w.WriteStringValue(o.Id);
            w.WriteEndArray();
            w.WriteStartArray("scores");
            foreach (var s in _scores) s.WriteJson(w);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return stream.ToArray();
    }

    public string Sha256 => Convert.ToHexStringLower(SHA256.HashData(ToJsonBytes()));
}

/// <summary>How simulated participants choose remedies (bots and tests).</summary>
public static class RemedyPolicies
{
    /// <summary>Given the manifest: every option that repairs an injected defect, no decoy.</summary>
    public static IReadOnlyList<RemedyOption> Oracle(RemedyMenu menu, IEnumerable<string> injectedDefects) => menu.Oracle(injectedDefects);

    /// <summary>Each option independently with probability ½, from <paramref name="random"/>.</summary>
    public static IReadOnlyList<RemedyOption> Random(RemedyMenu menu, Random random) => menu.Subset(random.Next(1 << menu.Options.Count));
}
