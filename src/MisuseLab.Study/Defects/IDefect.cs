namespace MisuseLab.Study.Defects;

/// <summary>
/// A named, parameterised, seeded transform of the data. Implementations never mutate their input (frames share
/// unchanged columns) and report every change they make, so the manifest is a complete diff.
/// </summary>
public interface IDefect
{
    string Name { get; }

    DefectParameters Parameters { get; }

    /// <param name="random">The defect's own generator (see <see cref="DefectPipeline"/> for how it is seeded).</param>
    DefectResult Apply(DefectData input, Random random);
}
