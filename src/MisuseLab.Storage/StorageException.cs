namespace MisuseLab.Storage;

/// <summary>Base of every error raised by MisuseLab.Storage.</summary>
public class StorageException : Exception
{
    public StorageException(string message) : base(message) { }
    public StorageException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>The database options cannot be used (unknown provider, missing connection string, ...).</summary>
public sealed class StorageConfigurationException(string message) : StorageException(message);

/// <summary>A migration file is malformed, failed to apply, or disagrees with what the database recorded.</summary>
public sealed class MigrationException : StorageException
{
    public MigrationException(string message) : base(message) { }
    public MigrationException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>An insert would break a unique constraint (e.g. a second account with the same e-mail).</summary>
public sealed class DuplicateKeyException(string message, Exception inner) : StorageException(message, inner);
