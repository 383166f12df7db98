using Microsoft.Data.Sqlite;
using Npgsql;

namespace ZoomKit.App.Feeds;

/// <summary>
/// Each person's calendar feed link: the SHA-256 of its secret (to find the person from a URL, the
/// secret itself is never stored in the clear) and the secret protected by Data Protection (to show
/// the URL again). One link per person; a new one replaces the old, which then finds no one.
/// </summary>
public abstract class FeedLinkStore
{
    /// <summary>The person whose link's secret hashes to <paramref name="hash"/>, or null.</summary>
    public abstract Task<string?> FindUserAsync(byte[] hash, CancellationToken cancellationToken);

    /// <summary>The person's protected secret, or null when they have no link.</summary>
    public abstract Task<string?> ProtectedSecretAsync(string userId, CancellationToken cancellationToken);

    /// <summary>Sets the person's link, replacing any older one.</summary>
    public abstract Task ReplaceAsync(string userId, byte[] hash, string protectedSecret, CancellationToken cancellationToken);

    /// <summary>Removes the person's link (they disconnected Zoom or removed the app).</summary>
    public abstract Task DeleteAsync(string userId, CancellationToken cancellationToken);

    private Task? _schema;

    /// <summary>Creates the table once; a failure (the database down) is tried again by the next call.</summary>
    protected Task SchemaAsync()
    {
        var schema = _schema ??= CreateSchemaAsync();
        if (schema.IsFaulted || schema.IsCanceled)
        {
            _schema = null;
        }
        return schema;
    }

    /// <summary>Creates the table when it is missing.</summary>
    protected abstract Task CreateSchemaAsync();
}

/// <summary>The links in a SQLite file of the app's data folder (<c>zoomkit-feeds.db</c>).</summary>
public sealed class SqliteFeedLinkStore : FeedLinkStore
{
    private readonly string _connectionString;

    public SqliteFeedLinkStore(string path) => _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true }.ToString();

    protected override Task CreateSchemaAsync() => RunAsync("CREATE TABLE IF NOT EXISTS feed_links (user_id TEXT PRIMARY KEY, secret_hash BLOB NOT NULL UNIQUE, protected_secret TEXT NOT NULL)", _ => { }, CancellationToken.None);

    public override async Task<string?> FindUserAsync(byte[] hash, CancellationToken cancellationToken) =>
        await ScalarAsync("SELECT user_id FROM feed_links WHERE secret_hash = $hash", c => c.Parameters.AddWithValue("$hash", hash), cancellationToken);

    public override async Task<string?> ProtectedSecretAsync(string userId, CancellationToken cancellationToken) =>
        await ScalarAsync("SELECT protected_secret FROM feed_links WHERE user_id = $user", c => c.Parameters.AddWithValue("$user", userId), cancellationToken);

    public override Task ReplaceAsync(string userId, byte[] hash, string protectedSecret, CancellationToken cancellationToken) =>
        ExecuteAsync("INSERT INTO feed_links (user_id, secret_hash, protected_secret) VALUES ($user, $hash, $secret) ON CONFLICT (user_id) DO UPDATE SET secret_hash = excluded.secret_hash, protected_secret = excluded.protected_secret", c =>
        {
            c.Parameters.AddWithValue("$user", userId);
            c.Parameters.AddWithValue("$hash", hash);
            c.Parameters.AddWithValue("$secret", protectedSecret);
        }, cancellationToken);

    public override Task DeleteAsync(string userId, CancellationToken cancellationToken) =>
        ExecuteAsync("DELETE FROM feed_links WHERE user_id = $user", c => c.Parameters.AddWithValue("$user", userId), cancellationToken);

    private async Task<string?> ScalarAsync(string sql, Action<SqliteCommand> bind, CancellationToken cancellationToken)
    {
        await SchemaAsync();
        return await RunAsync(sql, bind, async c => await c.ExecuteScalarAsync(cancellationToken) as string, cancellationToken);
    }

    private async Task ExecuteAsync(string sql, Action<SqliteCommand> bind, CancellationToken cancellationToken)
    {
        await SchemaAsync();
        await RunAsync(sql, bind, cancellationToken);
    }

    private Task<int> RunAsync(string sql, Action<SqliteCommand> bind, CancellationToken cancellationToken) =>
        RunAsync(sql, bind, c => c.ExecuteNonQueryAsync(cancellationToken), cancellationToken);

    // One connection and command per statement, whatever it answers.
    private async Task<T> RunAsync<T>(string sql, Action<SqliteCommand> bind, Func<SqliteCommand, Task<T>> run, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        bind(command);
        return await run(command);
    }
}

/// <summary>The links in PostgreSQL (<c>zoomkit_feed_links</c>), beside the tokens: every instance finds them.</summary>
public sealed class PostgresFeedLinkStore(NpgsqlDataSource dataSource) : FeedLinkStore
{
    protected override async Task CreateSchemaAsync()
    {
        await using var command = dataSource.CreateCommand("CREATE TABLE IF NOT EXISTS zoomkit_feed_links (user_id text PRIMARY KEY, secret_hash bytea NOT NULL UNIQUE, protected_secret text NOT NULL)");
        await command.ExecuteNonQueryAsync();
    }

    public override async Task<string?> FindUserAsync(byte[] hash, CancellationToken cancellationToken) =>
        await ScalarAsync("SELECT user_id FROM zoomkit_feed_links WHERE secret_hash = $1", [hash], cancellationToken);

    public override async Task<string?> ProtectedSecretAsync(string userId, CancellationToken cancellationToken) =>
        await ScalarAsync("SELECT protected_secret FROM zoomkit_feed_links WHERE user_id = $1", [userId], cancellationToken);

    public override Task ReplaceAsync(string userId, byte[] hash, string protectedSecret, CancellationToken cancellationToken) =>
        ExecuteAsync("INSERT INTO zoomkit_feed_links (user_id, secret_hash, protected_secret) VALUES ($1, $2, $3) ON CONFLICT (user_id) DO UPDATE SET secret_hash = excluded.secret_hash, protected_secret = excluded.protected_secret", [userId, hash, protectedSecret], cancellationToken);

    public override Task DeleteAsync(string userId, CancellationToken cancellationToken) =>
        ExecuteAsync("DELETE FROM zoomkit_feed_links WHERE user_id = $1", [userId], cancellationToken);

    private async Task<string?> ScalarAsync(string sql, object[] values, CancellationToken cancellationToken)
    {
        await SchemaAsync();
        await using var command = Command(sql, values);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    private async Task ExecuteAsync(string sql, object[] values, CancellationToken cancellationToken)
    {
        await SchemaAsync();
        await using var command = Command(sql, values);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private NpgsqlCommand Command(string sql, object[] values)
    {
        var command = dataSource.CreateCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }
        return command;
    }
}
