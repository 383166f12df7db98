namespace ZoomKit.Storage.Postgres;

/// <summary>Where the PostgreSQL token store keeps its rows, and how long a refresh waits for another's.</summary>
public sealed class PostgresTokenStoreOptions
{
    /// <summary>An Npgsql connection string; empty to use the app's <c>NpgsqlDataSource</c> from its services.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>
    /// How long to wait for a connection's row lock held by another instance (PostgreSQL's
    /// <c>lock_timeout</c>). Default 60 s, longer than a token request's 30 s deadline, so a waiter
    /// outlasts the refresh it waits for.
    /// </summary>
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(60);
}
