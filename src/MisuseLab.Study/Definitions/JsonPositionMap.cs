using System.Text.Json;

namespace MisuseLab.Study.Definitions;

/// <summary>
/// Maps the JSON path of every value in a document to its 1-based line and column, by one pass of
/// <see cref="Utf8JsonReader"/>; lets semantic errors (found on the parsed tree) point into the file. The same pass
/// notes properties given twice in one object, which the parsed tree (and so JSON Schema) cannot see.
/// </summary>
internal sealed class JsonPositionMap
{
    private readonly Dictionary<string, (int Line, int Column)> _positions = new(StringComparer.Ordinal);

    private readonly List<(string Path, string Name)> _duplicates = [];

    private JsonPositionMap() { }

    /// <summary>Paths of properties that appear more than once in their object, in file order.</summary>
    public IReadOnlyList<(string Path, string Name)> Duplicates => _duplicates;

    public static JsonPositionMap Build(ReadOnlySpan<byte> utf8)
    {
        var map = new JsonPositionMap();
        var lineStarts = new List<int> { 0 };
        for (var i = 0; i < utf8.Length; i++) if (utf8[i] == (byte)'\n') lineStarts.Add(i + 1);

        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        // Each frame: the container's path, whether it is an array, the next index, the pending property path and the names seen.
        var stack = new Stack<(string Path, bool IsArray, int Next, string? Pending, HashSet<string>? Names)>();
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName)
                {
                    var top = stack.Pop();
                    var name = reader.GetString()!;
                    var path = JsonPath.Property(top.Path, name);
                    if (!top.Names!.Add(name)) map._duplicates.Add((path, name));
                    stack.Push(top with { Pending = path });
                    map.Record(path, (int)reader.TokenStartIndex, utf8, lineStarts);
                    continue;
                }
                if (reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray)
                {
                    stack.Pop();
                    continue;
                }
                string valuePath;
                if (stack.Count == 0) valuePath = JsonPath.Root;
                else
                {
                    var top = stack.Pop();
                    if (top.IsArray)
                    {
                        valuePath = JsonPath.Index(top.Path, top.Next);
                        stack.Push(top with { Next = top.Next + 1 });
                        map.Record(valuePath, (int)reader.TokenStartIndex, utf8, lineStarts);
                    }
                    else
                    {
                        valuePath = top.Pending ?? top.Path;
                        stack.Push(top);
                    }
                }
                if (reader.TokenType == JsonTokenType.StartObject) stack.Push((valuePath, false, 0, null, new HashSet<string>(StringComparer.Ordinal)));
                else if (reader.TokenType == JsonTokenType.StartArray) stack.Push((valuePath, true, 0, null, null));
                if (valuePath == JsonPath.Root) map.Record(valuePath, (int)reader.TokenStartIndex, utf8, lineStarts);
            }
        }
        catch (JsonException)
        {
            // The document failed to parse; positions read so far stay usable and the syntax error is reported separately.
        }
        return map;
    }

    private void Record(string path, int offset, ReadOnlySpan<byte> utf8, List<int> lineStarts)
    {
        var line = lineStarts.BinarySearch(offset);
        if (line < 0) line = ~line - 1;
        var column = 1;
        for (var i = lineStarts[line]; i < offset; i++) if ((utf8[i] & 0xC0) != 0x80) column++;
        _positions.TryAdd(path, (line + 1, column));
    }

    /// <summary>Position of <paramref name="path"/>, or of its nearest ancestor present in the file (for missing properties: their object).</summary>
    public (int Line, int Column)? Find(string path)
    {
        var p = path;
        while (true)
        {
            if (_positions.TryGetValue(p, out var pos)) return pos;
            var cut = Math.Max(p.LastIndexOf('.'), p.LastIndexOf('['));
            if (cut <= 0) return null;
            p = p[..cut];
        }
    }
}
