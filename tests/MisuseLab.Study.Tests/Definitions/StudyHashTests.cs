using System.Text.Json.Nodes;
using MisuseLab.Study.Definitions;

namespace MisuseLab.Study.Tests.Definitions;

public sealed class StudyHashTests
{
    [Fact]
    public void Canonical_form_sorts_properties_drops_whitespace_and_normalises_numbers()
    {
        using var a = System.Text.Json.JsonDocument.Parse("""{ "b": 1.0, "a": [1, 2.50, "x<y"], "c": { "z": null, "y": true } }""");
        Assert.Equal("""{"a":[1,2.5,"x<y"],"b":1,"c":{"y":true,"z":null}}""", StudyHash.CanonicalString(a.RootElement));
        // python3 -c 'import hashlib;print(hashlib.sha256(b"{\"a\":[1,2.5,\"x<y\"],\"b\":1,\"c\":{\"y\":true,\"z\":null}}").hexdigest())'
        Assert.Equal("4f5bf4e1e823d8f99b8e23d26c3d5b7ed6acb803a4e57cf1fb949de523ff0003", StudyHash.Compute(a.RootElement));
    }

    [Fact]
    public void Hash_is_deterministic_and_ignores_formatting_and_property_order()
    {
        var text = StudyTestFiles.Text("kaur2020.json");
        var first = StudyValidator.Validate(text).Hash;
        Assert.Equal(first, StudyValidator.Validate(text).Hash);
        Assert.Equal(first, StudyHash.Compute(text));

        var node = StudyTestFiles.Node("kaur2020.json");
        var reordered = new JsonObject();
        foreach (var (key, value) in node.Reverse().ToList())
        {
            node.Remove(key);
            reordered[key] = value;
        }
        var compact = reordered.ToJsonString();
        Assert.NotEqual(text, compact);
        Assert.Equal(first, StudyValidator.Validate(compact).Hash);
    }

    [Fact]
    public void Any_content_change_changes_the_hash()
    {
        var baseline = StudyValidator.Validate(StudyTestFiles.Text("kaur2020.json")).Hash;
        var edits = new Action<JsonObject>[]
        {
            s => s["title"] = "Understanding an income model.",
            s => s["data"]!["seed"] = 20200426,
            s => s["data"]!["defects"]![0]!["params"]!["rate"] = 0.11,
            s => s["pages"]![7]!["questions"]![0]!["key"] = "Yes",
            s => s["assignment"]!["seed"] = 2021,
        };
        var hashes = new HashSet<string> { baseline! };
        foreach (var edit in edits)
        {
            var s = StudyTestFiles.Node("kaur2020.json");
            edit(s);
            var result = StudyTestFiles.Validate(s);
            Assert.True(result.IsValid, string.Join("\n", result.Errors));
            Assert.True(hashes.Add(result.Hash!), "an edit left the hash unchanged");
        }
    }
}
