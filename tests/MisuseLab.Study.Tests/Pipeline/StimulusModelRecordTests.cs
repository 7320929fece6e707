using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using MisuseLab.Learning.MlNet;
using MisuseLab.Study.Pipeline;
using MisuseLab.Study.Stimuli;
using MisuseLab.Study.Tests.Adult;

namespace MisuseLab.Study.Tests.Pipeline;

/// <summary>The kaur2020 stimuli record the model they were computed from (kind, model JSON hash, ML.NET zip hash) inside their hash.</summary>
public sealed class StimulusModelRecordTests
{
    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    [Fact]
    public void Every_kaur2020_stimulus_records_its_cells_model_with_hashes_of_the_files_written_for_it()
    {
        var built = BuiltStudies.Kaur2020;
        using var temp = new TempDirectory();
        foreach (var cell in built.Definition.Conditions.Cells)
        {
            var trained = built.Models.Single(m => m.Id == cell.Model);
            var kind = built.Definition.Model(cell.Model).Kind;
            // Expected independently: hashes of the model JSON bytes and of the zip ML.NET's model wrote to disk.
            string? zipSha = null;
            if (trained.Model is MlNetBinaryModel mlnet)
            {
                var zip = temp.File($"{cell.Id}.zip");
                mlnet.Save(zip);
                zipSha = Sha256(File.ReadAllBytes(zip));
            }
            var stimuli = built.Stimuli.Where(s => s.Condition == cell.Id).ToList();
            Assert.NotEmpty(stimuli);
            foreach (var stimulus in stimuli)
            {
                var model = Assert.IsType<StimulusModel>(stimulus.Model);
                Assert.Equal(new StimulusModel(cell.Model, kind, Sha256(trained.ModelJsonBytes), zipSha), model);
            }
        }
        Assert.Contains(built.Stimuli, s => s.Model!.Kind == "fasttree" && s.Model.MlNetZipSha256 is not null);
        Assert.Contains(built.Stimuli, s => s.Model!.Kind == "ebm" && s.Model.MlNetZipSha256 is null);
    }

    [Fact]
    public void The_stored_stimulus_holds_the_figure_and_the_model_record_and_reads_back_to_the_same_bytes()
    {
        var stimulus = BuiltStudies.Kaur2020.Stimuli.First(s => s.Model!.Kind == "fasttree" && s.Figures.Length > 0);
        var json = StimulusSerializer.SerializeToString(stimulus);
        var root = JsonNode.Parse(json)!.AsObject();

        Assert.Equal(["study", "version", "condition", "page", "instance", "key", "model", "payload", "figures"], root.Select(p => p.Key));
        Assert.Equal(stimulus.Model!.Sha256, (string)root["model"]!["sha256"]!);
        Assert.Equal(stimulus.Model.MlNetZipSha256, (string)root["model"]!["mlnet_zip_sha256"]!);
        Assert.Equal("fasttree", (string)root["model"]!["kind"]!);
        Assert.NotEmpty(root["figures"]!.AsArray());
        Assert.Equal(json, StimulusSerializer.SerializeToString(StimulusSerializer.Deserialize(json)));

        // The hash covers the record: the same stimulus with another model hash is another stimulus.
        var other = json.Replace(stimulus.Model.Sha256, new string('0', 64), StringComparison.Ordinal);
        Assert.NotEqual(StimulusSerializer.Hash(stimulus), StimulusSerializer.Hash(StimulusSerializer.Deserialize(other)));
    }

    [Fact]
    public void Rebuilding_records_the_same_models_and_another_model_seed_changes_the_hashes()
    {
        var first = BuiltStudies.Kaur2020;
        var again = BuiltStudies.Build("kaur2020.json");
        Assert.Equal(first.Stimuli.Select(s => s.Model), again.Stimuli.Select(s => s.Model));
        Assert.Equal(first.Stimuli.Select(StimulusSerializer.Hash), again.Stimuli.Select(StimulusSerializer.Hash));

        // The same file with every model's seed changed.
        var study = JsonNode.Parse(File.ReadAllText(BuiltStudies.StudyFile("kaur2020.json")))!.AsObject();
        foreach (var model in study["models"]!.AsArray())
        {
            var h = model!["hyperparameters"]!.AsObject();
            h["seed"] = (int)h["seed"]! + 1;
        }
        using var temp = new TempDirectory();
        var file = temp.File("kaur2020.json");
        File.WriteAllText(file, study.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        var reseeded = StudyBuilder.BuildFile(file, AdultDataFixture.Directory);

        // Every model's record changes. (Measured with ML.NET 5.0.1: FastTree's trees here do not depend on its seed,
        // so the model JSON hash stays; ML.NET's zip, which saves the seed, does not, and its hash tells the two apart.)
        foreach (var model in first.Models)
        {
            Assert.NotEqual(first.Stimuli.First(s => s.Model!.Id == model.Id).Model, reseeded.Stimuli.First(s => s.Model!.Id == model.Id).Model);
        }
        var before = first.Stimuli.Select(StimulusSerializer.Hash).ToHashSet();
        Assert.All(reseeded.Stimuli, s => Assert.DoesNotContain(StimulusSerializer.Hash(s), before));
    }
}
