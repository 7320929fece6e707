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
    private readonly double[][] _copies;

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
        // Scratch for BuildFeature's three extra copies, per feature: a feature is built by one thread at a time.
        _copies = [.. binCounts.Select(count => new double[3 * count * Stride])];
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
    /// the sums do not depend on the thread count. <paramref name="rows"/> null means the rows are
    /// <c>start .. start+count</c> themselves (the root of an unsampled tree), read without indirection.
    /// </summary>
    public void Build(int[]? rows, int start, int count, double[] gradHess, double[] histogram, bool[] active)
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

    public void BuildFeature(int feature, int[]? rows, int start, int count, double[] gradHess, double[] histogram)
    {
        var end = start + count;
        var identity = rows is null;
        var available = identity ? _bins[feature].Length : rows!.Length;
        if (start < 0 || count < 0 || end > available || 2 * (long)_bins[feature].Length > gradHess.Length)
            throw new ArgumentOutOfRangeException(nameof(count), $"Rows {start}..{end} lie outside the {available} rows (or gradients are missing).");
        var length = BinCounts[feature] * Stride;
        var target = histogram.AsSpan(Offsets[feature] * Stride, length);
        target.Clear();
        ref var h0 = ref MemoryMarshal.GetReference(target);
        ref var gh = ref MemoryMarshal.GetArrayDataReference(gradHess);
        ref var column = ref MemoryMarshal.GetArrayDataReference(_bins[feature]);
        ref var rowRef = ref identity ? ref Unsafe.NullRef<int>() : ref MemoryMarshal.GetArrayDataReference(rows!);
        var i = start;
        // Consecutive rows often share a bin (few-valued features), and adding into the same slot row after
        // row waits on the previous add. Four rows at a time into four copies breaks that chain; the copies are
        // merged afterwards. Worth it only when the rows outnumber the bins.
        if (count >= 4 * BinCounts[feature])
        {
            var copies = _copies[feature].AsSpan(0, 3 * length);
            copies.Clear();
            ref var h1 = ref MemoryMarshal.GetReference(copies);
            ref var h2 = ref Unsafe.Add(ref h1, length);
            ref var h3 = ref Unsafe.Add(ref h1, 2 * length);
            for (; i + 3 < end; i += 4)
            {
                // The column and gradient arrays hold one entry per training row and rows[] holds valid row
                // indices only (the trainer builds it), so these unchecked reads stay in bounds.
                var r0 = identity ? i : Unsafe.Add(ref rowRef, i);
                var r1 = identity ? i + 1 : Unsafe.Add(ref rowRef, i + 1);
                var r2 = identity ? i + 2 : Unsafe.Add(ref rowRef, i + 2);
                var r3 = identity ? i + 3 : Unsafe.Add(ref rowRef, i + 3);
                Add(ref Unsafe.Add(ref h0, Unsafe.Add(ref column, r0) * Stride), ref gh, r0);
                Add(ref Unsafe.Add(ref h1, Unsafe.Add(ref column, r1) * Stride), ref gh, r1);
                Add(ref Unsafe.Add(ref h2, Unsafe.Add(ref column, r2) * Stride), ref gh, r2);
                Add(ref Unsafe.Add(ref h3, Unsafe.Add(ref column, r3) * Stride), ref gh, r3);
            }
            for (var k = 0; k < length; k++)
                target[k] += copies[k] + copies[length + k] + copies[2 * length + k];
        }
        for (; i < end; i++)
        {
            var r = identity ? i : Unsafe.Add(ref rowRef, i);
            Add(ref Unsafe.Add(ref h0, Unsafe.Add(ref column, r) * Stride), ref gh, r);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Add(ref double slot, ref double gradHess, int row)
    {
        slot += Unsafe.Add(ref gradHess, 2 * row);
        Unsafe.Add(ref slot, 1) += Unsafe.Add(ref gradHess, 2 * row + 1);
        Unsafe.Add(ref slot, 2) += 1;
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
