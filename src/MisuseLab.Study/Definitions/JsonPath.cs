using System.Text.RegularExpressions;

namespace MisuseLab.Study.Definitions;

/// <summary>JSONPath strings as errors show them: <c>$.pages[3].questions[1].scale.max</c>, <c>$.scale.anchors['1']</c>.</summary>
internal static partial class JsonPath
{
    public const string Root = "$";

    public static string Property(string parent, string name) =>
        PlainName().IsMatch(name) ? $"{parent}.{name}" : $"{parent}['{name.Replace("\\", "\\\\").Replace("'", "\\'")}']";

    public static string Index(string parent, int index) => $"{parent}[{index}]";

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex PlainName();
}
