using System.Collections.Immutable;
using System.Text.Json;

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

    public string Feature { get; }
    public ImmutableArray<double> Edges { get; }
    public ImmutableArray<long> Counts { get; }
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

    public override string Kind => "overview";
    public int TrainRows { get; }
    public int TestRows { get; }
    public double Accuracy { get; }
    public double Auc { get; }
    public ImmutableArray<Histogram> Histograms { get; }

    private static double Unit(double value, string paramName)
    {
        PayloadChecks.Finite(value, paramName);
        if (value is < 0 or > 1) throw new ArgumentOutOfRangeException(paramName, value, "Expected a value in [0, 1].");
        return value;
    }

    public override void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("kind", Kind);
        writer.WriteNumber("n_train", TrainRows);
        writer.WriteNumber("n_test", TestRows);
        CanonicalJson.WriteNumber(writer, "accuracy", Accuracy);
        CanonicalJson.WriteNumber(writer, "auc", Auc);
        writer.WriteStartArray("histograms");
        foreach (var h in Histograms)
        {
            writer.WriteStartObject();
            writer.WriteString("feature", h.Feature);
            CanonicalJson.WriteNumberArray(writer, "edges", h.Edges);
            writer.WriteStartArray("counts");
            foreach (var c in h.Counts) writer.WriteNumberValue(c);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}

/// <summary>No explanation is shown (the "none" arm); the page shows only what the page itself holds.</summary>
public sealed record NoExplanationPayload : ExplanationPayload
{
    public static readonly NoExplanationPayload Instance = new();

    private NoExplanationPayload() { }

    public override string Kind => "none";

    public override void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("kind", Kind);
        writer.WriteEndObject();
    }
}
