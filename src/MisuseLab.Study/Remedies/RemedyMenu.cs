using MisuseLab.Study.Defects;

namespace MisuseLab.Study.Remedies;

/// <summary>One entry of a study's remedy menu: what the participant reads, the defect it repairs (null for a decoy) and the fix applied.</summary>
public sealed record RemedyOption(string Id, string Label, string? Defect, RemedyFix Fix)
{
    public bool IsDecoy => Defect is null;
}

/// <summary>
/// A study's remedy menu, in file order. Chosen fixes are always applied in menu order, whatever order they were
/// clicked in, so a set of choices has one score.
/// </summary>
public sealed class RemedyMenu
{
    public RemedyMenu(IReadOnlyList<RemedyOption> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var duplicate = options.GroupBy(o => o.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"Expected distinct remedy ids; found '{duplicate.Key}' {duplicate.Count()} times.", nameof(options));
        Options = [.. options];
    }

    public IReadOnlyList<RemedyOption> Options { get; }

    /// <summary>The most options whose every combination launch precomputes (2^8 = 256 models).</summary>
    public const int MaxPrecomputed = 8;

    /// <summary>The chosen options in menu order; an unknown or repeated id is an error naming it and the menu.</summary>
    public IReadOnlyList<RemedyOption> Resolve(IEnumerable<string> choices)
    {
        ArgumentNullException.ThrowIfNull(choices);
        var chosen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in choices)
        {
            if (!Options.Any(o => o.Id == id))
                throw new DefectSpecException("choices", $"expected remedy ids from the study's menu ({string.Join(", ", Options.Select(o => o.Id))}); found '{id}'.");
            if (!chosen.Add(id)) throw new DefectSpecException("choices", $"expected each remedy at most once; found '{id}' twice.");
        }
        return [.. Options.Where(o => chosen.Contains(o.Id))];
    }

    /// <summary>The options the manifest says repair a defect the study injected: what a participant who found everything would choose.</summary>
    public IReadOnlyList<RemedyOption> Oracle(IEnumerable<string> injectedDefects)
    {
        var injected = injectedDefects.ToHashSet(StringComparer.Ordinal);
        return [.. Options.Where(o => o.Defect is not null && injected.Contains(o.Defect))];
    }

    /// <summary>The options of bit mask <paramref name="mask"/> (bit i = option i), in menu order.</summary>
    public IReadOnlyList<RemedyOption> Subset(int mask) => [.. Options.Where((_, i) => (mask >> i & 1) == 1)];

    /// <summary>The bit mask of a resolved choice.</summary>
    public int MaskOf(IEnumerable<RemedyOption> chosen)
    {
        var mask = 0;
        foreach (var o in chosen)
        {
            var i = Options.ToList().FindIndex(x => x.Id == o.Id);
            if (i < 0) throw new ArgumentException($"Expected an option of this menu; found '{o.Id}'.", nameof(chosen));
            mask |= 1 << i;
        }
        return mask;
    }
}
