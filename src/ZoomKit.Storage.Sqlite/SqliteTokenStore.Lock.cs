using System.Globalization;
using Microsoft.Data.Sqlite;
using ZoomKit.Tokens;

namespace ZoomKit.Storage.Sqlite;

// The lock of a refresh (a BEGIN IMMEDIATE write transaction) and the refresh-attempts file it records in.
public sealed partial class SqliteTokenStore
{
    /// <summary>
    /// Runs one statement on the side file of records written outside a refresh's lock (refresh
    /// attempts, webhook deliveries; created on first use); returns the scalar or the rows changed.
    /// </summary>
    private async Task<long> ExecuteOnAttemptsAsync(string sql, (string Name, object Value)[] parameters, CancellationToken cancellationToken) =>
        await GuardAsync(async () =>
        {
            await using var db = new SqliteConnection(_attemptsConnectionString);
            await db.OpenAsync(cancellationToken);
            await using var command = db.CreateCommand();
            command.CommandText = $"""
                PRAGMA busy_timeout = {_busyTimeoutMs.ToString(CultureInfo.InvariantCulture)};
                CREATE TABLE IF NOT EXISTS zoomkit_refresh_attempts (
                    attempt_id TEXT PRIMARY KEY NOT NULL,
                    connection_id TEXT NOT NULL,
                    token_hash TEXT NOT NULL,
                    sent_at INTEGER NOT NULL
                ) STRICT;
                CREATE TABLE IF NOT EXISTS zoomkit_webhook_deliveries (
                    id TEXT PRIMARY KEY NOT NULL,
                    expires_at INTEGER NOT NULL
                ) STRICT;
                """;
            await command.ExecuteNonQueryAsync(cancellationToken);
            command.CommandText = sql;
            foreach (var (name, value) in parameters)
            {
                command.Parameters.AddWithValue(name, value);
            }
            if (sql.StartsWith("SELECT", StringComparison.Ordinal))
            {
                return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
            }
            return await command.ExecuteNonQueryAsync(cancellationToken);
        });

    private sealed class SqliteTokenLock(
        SqliteTokenStore store, SqliteConnection db, SqliteTransaction transaction, string connectionId, ZoomConnection? current) : TokenLockBase(current)
    {

        public override async ValueTask<ZoomConnection?> ReloadAsync(CancellationToken cancellationToken = default)
        {
            ObjectDisposedException.ThrowIf(IsFinished, this);
            Current = await store.GuardAsync(() => store.ReadAsync(db, transaction, connectionId, cancellationToken));
            return Current;
        }

        public override async ValueTask<ZoomConnection?> TryReplaceAsync(ZoomConnection replacement, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(replacement);
            ObjectDisposedException.ThrowIf(IsFinished, this);
            if (Current is null)
            {
                await FinishAsync();
                return null;
            }
            var written = replacement with { Id = connectionId, Version = Current.Version + 1, UpdatedAt = store._time.GetUtcNow() };
            return await store.GuardAsync(async () =>
            {
                try
                {
                    if (!await store.WriteAsync(db, transaction, written, Current.Version, cancellationToken))
                    {
                        return null;
                    }
                    // Durable before anyone uses the new tokens: the old refresh token is already dead at Zoom.
                    await transaction.CommitAsync(cancellationToken);
                    var rotated = written.RefreshToken != Current.RefreshToken;
                    Current = written;
                    if (rotated)
                    {
                        // Attempts with the old refresh token no longer tell anything.
                        await store.ExecuteOnAttemptsAsync("DELETE FROM zoomkit_refresh_attempts WHERE connection_id = $connection", [("$connection", connectionId)], cancellationToken);
                    }
                    return written;
                }
                finally
                {
                    await FinishAsync();
                }
            });
        }

        // Recorded in the attempts file, committed at once: the lock's transaction dies with its process, and the record must outlive it.
        public override async ValueTask RecordRefreshAttemptAsync(string attemptId, string refreshTokenHash, CancellationToken cancellationToken = default) =>
            await store.ExecuteOnAttemptsAsync(
                "INSERT OR IGNORE INTO zoomkit_refresh_attempts (attempt_id, connection_id, token_hash, sent_at) VALUES ($attempt, $connection, $hash, $sent)",
                [("$attempt", attemptId), ("$connection", connectionId), ("$hash", refreshTokenHash), ("$sent", store._time.GetUtcNow().ToUnixTimeMilliseconds())], cancellationToken);

        public override async ValueTask CompleteRefreshAttemptAsync(string attemptId, CancellationToken cancellationToken = default) =>
            await store.ExecuteOnAttemptsAsync("DELETE FROM zoomkit_refresh_attempts WHERE attempt_id = $attempt", [("$attempt", attemptId)], cancellationToken);

        public override async ValueTask<bool> HasUnfinishedRefreshAttemptAsync(string attemptId, string refreshTokenHash, CancellationToken cancellationToken = default) =>
            await store.ExecuteOnAttemptsAsync(
                "SELECT EXISTS (SELECT 1 FROM zoomkit_refresh_attempts WHERE connection_id = $connection AND token_hash = $hash AND attempt_id <> $attempt)",
                [("$connection", connectionId), ("$hash", refreshTokenHash), ("$attempt", attemptId)], cancellationToken) > 0;

        protected override async ValueTask ReleaseAsync()
        {
            // Disposing an uncommitted transaction rolls it back and ends the write lock.
            await transaction.DisposeAsync();
            await db.DisposeAsync();
        }
    }
}
