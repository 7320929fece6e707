namespace MisuseLab.Study.Definitions;

/// <summary>
/// Model and explainer kinds a study may name, and the numeric parameters each accepts (names as in the
/// Learning options records, snake_case: ebm ↔ EbmOptions, fasttree ↔ FastTreeOptions, checked by a test). Integer-valued names must hold whole numbers.
/// </summary>
public static class ModelKinds
{
    public const string Gbdt = "gbdt";
    public const string Ebm = "ebm";

    /// <summary>The ML.NET FastTree pipeline (one-hot encoding, mean-imputed numbers, FastTreeBinaryTrainer).</summary>
    public const string FastTree = "fasttree";

    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> ModelParameters = new Dictionary<string, IReadOnlyList<string>>
    {
        [Gbdt] = ["trees", "leaves", "learning_rate", "min_leaf_rows", "lambda", "subsample", "feature_fraction", "max_bins", "seed"],
        [FastTree] = ["trees", "leaves", "learning_rate", "min_leaf_rows", "max_bins", "seed", "threads"],
        [Ebm] = ["learning_rate", "max_rounds", "early_stopping_rounds", "early_stopping_tolerance", "outer_bags", "validation_fraction", "max_leaves", "min_samples_leaf", "categorical_smoothing", "max_bins", "seed"],
    };

    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> ExplainerParameters = new Dictionary<string, IReadOnlyList<string>>
    {
        ["treeshap"] = ["max_rows"],
        ["terms"] = [],
        ["pfi"] = ["repeats", "max_rows", "seed"],
        ["fcc"] = ["max_rows"],
    };

    /// <summary>Which model kinds each explainer can explain.</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> ExplainerModels = new Dictionary<string, IReadOnlyList<string>>
    {
        ["treeshap"] = [Gbdt, FastTree],
        ["terms"] = [Ebm],
        ["pfi"] = [Gbdt, Ebm, FastTree],
        ["fcc"] = [FastTree],
    };

    public static readonly IReadOnlySet<string> IntegerParameters = new HashSet<string>
    {
        "trees", "leaves", "min_leaf_rows", "max_leaves", "max_bins", "seed", "max_rounds", "outer_bags", "early_stopping_rounds", "min_samples_leaf", "repeats", "max_rows", "threads",
    };
}
