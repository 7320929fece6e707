using MisuseLab.Learning.Data;

namespace MisuseLab.Learning.Models;

/// <summary>A trained binary classifier whose raw output is a log-odds margin.</summary>
public interface IBinaryClassifier
{
    FeatureSchema Schema { get; }

    /// <summary>Log-odds of the positive class for one row, values in schema order.</summary>
    double PredictRaw(ReadOnlySpan<double> row);

    /// <summary>Log-odds for every row of a frame (parallel over rows).</summary>
    double[] PredictRaw(Frame frame);
}

public static class Logistic
{
    public static double Sigmoid(double margin) => 1.0 / (1.0 + Math.Exp(-margin));

    public static double[] Sigmoid(double[] margins)
    {
        var p = new double[margins.Length];
        for (var i = 0; i < p.Length; i++) p[i] = Sigmoid(margins[i]);
        return p;
    }

    public static double Logit(double p) => Math.Log(p / (1 - p));
}
