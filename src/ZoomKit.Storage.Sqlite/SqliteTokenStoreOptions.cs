namespace ZoomKit.Storage.Sqlite;

/// <summary>Where the SQLite token store keeps its file and key, and how long it waits for a lock.</summary>
public sealed class SqliteTokenStoreOptions
{
    /// <summary>The database file. Created, with its folder, on first use. Required.</summary>
    public string DatabasePath { get; set; } = "";

    /// <summary>
    /// The AES-256 key file, created with mode 0600 when missing. Default: the database path with
    /// <c>.key</c> appended. Ignored when a protector is given to the store.
    /// </summary>
    public string? KeyFilePath { get; set; }

    /// <summary>
    /// How long to wait for a connection's lock held by another process. Default 60 s, longer than
    /// a token request's deadline, so a waiter outlasts the refresh it waits for.
    /// </summary>
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(60);
}
