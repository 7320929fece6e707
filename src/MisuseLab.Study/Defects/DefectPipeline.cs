namespace MisuseLab.Study.Defects;

/// <summary>One applied defect: its specification, the seed of its generator, the data it received and what it did.</summary>
public sealed record DefectStep(DefectSpec Spec, int Seed, DefectData Before, DefectResult Result);

/// <summary>The outcome of a pipeline: original and final data and every step in order.</summary>
public sealed record DefectRun(int Seed, DefectData Original, IReadOnlyList<DefectStep> Steps)
{
    public DefectData Final => Steps.Count == 0 ? Original : Steps[^1].Result.Data;
}

/// <summary>
/// Applies defects in order, each to the previous one's output.
/// Seed use (the only one): <c>new Random(seed)</c> draws one <c>Next()</c> per defect, in list order, and that
/// value seeds the defect's own <see cref="Random"/>. A defect's draws therefore depend on the seed and its position
/// only, not on how many draws earlier defects made, so changing one defect's rate leaves the others' choices alone.
/// </summary>
public static class DefectPipeline
{
    public static DefectRun Run(DefectData data, IReadOnlyList<DefectSpec> specs, int seed)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(specs);
        var errors = new List<DefectSpecError>();
        foreach (var spec in specs) spec.Parameters.Validate(spec.Path, errors);
        if (errors.Count > 0) throw new DefectSpecException(errors);

        var master = new Random(seed);
        var steps = new List<DefectStep>(specs.Count);
        var current = data;
        foreach (var spec in specs)
        {
            var defectSeed = master.Next();
            var result = spec.CreateDefect().Apply(current, new Random(defectSeed));
            steps.Add(new DefectStep(spec, defectSeed, current, result));
            current = result.Data;
        }
        return new DefectRun(seed, data, steps);
    }
}
