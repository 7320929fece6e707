using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace MisuseLab.Study.Explanations;

/// <summary>A histogram of one feature: counts[i] rows fall in [edges[i], edges[i+1]) (the last bin closed).</summary>
public sealed record Histogram
{
    public Histogram(string feature, IEnumerable<double> edges, IEnumerable<long> counts)
    {
        Feature = PayloadChecks.Name(feature, nameof(feature));
        Edges = (edges ?? throw new ArgumentNullException(nameof(edges))).ToImmutableArray();
        Counts = (counts ?? throw new ArgumentNullException(nameof(counts))).ToImmutableArray();
        if (Counts.Length == 0 || Edges.Length != Counts.Length + 1)
            throw new ArgumentException($"Expected at least one bin and edges = bins + 1; found {Edges.Length} edges for {Counts.Length} bins.", nameof(edges));
        for (var i = 0; i < Edges.Length; i++)
        {
            PayloadChecks.Finite(Edges[i], nameof(edges));
            if (i > 0 && !(Edges[i - 1] < Edges[i]))
                throw new ArgumentException($"Expected strictly increasing edges; edges[{i - 1}] = {Edges[i - 1]:R}, edges[{i}] = {Edges[i]:R}.", nameof(edges));
        }
        foreach (var c in Counts)
            if (c < 0) throw new ArgumentOutOfRangeException(nameof(counts), c, "Expected counts ≥ 0.");
    }

    /// <summary>Reads a stored histogram through the checking constructor.</summary>
    [JsonConstructor]
    internal Histogram(string feature, ImmutableArray<double> edges, ImmutableArray<long> counts) : this(feature, edges.AsEnumerable(), counts.AsEnumerable()) { }

    [JsonPropertyName("feature")] public string Feature { get; }
    [JsonPropertyName("edges")] public ImmutableArray<double> Edges { get; }
    [JsonPropertyName("counts")] public ImmutableArray<long> Counts { get; }
}

/// <summary>
/// The data and model overview page: training and test sizes, test accuracy and AUC, and feature histograms of
/// the training data (at least age, where the mean-imputation spike is visible to a careful participant).
/// </summary>
public sealed record OverviewPayload : ExplanationPayload
{
    public OverviewPayload(int trainRows, int testRows, double accuracy, double auc, IEnumerable<Histogram> histograms)
    {
        if (trainRows <= 0) throw new ArgumentOutOfRangeException(nameof(trainRows), trainRows, "Expected at least one training row.");
        if (testRows <= 0) throw new ArgumentOutOfRangeException(nameof(testRows), testRows, "Expected at least one test row.");
        TrainRows = trainRows;
        TestRows = testRows;
        Accuracy = Unit(accuracy, nameof(accuracy));
        Auc = Unit(auc, nameof(auc));
        Histograms = (histograms ?? throw new ArgumentNullException(nameof(histograms))).ToImmutableArray();
        PayloadChecks.UniqueNames(Histograms.Select(h => h.Feature), nameof(histograms));
    }

    /// <summary>Reads a stored payload through the checking constructor.</summary>
    [JsonConstructor]
    internal OverviewPayload(int trainRows, int testRows, double accuracy, double auc, ImmutableArray<Histogram> histograms)
        : this(trainRows, testRows, accuracy, auc, histograms.AsEnumerable()) { }

    [JsonIgnore] public override string Kind => "overview";
    [JsonPropertyName("n_train")] public int TrainRows { get; }
    [JsonPropertyName("n_test")] public int TestRows { get; }
    [JsonPropertyName("accuracy")] public double Accuracy { get; }
    [JsonPropertyName("auc")] public double Auc { get; }
    [JsonPropertyName("histograms")] public ImmutableArray<Histogram> Histograms { get; }

    private static double Unit(double value, string paramName)
    {
        PayloadChecks.Finite(value, paramName);
        if (value is < 0 or > 1) throw new ArgumentOutOfRangeException(paramName, value, "Expected a value in [0, 1].");
        return value;
    }
}

/// <summary>No explanation is shown (the "none" arm); the page shows only what the page itself holds.</summary>
public sealed record NoExplanationPayload : ExplanationPayload
{
    public static readonly NoExplanationPayload Instance = new();

    /// <summary>For reading only; everywhere else use <see cref="Instance"/> (all instances are equal).</summary>
    [JsonConstructor]
    internal NoExplanationPayload() { }

    [JsonIgnore] public override string Kind => "none";
}
