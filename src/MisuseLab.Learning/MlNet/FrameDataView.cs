using Microsoft.ML;
using Microsoft.ML.Data;
using MisuseLab.Learning.Data;

namespace MisuseLab.Learning.MlNet;

/// <summary>
/// One ML.NET input column fed from a frame column: its name, the frame column it reads and the ML.NET type it
/// is presented as. Numeric frame columns can be presented as Single, Double or Int32; categorical ones as text
/// (the category's name; a missing value is the empty string, which ML.NET's key mapping treats as missing).
/// </summary>
public sealed record MlNetColumn(string Name, int FrameColumn, DataViewType Type);

/// <summary>
/// A read-only <see cref="IDataView"/> over a <see cref="Frame"/> (and optionally its labels as a Boolean
/// column), so our data reaches ML.NET without a copy or a temporary file. Rows are produced in frame order and
/// the view never shuffles, so every ML.NET run over it sees the same sequence.
/// </summary>
public sealed class FrameDataView : IDataView
{
    private readonly Frame _frame;
    private readonly IReadOnlyList<MlNetColumn> _columns;
    private readonly bool[]? _labels;

    public FrameDataView(Frame frame, IReadOnlyList<MlNetColumn> columns, bool[]? labels = null, string labelColumn = "Label")
    {
        _frame = frame ?? throw new ArgumentNullException(nameof(frame));
        _columns = columns ?? throw new ArgumentNullException(nameof(columns));
        if (labels is not null && labels.Length != frame.RowCount)
            throw new DataFormatException($"Expected one label per row ({frame.RowCount}); found {labels.Length}.");
        _labels = labels;
        var builder = new DataViewSchema.Builder();
        foreach (var c in columns)
        {
            if (c.FrameColumn < 0 || c.FrameColumn >= frame.ColumnCount)
                throw new ArgumentException($"Column '{c.Name}' reads frame column {c.FrameColumn}; the frame has {frame.ColumnCount}.", nameof(columns));
            var spec = frame.Schema[c.FrameColumn];
            var fits = spec.IsCategorical ? c.Type is TextDataViewType : c.Type == NumberDataViewType.Single || c.Type == NumberDataViewType.Double || c.Type == NumberDataViewType.Int32;
            if (!fits)
                throw new DataFormatException($"Column '{c.Name}': a {spec.Kind} feature cannot be given to ML.NET as {c.Type}; expected {(spec.IsCategorical ? "Text" : "Single, Double or Int32")}.");
            builder.AddColumn(c.Name, c.Type);
        }
        if (labels is not null) builder.AddColumn(labelColumn, BooleanDataViewType.Instance);
        Schema = builder.ToSchema();
    }

    /// <summary>The usual presentation of a frame: numeric features as Single, categorical as text, named as in the frame.</summary>
    public static IReadOnlyList<MlNetColumn> DefaultColumns(FeatureSchema schema) =>
        [.. schema.Select((f, i) => new MlNetColumn(f.Name, i, f.IsCategorical ? TextDataViewType.Instance : NumberDataViewType.Single))];

    public bool CanShuffle => false;
    public DataViewSchema Schema { get; }
    public long? GetRowCount() => _frame.RowCount;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) => new Cursor(this);

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) => [new Cursor(this)];

    private sealed class Cursor(FrameDataView view) : DataViewRowCursor
    {
        private long _position = -1;

        public override DataViewSchema Schema => view.Schema;
        public override long Position => _position;
        public override long Batch => 0;

        public override bool MoveNext()
        {
            if (_position + 1 >= view._frame.RowCount)
            {
                _position = view._frame.RowCount;
                return false;
            }
            _position++;
            return true;
        }

        public override bool IsColumnActive(DataViewSchema.Column column) => true;

        public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId id) => id = new DataViewRowId((ulong)_position, 0);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (column.Index == view._columns.Count)
            {
                var labels = view._labels!;
                ValueGetter<bool> label = (ref bool v) => v = labels[_position];
                return Cast<TValue>(label, column);
            }
            var c = view._columns[column.Index];
            var spec = view._frame.Schema[c.FrameColumn];
            var values = view._frame.Column(c.FrameColumn).ToArray();
            Delegate getter;
            if (spec.IsCategorical)
            {
                var names = spec.Categories.Select(n => n.AsMemory()).ToArray();
                getter = (ValueGetter<ReadOnlyMemory<char>>)((ref ReadOnlyMemory<char> v) =>
                {
                    var x = values[_position];
                    v = double.IsNaN(x) ? ReadOnlyMemory<char>.Empty : names[(int)x];
                });
            }
            else if (c.Type == NumberDataViewType.Single)
                getter = (ValueGetter<float>)((ref float v) => v = (float)values[_position]);
            else if (c.Type == NumberDataViewType.Double)
                getter = (ValueGetter<double>)((ref double v) => v = values[_position]);
            else
                getter = (ValueGetter<int>)((ref int v) =>
                {
                    var x = values[_position];
                    v = double.IsNaN(x) || x != Math.Floor(x)
                        ? throw new DataFormatException($"Column '{c.Name}', row {_position}: ML.NET expects a whole number (Int32); found {x}.")
                        : checked((int)x);
                });
            return Cast<TValue>(getter, column);
        }

        private static ValueGetter<TValue> Cast<TValue>(Delegate getter, DataViewSchema.Column column) =>
            getter as ValueGetter<TValue>
            ?? throw new InvalidOperationException($"Column '{column.Name}' holds {column.Type}; a getter of {typeof(TValue).Name} was asked for.");
    }
}
