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
    /// How long to wait for a connection's lock held by another caller. Default 60 s, longer than
    /// a token request's deadline, so a waiter outlasts the refresh it waits for.
    /// </summary>
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long a connection's refresh lease lasts when its holder neither writes nor gives it back
    /// (the process died mid-refresh); then the next caller takes over, and learns from the refresh
    /// attempts file whether the dead holder may have reached Zoom. Default 45 s, longer than a
    /// token request's 30 s deadline.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(45);
}
