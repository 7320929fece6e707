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
    private readonly int[] _activeFeatures;

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
        _activeFeatures = new int[binCounts.Length];
    }

    public int[] Offsets { get; }
    public int[] BinCounts { get; }

    /// <summary>Doubles in one histogram.</summary>
    public int Length { get; }

    public int FeatureCount => _bins.Length;

    /// <summary>Features built together in one pass over the rows, sharing each row's index and gradient loads.</summary>
    public const int GroupSize = 4;

    /// <summary>
    /// Fills <paramref name="histogram"/> from the rows <c>rows[start .. start+count)</c>; <paramref name="gradHess"/>
    /// holds (gradient, hessian) interleaved per row. Features with <paramref name="active"/>[f] false are skipped
    /// (left stale: the split finder never reads them). Not thread-safe: one grower calls it at a time. The active features are built in groups of up to
    /// <see cref="GroupSize"/>, groups in parallel; each feature's sums run in row order whatever the thread
    /// count, so the result does not depend on it. <paramref name="rows"/> null means the rows are
    /// <c>start .. start+count</c> themselves (the root of an unsampled tree), read without indirection.
    /// </summary>
    public void Build(int[]? rows, int start, int count, double[] gradHess, double[] histogram, bool[] active)
    {
        var end = start + count;
        var trainingRows = _bins.Length == 0 ? 0 : _bins[0].Length;
        var available = rows?.Length ?? trainingRows;
        if (start < 0 || count < 0 || end > available)
            throw new ArgumentOutOfRangeException(nameof(count), $"Rows {start}..{end} lie outside the {available} rows.");
        if (gradHess.Length < 2 * trainingRows || histogram.Length < Length)
            throw new ArgumentException($"Expected {2 * trainingRows} gradient values and a histogram of {Length}; found {gradHess.Length} and {histogram.Length}.");
        var features = _activeFeatures;
        var k = 0;
        for (var f = 0; f < FeatureCount; f++) if (active[f]) features[k++] = f;
        // Balanced groups (14 features: 4, 4, 3, 3) so two threads get equal work.
        var groups = (k + GroupSize - 1) / GroupSize;
        if (groups == 0) return;
        if ((long)count * k >= ParallelThreshold && groups > 1)
            Parallel.For(0, groups, _parallel, g => BuildGroup(features, GroupStart(g, k, groups), GroupStart(g + 1, k, groups), rows, start, count, gradHess, histogram));
        else
            for (var g = 0; g < groups; g++) BuildGroup(features, GroupStart(g, k, groups), GroupStart(g + 1, k, groups), rows, start, count, gradHess, histogram);
    }

    private static int GroupStart(int group, int features, int groups) => (int)((long)group * features / groups);

    /// <summary>Builds one feature alone (tests compare it with grouped builds).</summary>
    public void BuildFeature(int feature, int[]? rows, int start, int count, double[] gradHess, double[] histogram)
    {
        var active = new bool[FeatureCount];
        active[feature] = true;
        Build(rows, start, count, gradHess, histogram, active);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe void BuildGroup(int[] features, int from, int to, int[]? rows, int start, int count, double[] gradHess, double[] histogram)
    {
        var size = to - from;
        var columns = stackalloc byte*[GroupSize];
        var slots = stackalloc double*[GroupSize];
        var handles = stackalloc GCHandle[GroupSize];
        // Every column and gradient array holds one entry per training row, rows[] holds valid row indices
        // only (the trainer builds it) and each bin is below its feature's bin count (BinMapper guarantees it),
        // so the unchecked reads and writes below stay in bounds.
        fixed (double* gh = gradHess)
        fixed (double* hist = histogram)
        fixed (int* rowIndex = rows)
        {
            for (var j = 0; j < size; j++)
            {
                var f = features[from + j];
                handles[j] = GCHandle.Alloc(_bins[f], GCHandleType.Pinned);
                columns[j] = (byte*)handles[j].AddrOfPinnedObject();
                slots[j] = hist + Offsets[f] * Stride;
                new Span<double>(slots[j], BinCounts[f] * Stride).Clear();
            }
            try
            {
                if (rows is null) Accumulate(new IdentityRows(), size, columns, slots, gh, start, count);
                else Accumulate(new IndexedRows(rowIndex), size, columns, slots, gh, start, count);
            }
            finally
            {
                for (var j = 0; j < size; j++) handles[j].Free();
            }
        }
    }

    private unsafe interface IRowSource { int Row(int i); }

    private readonly struct IdentityRows : IRowSource
    {
        public int Row(int i) => i;
    }

    private readonly unsafe struct IndexedRows(int* rows) : IRowSource
    {
        public int Row(int i) => rows[i];
    }

    /// <summary>Generic over the row source so the JIT compiles a copy without indirection for the root.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Accumulate<TRows>(TRows source, int size, byte** columns, double** slots, double* gh, int start, int count)
        where TRows : struct, IRowSource
    {
        var end = start + count;
        if (size == GroupSize)
        {
            byte* c0 = columns[0], c1 = columns[1], c2 = columns[2], c3 = columns[3];
            double* h0 = slots[0], h1 = slots[1], h2 = slots[2], h3 = slots[3];
            for (var i = start; i < end; i++)
            {
                var r = source.Row(i);
                var g = gh[2 * r];
                var h = gh[2 * r + 1];
                Add(h0 + c0[r] * Stride, g, h);
                Add(h1 + c1[r] * Stride, g, h);
                Add(h2 + c2[r] * Stride, g, h);
                Add(h3 + c3[r] * Stride, g, h);
            }
        }
        else if (size == 3)
        {
            byte* c0 = columns[0], c1 = columns[1], c2 = columns[2];
            double* h0 = slots[0], h1 = slots[1], h2 = slots[2];
            for (var i = start; i < end; i++)
            {
                var r = source.Row(i);
                var g = gh[2 * r];
                var h = gh[2 * r + 1];
                Add(h0 + c0[r] * Stride, g, h);
                Add(h1 + c1[r] * Stride, g, h);
                Add(h2 + c2[r] * Stride, g, h);
            }
        }
        else
        {
            for (var j = 0; j < size; j++)
            {
                byte* c = columns[j];
                double* s = slots[j];
                for (var i = start; i < end; i++)
                {
                    var r = source.Row(i);
                    Add(s + c[r] * Stride, gh[2 * r], gh[2 * r + 1]);
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Add(double* slot, double g, double h)
    {
        slot[0] += g;
        slot[1] += h;
        slot[2] += 1;
    }

    /// <summary>
    /// Turns a parent's histogram into its larger child's: <c>parent -= smallerChild</c>, feature by feature
    /// for the active features. Counts stay exact; sums differ from a direct build by rounding only.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
