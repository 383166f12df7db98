using System.Globalization;
using Microsoft.Data.Sqlite;
using ZoomKit.Tokens;

namespace ZoomKit.Storage.Sqlite;

// The refresh lease of a connection (a row recorded in short transactions, never held across the HTTP call) and the refresh-attempts file it records in.
public sealed partial class SqliteTokenStore
{
    private const string AttemptsSchema = """
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

    private volatile bool _attemptsReady;

    /// <summary>
    /// Runs one statement on the side file of records written outside a refresh's lock (refresh
    /// attempts, webhook deliveries; created on first use); returns the scalar or the rows changed.
    /// </summary>
    private async Task<long> ExecuteOnAttemptsAsync(string sql, (string Name, object Value)[] parameters, CancellationToken cancellationToken) =>
        await GuardAsync(async () =>
        {
            EnsureFiles();
            await using var db = new SqliteConnection(_attemptsConnectionString);
            await db.OpenAsync(cancellationToken);
            await using var command = db.CreateCommand();
            // WAL with synchronous NORMAL: a record survives the death of its process (the case it is
            // for) without a disk flush per statement; a power cut takes every process with it, and at
            // worst a later refusal is reported as RefreshTokenRejected instead of RefreshResponseLost.
            // The file's mode and tables once per store; a connection's own settings on every open.
            command.CommandText = $"PRAGMA busy_timeout = {_busyTimeoutMs.ToString(CultureInfo.InvariantCulture)}; PRAGMA synchronous = NORMAL";
            await command.ExecuteNonQueryAsync(cancellationToken);
            if (!_attemptsReady)
            {
                // Statements of their own: in one batch after a statement that returns a row (as these
                // pragmas do), Microsoft.Data.Sqlite drops the error of a later one, such as a CREATE
                // that stayed locked out, and the tables would be taken as made.
                command.CommandText = "PRAGMA journal_mode = WAL";
                await command.ExecuteScalarAsync(cancellationToken);
                command.CommandText = AttemptsSchema;
                await command.ExecuteNonQueryAsync(cancellationToken);
                _attemptsReady = true;
            }
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
        }, _path + ".attempts");

    /// <summary>
    /// Takes the connection's refresh lease if no live one is there: a look without the write lock
    /// (what waiters mostly do), then one conditional upsert, a statement of its own, so the file's
    /// write lock is held for microseconds. Never held across the refresh's HTTP call: refreshes of
    /// other connections in the same file go on meanwhile. A lease whose holder died is taken over at
    /// once when that is certain (<see cref="LeaseHolder"/>), else when it runs out.
    /// </summary>
    private async Task<(bool Taken, ZoomConnection? Current)> TryTakeLeaseAsync(string connectionId, string holder, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken, durable: false);
        var now = _time.GetUtcNow();
        var (held, deadHolder) = await LookAtLeaseAsync(db, connectionId, now, cancellationToken);
        if (held)
        {
            return (false, null);
        }
        await using (var take = db.CreateCommand())
        {
            // Taken only if, at the moment of writing, the lease is still free, run out, or the dead holder's.
            take.CommandText = """
                INSERT INTO zoomkit_leases (connection_id, holder, expires_at, holder_pid, holder_scope)
                VALUES ($id, $holder, $until, $pid, $scope)
                ON CONFLICT (connection_id) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at,
                    holder_pid = excluded.holder_pid, holder_scope = excluded.holder_scope
                WHERE zoomkit_leases.expires_at <= $now OR zoomkit_leases.holder = $dead
                """;
            take.Parameters.AddWithValue("$id", connectionId);
            take.Parameters.AddWithValue("$holder", holder);
            take.Parameters.AddWithValue("$until", (now + _leaseDuration).ToUnixTimeMilliseconds());
            take.Parameters.AddWithValue("$pid", (long)Environment.ProcessId);
            take.Parameters.AddWithValue("$scope", (object?)LeaseHolder.Scope ?? DBNull.Value);
            take.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
            take.Parameters.AddWithValue("$dead", (object?)deadHolder ?? DBNull.Value);
            if (await take.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                return (false, null);
            }
        }
        // Read after taking: whatever a holder before this one wrote is in.
        return (true, await ReadAsync(db, null, connectionId, cancellationToken));
    }

    /// <summary>Whether a live caller holds the connection's lease now: a look, nothing written.</summary>
    private async Task<bool> IsLeaseHeldAsync(string connectionId, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken, durable: false);
        return (await LookAtLeaseAsync(db, connectionId, _time.GetUtcNow(), cancellationToken)).Held;
    }

    /// <summary>
    /// The connection's lease as recorded: held (not run out, and its holder alive or not known to
    /// be gone), or the holder that died with it still recorded, or neither.
    /// </summary>
    private static async Task<(bool Held, string? DeadHolder)> LookAtLeaseAsync(SqliteConnection db, string connectionId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var look = db.CreateCommand();
        look.CommandText = "SELECT holder, expires_at, holder_pid, holder_scope FROM zoomkit_leases WHERE connection_id = $id";
        look.Parameters.AddWithValue("$id", connectionId);
        await using var reader = await look.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken) || reader.GetInt64(1) <= now.ToUnixTimeMilliseconds())
        {
            return (false, null);
        }
        return LeaseHolder.IsGone(reader.GetInt64(2), reader.IsDBNull(3) ? null : reader.GetString(3))
            ? (false, reader.GetString(0))
            : (true, null);
    }

    /// <summary>The connections whose lease is held now (recorded and not run out): one read for all the waiters of the process.</summary>
    private async Task<IReadOnlySet<string>> ReadHeldLeasesAsync() =>
        await GuardAsync(async () =>
        {
            await using var db = await OpenAsync(CancellationToken.None, durable: false);
            await using var look = db.CreateCommand();
            look.CommandText = "SELECT connection_id FROM zoomkit_leases WHERE expires_at > $now";
            look.Parameters.AddWithValue("$now", _time.GetUtcNow().ToUnixTimeMilliseconds());
            await using var reader = await look.ExecuteReaderAsync();
            var held = new HashSet<string>(StringComparer.Ordinal);
            while (await reader.ReadAsync())
            {
                held.Add(reader.GetString(0));
            }
            return (IReadOnlySet<string>)held;
        });

    private static async Task ReleaseLeaseAsync(SqliteConnection db, SqliteTransaction? transaction, string connectionId, string holder, CancellationToken cancellationToken)
    {
        await using var release = db.CreateCommand();
        release.Transaction = transaction;
        release.CommandText = "DELETE FROM zoomkit_leases WHERE connection_id = $id AND holder = $holder";
        release.Parameters.AddWithValue("$id", connectionId);
        release.Parameters.AddWithValue("$holder", holder);
        await release.ExecuteNonQueryAsync(cancellationToken);
    }

    private sealed class SqliteTokenLock(SqliteTokenStore store, string connectionId, string holder, ZoomConnection? current) : TokenLockBase(current)
    {
        private bool _leaseReleased;
        // An attempt Zoom answered, and whether the refresh token changed: what is forgotten as the lock ends.
        private string? _answeredAttempt;
        private bool _rotated;

        public override async ValueTask<ZoomConnection?> ReloadAsync(CancellationToken cancellationToken = default)
        {
            ObjectDisposedException.ThrowIf(IsFinished, this);
            Current = await store.GetAsync(connectionId, cancellationToken);
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
                    // Compare-and-swap on the version, and the lease given back, in one short transaction:
                    // the tokens Zoom just returned are kept even if the lease ran out meanwhile, unless
                    // another writer got there first.
                    await using var db = await store.OpenAsync(cancellationToken);
                    await using var transaction = (SqliteTransaction)await db.BeginTransactionAsync(cancellationToken);
                    if (!await store.WriteAsync(db, transaction, written, Current.Version, cancellationToken))
                    {
                        return null;
                    }
                    await ReleaseLeaseAsync(db, transaction, connectionId, holder, cancellationToken);
                    // Durable before anyone uses the new tokens: the old refresh token is already dead at Zoom.
                    await transaction.CommitAsync(cancellationToken);
                    _leaseReleased = true;
                    // Attempts with the old refresh token no longer tell anything: all forgotten as the lock ends.
                    _rotated = written.RefreshToken != Current.RefreshToken;
                    Current = written;
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

        // Nothing written yet: the record is forgotten as the lock ends, after Zoom's answer is kept (one
        // commit fewer on the refresh's path, and no write between Zoom's answer and keeping its tokens).
        // A process that dies in between leaves the attempt unfinished, as the answer then was lost.
        public override ValueTask CompleteRefreshAttemptAsync(string attemptId, CancellationToken cancellationToken = default)
        {
            ObjectDisposedException.ThrowIf(IsFinished, this);
            _answeredAttempt = attemptId;
            return ValueTask.CompletedTask;
        }

        public override async ValueTask<bool> HasUnfinishedRefreshAttemptAsync(string attemptId, string refreshTokenHash, CancellationToken cancellationToken = default) =>
            await store.ExecuteOnAttemptsAsync(
                "SELECT EXISTS (SELECT 1 FROM zoomkit_refresh_attempts WHERE connection_id = $connection AND token_hash = $hash AND attempt_id <> $attempt)",
                [("$connection", connectionId), ("$hash", refreshTokenHash), ("$attempt", attemptId)], cancellationToken) > 0;

        /// <summary>
        /// Forgets the connection's attempts (after a rotation) or the one Zoom answered. After the record
        /// is written, so never a reason to fail: an attempt left behind names a refresh token Zoom answered.
        /// </summary>
        private async Task ForgetAnsweredAsync()
        {
            var answered = _answeredAttempt;
            _answeredAttempt = null;
            if (!_rotated && answered is null)
            {
                return;
            }
            try
            {
                await (_rotated
                    ? store.ExecuteOnAttemptsAsync("DELETE FROM zoomkit_refresh_attempts WHERE connection_id = $connection", [("$connection", connectionId)], CancellationToken.None)
                    : store.ExecuteOnAttemptsAsync("DELETE FROM zoomkit_refresh_attempts WHERE attempt_id = $attempt", [("$attempt", answered!)], CancellationToken.None));
            }
            catch (ZoomTokenStoreException)
            {
                // The attempts file is locked or unwritable now; the record stays, telling no more than it did.
            }
        }

        protected override async ValueTask ReleaseAsync()
        {
            if (!_leaseReleased)
            {
                try
                {
                    await using var db = await store.OpenAsync(CancellationToken.None, durable: false);
                    await ReleaseLeaseAsync(db, null, connectionId, holder, CancellationToken.None);
                }
                catch (Exception e) when (e is SqliteException or ZoomTokenStoreException)
                {
                    // The file cannot be written now: the lease runs out on its own, and the next caller takes over then.
                }
            }
            store._leaseWaits.Signal(connectionId);
            await ForgetAnsweredAsync();
        }
    }
}
