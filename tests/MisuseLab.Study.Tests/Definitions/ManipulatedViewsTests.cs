using MisuseLab.Study.Definitions;
using MisuseLab.Study.Tests.Pipeline;

namespace MisuseLab.Study.Tests.Definitions;

/// <summary>A cell's <c>manipulated_views</c>: read, defaulted, and checked against the three view names.</summary>
public sealed class ManipulatedViewsTests
{
    private static readonly string Kaur = File.ReadAllText(BuiltStudies.StudyFile("kaur2020.json"));

    [Fact]
    public void Views_outside_the_list_are_not_manipulated_and_an_absent_list_means_every_view()
    {
        var s = StudyValidator.Validate(Kaur, "kaur2020.json").Definition!;
        var inverted = s.Cell("gam-inverted");
        Assert.True(inverted.Manipulates(PageKind.Global));
        Assert.True(inverted.Manipulates(PageKind.Local));
        Assert.False(inverted.Manipulates(PageKind.Effect));
        var all = inverted with { ManipulatedViews = null };
        Assert.True(all.Manipulates(PageKind.Effect));
    }

    [Fact]
    public void An_unknown_view_name_is_an_error_at_its_json_path()
    {
        var edited = Kaur.Replace("\"manipulated_views\": [\"global\", \"local\"]", "\"manipulated_views\": [\"global\", \"shape\"]", StringComparison.Ordinal);
        Assert.NotEqual(Kaur, edited);
        var result = StudyValidator.Validate(edited, "edited.json");
        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, e => e.Path.StartsWith("$.conditions.cells[1].manipulated_views", StringComparison.Ordinal));
    }
}
