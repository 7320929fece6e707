using System.IO.Compression;
using System.Security.Cryptography;

namespace MisuseLab.Learning.MlNet;

/// <summary>
/// ML.NET's model file in a canonical form: <c>MLContext.Model.Save</c> stamps every zip entry with the time of saving,
/// so two saves of one model differ in their bytes. Here each entry is rewritten, in ML.NET's order and with its own
/// bytes, under one fixed time stamp; what remains is a function of the model, so its SHA-256 identifies the model
/// file a study used, and the file still loads with <c>MLContext.Model.Load</c>.
/// </summary>
public static class MlNetModelZip
{
    /// <summary>The time stamp of every entry: the earliest a zip can record (1980-01-01, local time in the format).</summary>
    private static readonly DateTimeOffset Stamp = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The model's zip (with its input schema), canonical.</summary>
    public static byte[] Bytes(MlNetBinaryModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var saved = new MemoryStream();
        model.Context.Model.Save(model.Transformer, model.InputSchema, saved);
        return Canonical(saved.ToArray());
    }

    /// <summary>SHA-256 of <see cref="Bytes"/>, 64 lower-case hex digits.</summary>
    public static string Sha256(MlNetBinaryModel model) => Convert.ToHexStringLower(SHA256.HashData(Bytes(model)));

    /// <summary>Rewrites a zip with every entry's time set to one fixed stamp; entry order, names and contents are kept.</summary>
    public static byte[] Canonical(byte[] zip)
    {
        ArgumentNullException.ThrowIfNull(zip);
        using var output = new MemoryStream();
        using (var source = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read))
        using (var target = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in source.Entries)
            {
                var copy = target.CreateEntry(entry.FullName, CompressionLevel.Optimal);
                copy.LastWriteTime = Stamp;
                using var from = entry.Open();
                using var to = copy.Open();
                from.CopyTo(to);
            }
        }
        return output.ToArray();
    }
}
