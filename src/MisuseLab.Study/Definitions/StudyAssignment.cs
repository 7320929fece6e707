using MisuseLab.Study.Assignment;

namespace MisuseLab.Study.Definitions;

/// <summary>Turns a study's cells and assignment settings into the permuted-block design the assigner runs.</summary>
public static class StudyAssignment
{
    /// <summary>
    /// Cells in file order, each weight scaled by block_size / Σ weights (validation guarantees a whole multiple),
    /// so a block holds exactly block_size participants in the cells' proportions; seeded by the assignment seed.
    /// </summary>
    public static AssignmentDesign Design(StudyDefinition study)
    {
        ArgumentNullException.ThrowIfNull(study);
        var cells = study.Conditions.Cells;
        var total = cells.Sum(c => c.Weight);
        var factor = study.Assignment.BlockSize / total;
        return new AssignmentDesign(cells.Select(c => c.Id).ToArray(), cells.Select(c => c.Weight * factor).ToArray(), study.Assignment.Seed);
    }
}
