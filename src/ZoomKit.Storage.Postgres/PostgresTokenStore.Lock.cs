using System.Data;
using System.Globalization;
using Npgsql;
using NpgsqlTypes;
using ZoomKit.Tokens;

namespace ZoomKit.Storage.Postgres;

// The lock of a refresh: the row, taken with SELECT … FOR UPDATE in the refresh's own transaction.
public sealed partial class PostgresTokenStore
{
    private sealed class PostgresTokenLock(PostgresTokenStore store, NpgsqlConnection db, NpgsqlTransaction transaction, string connectionId, ZoomConnection? current) : TokenLockBase(current)
    {

        public override async ValueTask<ZoomConnection?> ReloadAsync(CancellationToken cancellationToken = default)
        {
            ObjectDisposedException.ThrowIf(IsFinished, this);
            // On the lock's own connection: a broken one means the lock is gone, so no second try.
            Current = await store.GuardAsync(() => store.ReadAsync(db, transaction, connectionId, forUpdate: true, cancellationToken), retry: false);
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
                    await using var command = new NpgsqlCommand($"""
                        UPDATE zoomkit_connections SET kind = $2, account_id = $3, access_token = $4, refresh_token = $5,
                            access_token_expires_at = $6, scopes = $7, reauth_reason = $8, reauth_detail = $9, reauth_since = $10,
                            refresh_outcome_unknown_since = $11, updated_at = $12, zoom_user_id = $13, api_url = $14, connected_at = $15, session_stamp = $16, version = $17
                        WHERE id = $1 AND version = $18
                        """, db, transaction);
                    store.AddValues(command, written);
                    command.Parameters.AddWithValue(written.Version);
                    command.Parameters.AddWithValue(Current.Version);
                    if (await command.ExecuteNonQueryAsync(cancellationToken) != 1)
                    {
                        return null;
                    }
                    if (written.RefreshToken != Current.RefreshToken)
                    {
                        // Rotated: attempts with the old refresh token no longer tell anything.
                        await using var forget = new NpgsqlCommand("DELETE FROM zoomkit_refresh_attempts WHERE connection_id = $1", db, transaction);
                        forget.Parameters.AddWithValue(connectionId);
                        await forget.ExecuteNonQueryAsync(cancellationToken);
                    }
                    // Durable before anyone uses the new tokens: the old refresh token is already dead at Zoom.
                    await transaction.CommitAsync(cancellationToken);
                    Current = written;
                    return written;
                }
                finally
                {
                    await FinishAsync();
                }
            }, retry: false);
        }

        // Attempts are written on a connection of their own, committed at once: the row lock's
        // transaction dies with its process, and the record must outlive it.
        public override async ValueTask RecordRefreshAttemptAsync(string attemptId, string refreshTokenHash, CancellationToken cancellationToken = default) =>
            await store.GuardAsync(async () =>
            {
                await using var db = await store.OpenAttemptsAsync(cancellationToken);
                await using var command = new NpgsqlCommand("INSERT INTO zoomkit_refresh_attempts (attempt_id, connection_id, token_hash) VALUES ($1, $2, $3) ON CONFLICT (attempt_id) DO NOTHING", db);
                command.Parameters.AddWithValue(attemptId);
                command.Parameters.AddWithValue(connectionId);
                command.Parameters.AddWithValue(refreshTokenHash);
                return await command.ExecuteNonQueryAsync(cancellationToken);
            });

        public override async ValueTask CompleteRefreshAttemptAsync(string attemptId, CancellationToken cancellationToken = default) =>
            await store.GuardAsync(async () =>
            {
                await using var db = await store.OpenAttemptsAsync(cancellationToken);
                await using var command = new NpgsqlCommand("DELETE FROM zoomkit_refresh_attempts WHERE attempt_id = $1", db);
                command.Parameters.AddWithValue(attemptId);
                return await command.ExecuteNonQueryAsync(cancellationToken);
            });

        public override async ValueTask<bool> HasUnfinishedRefreshAttemptAsync(string attemptId, string refreshTokenHash, CancellationToken cancellationToken = default) =>
            await store.GuardAsync(async () =>
            {
                await using var db = await store.OpenAttemptsAsync(cancellationToken);
                await using var command = new NpgsqlCommand(
                    "SELECT EXISTS (SELECT 1 FROM zoomkit_refresh_attempts WHERE connection_id = $1 AND token_hash = $2 AND attempt_id <> $3)", db);
                command.Parameters.AddWithValue(connectionId);
                command.Parameters.AddWithValue(refreshTokenHash);
                command.Parameters.AddWithValue(attemptId);
                return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
            });

        protected override async ValueTask ReleaseAsync()
        {
            await transaction.DisposeAsync();
            await db.DisposeAsync();
        }
    }
}
