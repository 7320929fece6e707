using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace MisuseLab.Storage.Audit;

/// <summary>
/// The audit chain's HMAC-SHA256 keys by id and the id new entries use. Verifying needs every key that ever wrote an
/// entry (keep retired keys in the ring); appending needs only the current one.
/// </summary>
public sealed partial class AuditKeyRing
{
    public const int MinKeyBytes = 32;

    private readonly Dictionary<string, byte[]> _keys;

    public AuditKeyRing(string currentKeyId, IReadOnlyDictionary<string, byte[]> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        _keys = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (id, key) in keys)
        {
            if (!IdPattern().IsMatch(id))
                throw new AuditKeyException($"Audit key id '{id}' must be 1-40 letters, digits, '-' or '_'.");
            if (key.Length < MinKeyBytes)
                throw new AuditKeyException($"Audit key '{id}' has {key.Length} bytes; expected at least {MinKeyBytes} (e.g. `openssl rand -base64 32`).");
            _keys[id] = key.ToArray();
        }
        if (!_keys.ContainsKey(currentKeyId))
            throw new AuditKeyException($"The current audit key id '{currentKeyId}' (MisuseLab:Audit:KeyId) is not among the configured keys ({string.Join(", ", _keys.Keys.Order(StringComparer.Ordinal))}).");
        CurrentKeyId = currentKeyId;
    }

    public string CurrentKeyId { get; }

    public IReadOnlyCollection<string> KeyIds => _keys.Keys;

    public bool TryGetKey(string keyId, out byte[] key) => _keys.TryGetValue(keyId, out key!);

    internal byte[] CurrentKey => _keys[CurrentKeyId];

    /// <summary>A fresh random key that lives as long as the process (tests; nothing it signs verifies after a restart).</summary>
    public static AuditKeyRing Generate()
    {
        var key = RandomNumberGenerator.GetBytes(MinKeyBytes);
        var id = "generated-" + Convert.ToHexStringLower(SHA256.HashData(key))[..8];
        return new AuditKeyRing(id, new Dictionary<string, byte[]> { [id] = key });
    }

    /// <summary>
    /// The keys from configuration, or null when none is configured. <paramref name="baseDirectory"/> resolves a relative
    /// <see cref="AuditKeyOptions.KeyFile"/>.
    /// </summary>
    public static AuditKeyRing? FromOptions(AuditKeyOptions options, string baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(options);
        var keys = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        string? lastFileKey = null;
        if (!string.IsNullOrWhiteSpace(options.KeyFile))
        {
            var path = Path.GetFullPath(options.KeyFile, baseDirectory);
            if (!File.Exists(path))
                throw new AuditKeyException($"MisuseLab:Audit:KeyFile names '{path}', which does not exist.");
            lastFileKey = ReadKeyFile(path, keys);
        }
        foreach (var (id, base64) in options.Keys)
        {
            keys[id] = Decode(base64, $"MisuseLab:Audit:Keys:{id}");
        }
        if (keys.Count == 0) return null;
        var current = options.KeyId ?? lastFileKey ?? (keys.Count == 1 ? keys.Keys.Single()
            : throw new AuditKeyException($"Several audit keys are configured ({string.Join(", ", keys.Keys.Order(StringComparer.Ordinal))}); set MisuseLab:Audit:KeyId to the one new entries use."));
        return new AuditKeyRing(current, keys);
    }

    /// <summary>Reads <paramref name="path"/>, creating it with one random key first if it does not exist (Development).</summary>
    public static AuditKeyRing LoadOrCreateFile(string path)
    {
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            var key = RandomNumberGenerator.GetBytes(MinKeyBytes);
            var id = "dev-" + Convert.ToHexStringLower(SHA256.HashData(key))[..8];
            try
            {
                // CreateNew: when two processes start at once, one writes the key and the other reads that one.
                using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
                using var writer = new StreamWriter(stream);
                writer.Write($"{id}={Convert.ToBase64String(key)}\n");
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process created it first; use its key.
            }
        }
        var keys = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var last = ReadKeyFile(path, keys) ?? throw new AuditKeyException($"Audit key file '{path}' holds no 'id=base64' line.");
        return new AuditKeyRing(last, keys);
    }

    private static string? ReadKeyFile(string path, Dictionary<string, byte[]> keys)
    {
        string? last = null;
        var lineNumber = 0;
        foreach (var raw in File.ReadLines(path))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
                throw new AuditKeyException(string.Create(CultureInfo.InvariantCulture, $"Audit key file '{path}' line {lineNumber}: expected 'id=base64', found no '='."));
            var id = line[..equals].Trim();
            keys[id] = Decode(line[(equals + 1)..].Trim(), string.Create(CultureInfo.InvariantCulture, $"'{path}' line {lineNumber}"));
            last = id;
        }
        return last;
    }

    private static byte[] Decode(string base64, string where)
    {
        try
        {
            return Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            throw new AuditKeyException($"Audit key at {where} is not base64.");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,40}$")]
    private static partial Regex IdPattern();
}

/// <summary>The audit keys are missing or malformed; the message names the setting.</summary>
public sealed class AuditKeyException(string message) : StorageException(message);
