using MisuseLab.Study.Defects;
using System.Text.Json;
using MisuseLab.Study.Manipulations;
using MisuseLab.Study.Definitions;
using MisuseLab.Study.Explanations;

namespace MisuseLab.Study.Tests.Definitions;

/// <summary>Keeps studies/study.schema.json in step with the vocabulary the validator accepts.</summary>
public sealed class StudySchemaTests
{
    private static readonly JsonElement Schema = JsonDocument.Parse(File.ReadAllText(StudyTestFiles.Path("study.schema.json"))).RootElement;

    private static string[] Enum(params string[] path)
    {
        var e = Schema;
        foreach (var p in path) e = e.GetProperty(p);
        return e.GetProperty("enum").EnumerateArray().Select(x => x.GetString()!).ToArray();
    }

    [Fact]
    public void Schema_enumerations_match_the_validator()
    {
        Assert.Equal(StudyVocabulary.PageKinds.Keys, Enum("$defs", "page", "properties", "kind"));
        Assert.Equal(StudyVocabulary.QuestionKinds.Keys, Enum("$defs", "question", "properties", "kind"));
        Assert.Equal(StudyVocabulary.InstanceSelectors.Keys, Enum("$defs", "page", "properties", "instance"));
        Assert.Equal(StudyVocabulary.AdultFeatures, Enum("$defs", "page", "properties", "feature"));
        Assert.Equal(DefectSpecCatalog.Instance.Names, Enum("$defs", "defect", "properties", "name"));
        Assert.Equal(ManipulationCatalog.Names, Enum("$defs", "cell", "properties", "manipulation"));
        Assert.Equal(ExplainerKinds.All, Enum("$defs", "explainer", "properties", "kind"));
        Assert.Equal(ModelKinds.ModelParameters.Keys, Enum("$defs", "model", "properties", "kind"));
        Assert.Equal(StudyVocabulary.EnrolmentModes.Keys, Enum("properties", "enrolment", "properties", "mode"));
        Assert.Equal(StudyVocabulary.DerivedKeys.Keys,
            Schema.GetProperty("$defs").GetProperty("question").GetProperty("properties").GetProperty("key").GetProperty("oneOf")[1]
                .GetProperty("properties").GetProperty("derived").GetProperty("anyOf")[0].GetProperty("enum").EnumerateArray().Select(x => x.GetString()!));
        // shown-rank-N: the schema's pattern and the reader's parser agree on which names are keys.
        var pattern = new System.Text.RegularExpressions.Regex(Schema.GetProperty("$defs").GetProperty("question").GetProperty("properties").GetProperty("key").GetProperty("oneOf")[1]
            .GetProperty("properties").GetProperty("derived").GetProperty("anyOf")[1].GetProperty("pattern").GetString()!);
        foreach (var name in new[] { "shown-rank-1", "shown-rank-12", "shown-rank-0", "shown-rank-01", "shown-rank-", "shown-rank-x", "shown-rank-3a" })
            Assert.Equal(pattern.IsMatch(name), StudyVocabulary.TryDerivedKey(name, out _));
    }

    [Fact]
    public void Schema_parameter_lists_match_the_validator()
    {
        var modelRules = Schema.GetProperty("$defs").GetProperty("model").GetProperty("allOf").EnumerateArray().ToList();
        foreach (var rule in modelRules)
        {
            var kind = rule.GetProperty("if").GetProperty("properties").GetProperty("kind").GetProperty("const").GetString()!;
            var names = rule.GetProperty("then").GetProperty("properties").GetProperty("hyperparameters").GetProperty("propertyNames").GetProperty("enum").EnumerateArray().Select(x => x.GetString()!);
            Assert.Equal(ModelKinds.ModelParameters[kind], names);
        }
        Assert.Equal(ModelKinds.ModelParameters.Count, modelRules.Count);
    }

    [Fact]
    public void Schema_whole_number_parameters_match_the_validator()
    {
        var counts = Schema.GetProperty("$defs").GetProperty("parameters").GetProperty("properties").EnumerateObject()
            .Where(p => p.Value.GetProperty("$ref").GetString() == "#/$defs/count").Select(p => p.Name);
        Assert.Equal(ModelKinds.IntegerParameters.Order(), counts.Order());
    }

    [Fact]
    public void The_validator_evaluates_the_schema_file_itself_embedded_in_the_assembly()
    {
        using var stream = typeof(StudyDefinition).Assembly.GetManifestResourceStream("MisuseLab.Study.Definitions.study.schema.json");
        Assert.NotNull(stream);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        Assert.Equal(File.ReadAllBytes(StudyTestFiles.Path("study.schema.json")), copy.ToArray());
    }
}

public sealed class ModelKindsTests
{
    private static string Pascal(string snake) => string.Concat(snake.Split('_').Select(w => char.ToUpperInvariant(w[0]) + w[1..]));

    [Fact]
    public void Every_ebm_hyperparameter_names_an_EbmOptions_property_of_matching_type()
    {
        var type = typeof(MisuseLab.Learning.Glassbox.EbmOptions);
        foreach (var name in ModelKinds.ModelParameters[ModelKinds.Ebm])
        {
            var property = type.GetProperty(Pascal(name));
            Assert.True(property is not null, $"EbmOptions has no property {Pascal(name)} for '{name}'");
            Assert.Equal(property!.PropertyType == typeof(int), ModelKinds.IntegerParameters.Contains(name));
        }
    }
}
