using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MisuseLab.Learning.Boosting;

/// <summary>
/// Gradient histograms over binned features. One histogram is one flat <c>double[]</c> holding, for every
/// feature f and bin b, the triple (gradient sum, hessian sum, row count) at <c>(Offsets[f] + b) * Stride</c>,
/// so a leaf's whole histogram is one allocation that can be pooled and subtracted in a single loop.
/// </summary>
internal sealed class HistogramBuilder
{
    public const int Stride = 3;

    /// <summary>Below this many row×feature updates a histogram is built on one thread: forking costs more.</summary>
    private const long ParallelThreshold = 64 * 1024;

    private readonly byte[][] _bins;
    private readonly ParallelOptions _parallel;

    public HistogramBuilder(byte[][] binColumns, int[] binCounts, ParallelOptions parallel)
    {
        _bins = binColumns;
        _parallel = parallel;
        BinCounts = binCounts;
        Offsets = new int[binCounts.Length];
        var total = 0;
        for (var f = 0; f < binCounts.Length; f++)
        {
            Offsets[f] = total;
            total += binCounts[f];
        }
        Length = total * Stride;
    }

    public int[] Offsets { get; }
    public int[] BinCounts { get; }

    /// <summary>Doubles in one histogram.</summary>
    public int Length { get; }

    public int FeatureCount => _bins.Length;

    /// <summary>
    /// Fills <paramref name="histogram"/> from the rows <c>rows[start .. start+count)</c>; <paramref name="gradHess"/>
    /// holds (gradient, hessian) interleaved per row. Features with <paramref name="active"/>[f] false are skipped
    /// (left stale: the split finder never reads them). Each feature is written by one thread in row order, so
    /// the sums do not depend on the thread count.
    /// </summary>
    public void Build(int[] rows, int start, int count, double[] gradHess, double[] histogram, bool[] active)
    {
        if ((long)count * FeatureCount >= ParallelThreshold)
        {
            Parallel.For(0, FeatureCount, _parallel, f =>
            {
                if (active[f]) BuildFeature(f, rows, start, count, gradHess, histogram);
            });
        }
        else
        {
            for (var f = 0; f < FeatureCount; f++)
                if (active[f]) BuildFeature(f, rows, start, count, gradHess, histogram);
        }
    }

    public void BuildFeature(int feature, int[] rows, int start, int count, double[] gradHess, double[] histogram)
    {
        var baseIndex = Offsets[feature] * Stride;
        var span = histogram.AsSpan(baseIndex, BinCounts[feature] * Stride);
        span.Clear();
        ref var h = ref MemoryMarshal.GetReference(span);
        ref var gh = ref MemoryMarshal.GetArrayDataReference(gradHess);
        ref var column = ref MemoryMarshal.GetArrayDataReference(_bins[feature]);
        ref var rowRef = ref MemoryMarshal.GetArrayDataReference(rows);
        var end = start + count;
        if ((uint)start > (uint)rows.Length || (uint)end > (uint)rows.Length)
            throw new ArgumentOutOfRangeException(nameof(count), $"Rows {start}..{end} lie outside the {rows.Length} row indices.");
        for (var i = start; i < end; i++)
        {
            var r = Unsafe.Add(ref rowRef, i);
            // The column and gradient arrays hold one entry per training row and rows[] holds valid row
            // indices only (the trainer builds it), so these reads stay in bounds.
            var b = Unsafe.Add(ref column, r) * Stride;
            ref var slot = ref Unsafe.Add(ref h, b);
            slot += Unsafe.Add(ref gh, 2 * r);
            Unsafe.Add(ref slot, 1) += Unsafe.Add(ref gh, 2 * r + 1);
            Unsafe.Add(ref slot, 2) += 1;
        }
    }

    /// <summary>
    /// Turns a parent's histogram into its larger child's: <c>parent -= smallerChild</c>, feature by feature
    /// for the active features. Counts stay exact; sums differ from a direct build by rounding only.
    /// </summary>
    public void SubtractInPlace(double[] parent, double[] smallerChild, bool[] active)
    {
        for (var f = 0; f < FeatureCount; f++)
        {
            if (!active[f]) continue;
            var from = Offsets[f] * Stride;
            var target = parent.AsSpan(from, BinCounts[f] * Stride);
            var source = smallerChild.AsSpan(from, BinCounts[f] * Stride);
            for (var i = 0; i < target.Length; i++) target[i] -= source[i];
        }
    }
}
