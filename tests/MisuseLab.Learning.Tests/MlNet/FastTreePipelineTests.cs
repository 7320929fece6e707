using Microsoft.ML;
using Microsoft.ML.Data;
using MisuseLab.Learning.MlNet;

namespace MisuseLab.Learning.Tests.MlNet;

public sealed class FastTreePipelineTests
{
    private static readonly FastTreeOptions Small = new() { NumberOfTrees = 20, NumberOfLeaves = 8 };

    [Fact]
    public void Same_seed_and_data_give_bit_identical_predictions()
    {
        var (frame, labels) = MlNetData.Make(1500, seed: 2, missing: 0.05);
        var a = new FastTreePipeline(Small).Train(frame, labels).PredictRaw(frame);
        var b = new FastTreePipeline(Small).Train(frame, labels).PredictRaw(frame);
        Assert.Equal(a, b);
        Assert.Contains(a, m => m > 0);
        Assert.Contains(a, m => m < 0);
    }

    [Fact]
    public void Missing_category_has_no_slot_set_and_missing_number_becomes_the_training_mean()
    {
        var (frame, labels) = MlNetData.Make(800, seed: 3, missing: 0.1);
        var model = new FastTreePipeline(Small).Train(frame, labels);
        var slots = model.Featurize(frame).Slots;
        // ML.NET orders a column's one-hot slots as it met the categories in training; they are found by name here.
        var names = slots.Schema.Select(f => f.Name).ToList();
        Assert.Equal(["colour.blue", "colour.green", "colour.red", "x0", "x1", "x2", "x3"], names.Order(StringComparer.Ordinal));
        var slotOf = MlNetData.Schema[2].Categories.Select(c => names.IndexOf("colour." + c)).ToArray();
        Assert.Equal([0, 1, 2, 2, 2, 3, 4], model.Slots.Sources);
        var x1 = frame.Column(1).ToArray();
        var mean = (float)x1.Where(v => !double.IsNaN(v)).Select(v => (float)v).Average();
        for (var i = 0; i < frame.RowCount; i++)
        {
            if (double.IsNaN(frame.Column(2)[i]))
                Assert.Equal(0, slots.Column(2)[i] + slots.Column(3)[i] + slots.Column(4)[i]);
            else
                Assert.Equal(1, slots.Column(slotOf[(int)frame.Column(2)[i]])[i]);
            if (double.IsNaN(x1[i])) Assert.Equal(mean, (float)slots.Column(1)[i], 4);
        }
    }

    [Fact]
    public void The_canonical_zip_is_the_same_for_the_same_model_and_differs_for_another()
    {
        var (frame, labels) = MlNetData.Make(600, seed: 4);
        var model = new FastTreePipeline(Small).Train(frame, labels);
        var first = MlNetModelZip.Bytes(model);
        // ML.NET stamps every entry with the saving time (to 2 s in the zip format): saves further apart than that
        // differ in their raw bytes, never in their canonical ones.
        var retrained = MlNetModelZip.Bytes(new FastTreePipeline(Small).Train(frame, labels));
        Assert.Equal(first, retrained);
        var other = MlNetModelZip.Bytes(new FastTreePipeline(Small with { NumberOfTrees = 19 }).Train(frame, labels));
        Assert.NotEqual(first, other);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(first)), MlNetModelZip.Sha256(model));

        // Same entries, same contents as ML.NET's own save; only the time stamps are fixed.
        using var raw = new MemoryStream();
        model.Context.Model.Save(model.Transformer, model.InputSchema, raw);
        using var rawZip = new System.IO.Compression.ZipArchive(new MemoryStream(raw.ToArray()));
        using var canonicalZip = new System.IO.Compression.ZipArchive(new MemoryStream(first));
        Assert.Equal(rawZip.Entries.Select(e => e.FullName), canonicalZip.Entries.Select(e => e.FullName));
        Assert.All(canonicalZip.Entries, e => Assert.Equal(1980, e.LastWriteTime.Year));
        foreach (var (a, b) in rawZip.Entries.Zip(canonicalZip.Entries)) Assert.Equal(Read(a), Read(b));

        static byte[] Read(System.IO.Compression.ZipArchiveEntry entry)
        {
            using var stream = entry.Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }
    }

    [Fact]
    public void Saved_zip_loads_in_plain_mlnet_and_scores_the_same()
    {
        var (frame, labels) = MlNetData.Make(600, seed: 4);
        var model = new FastTreePipeline(Small).Train(frame, labels);
        var path = Path.Combine(Directory.CreateTempSubdirectory("mlnet-zip").FullName, "model.zip");
        model.Save(path);

        var context = new MLContext();
        var loaded = context.Model.Load(path, out var inputSchema);
        Assert.Equal(["x0", "x1", "colour", "x2", "x3", "Label"], inputSchema.Select(c => c.Name));
        var scores = loaded.Transform(context.Data.LoadFromEnumerable(ForeignModels.Rows(600, seed: 4))).GetColumn<float>("Score").ToArray();
        var ours = model.Featurize(frame).Scores;
        Assert.Equal(ours, scores);
        Assert.Equal(MlNetModelZip.Bytes(model), File.ReadAllBytes(path)); // the file is the canonical form
        Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
    }

    [Fact]
    public void Validate_names_every_bad_option()
    {
        var error = Assert.Throws<ArgumentException>(() => new FastTreeOptions { NumberOfTrees = 0, LearningRate = 2, Threads = 0 }.Validate());
        Assert.Contains("NumberOfTrees", error.Message);
        Assert.Contains("LearningRate", error.Message);
        Assert.Contains("Threads", error.Message);
        Assert.DoesNotContain("NumberOfLeaves", error.Message);
    }
}
