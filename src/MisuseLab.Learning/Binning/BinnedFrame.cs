namespace MisuseLab.Learning.Binning;

/// <summary>A frame whose values are replaced by their bin indices, one byte column per feature.</summary>
public sealed class BinnedFrame
{
    private readonly byte[][] _columns;

    internal BinnedFrame(BinMapper mapper, byte[][] columns)
    {
        Mapper = mapper;
        _columns = columns;
        RowCount = columns.Length == 0 ? 0 : columns[0].Length;
    }

    public BinMapper Mapper { get; }
    public int RowCount { get; }
    public int ColumnCount => _columns.Length;

    public ReadOnlySpan<byte> Column(int feature) => _columns[feature];
}
