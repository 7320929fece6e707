using Microsoft.ML;
using Microsoft.ML.Data;

namespace MisuseLab.Learning.MlNet;

/// <summary>An ML.NET model file (<c>MLContext.Model.Save</c>'s zip) as loaded: the transformer and the input schema saved with it.</summary>
public sealed record MlNetModelFile(MLContext Context, ITransformer Transformer, DataViewSchema InputSchema, string Path)
{
    public static MlNetModelFile Load(string path, int seed = 0)
    {
        var context = new MLContext(seed);
        try
        {
            var transformer = context.Model.Load(path, out var inputSchema);
            if (inputSchema is null)
                throw new InvalidModelException($"ML.NET model '{path}' was saved without its input schema; save it with MLContext.Model.Save(model, data.Schema, path).");
            return new MlNetModelFile(context, transformer, inputSchema, path);
        }
        catch (Exception e) when (e is not InvalidModelException and (IOException or InvalidOperationException or FormatException or InvalidDataException or UnauthorizedAccessException))
        {
            throw new InvalidModelException($"Cannot load '{path}' as an ML.NET model (MLContext.Model.Load): {e.Message}", e);
        }
    }

    /// <summary>
    /// A CSV with a header row, read with ML.NET's TextLoader: each input column by its name in the header, typed as
    /// the input schema says; a Boolean label column is read when the header has one. Other columns are ignored.
    /// </summary>
    public IDataView ReadCsv(string csvPath, string labelColumn)
    {
        string header;
        try
        {
            using var reader = new StreamReader(csvPath);
            header = reader.ReadLine() ?? throw new DataFormatException($"'{csvPath}' is empty; expected a header row naming the model's input columns.");
        }
        catch (IOException e)
        {
            throw new DataFormatException($"Cannot read '{csvPath}': {e.Message}", e);
        }
        var names = header.Split(',').Select(n => n.Trim().Trim('"')).ToList();
        var columns = new List<TextLoader.Column>();
        foreach (var c in InputSchema.Where(c => !c.IsHidden))
        {
            var index = names.IndexOf(c.Name);
            if (index < 0)
            {
                if (c.Name == labelColumn) continue;
                throw new DataFormatException($"'{csvPath}' line 1: expected a column named '{c.Name}' (the model's input schema has {string.Join(", ", InputSchema.Select(x => x.Name))}); the header has {string.Join(", ", names)}.");
            }
            var kind = c.Type is TextDataViewType ? DataKind.String
                : c.Type == NumberDataViewType.Double ? DataKind.Double
                : c.Type == NumberDataViewType.Int32 ? DataKind.Int32
                : c.Type == BooleanDataViewType.Instance ? DataKind.Boolean
                : DataKind.Single;
            columns.Add(new TextLoader.Column(c.Name, kind, index));
        }
        return Context.Data.LoadFromTextFile(csvPath, [.. columns], separatorChar: ',', hasHeader: true, allowQuoting: true);
    }

    /// <summary>The model bound to rows read by <see cref="MlNetInputs.Read"/>.</summary>
    public MlNetBinaryModel Bind(MlNetInputs inputs, string labelColumn) =>
        new(Context, Transformer, InputSchema, inputs.Schema, inputs.Columns, labelColumn);
}
