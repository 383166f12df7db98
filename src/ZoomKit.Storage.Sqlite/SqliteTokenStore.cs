using System.Globalization;
using Microsoft.Data.Sqlite;
using ZoomKit.Tokens;

namespace ZoomKit.Storage.Sqlite;

/// <summary>
/// The embedded token store: one SQLite file in WAL mode. A connection's lock is a write
/// transaction (<c>BEGIN IMMEDIATE</c>), which SQLite makes exclusive across every process on the
/// machine; readers are never blocked. Tokens are encrypted before they reach the file.
/// </summary>
public sealed class SqliteTokenStore : ITokenStore, IDisposable
{
    private const int SchemaVersion = 2;

    private readonly string _connectionString;
    private readonly string _path;
    // Refresh attempts live in a file of their own: the main file is write-locked by the refresh that
    // records one, and the record must be durable before the token request leaves, outliving a killed process.
    private readonly string _attemptsConnectionString;
    private readonly ITokenProtector _protector;
    private readonly bool _ownsProtector;
    private readonly TimeProvider _time;
    private readonly int _busyTimeoutMs;
    private readonly SemaphoreSlim _schemaGate = new(1, 1);
    private volatile bool _schemaReady;

    /// <summary>Creates the store; the file and schema are created on first use.</summary>
    /// <param name="options">Paths and lock timeout.</param>
    /// <param name="protector">Encrypts tokens; default AES-256-GCM with the key file of <paramref name="options"/>.</param>
    /// <param name="timeProvider">Stamps writes.</param>
    public SqliteTokenStore(SqliteTokenStoreOptions options, ITokenProtector? protector = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.DatabasePath))
        {
            throw new ArgumentException("SqliteTokenStoreOptions.DatabasePath is required: the token database file.", nameof(options));
        }
        if (options.LockTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("SqliteTokenStoreOptions.LockTimeout must be positive.", nameof(options));
        }
        _path = Path.GetFullPath(options.DatabasePath);
        _busyTimeoutMs = (int)options.LockTimeout.TotalMilliseconds;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = _path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = (int)Math.Ceiling(options.LockTimeout.TotalSeconds),
        }.ToString();
        _attemptsConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = _path + ".attempts",
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = (int)Math.Ceiling(options.LockTimeout.TotalSeconds),
        }.ToString();
        _ownsProtector = protector is null;
        _protector = protector ?? AesGcmTokenProtector.FromKeyFile(options.KeyFilePath ?? _path + ".key");
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The database file.</summary>
    public string DatabasePath => _path;

    /// <inheritdoc />
    public async ValueTask<ZoomConnection?> GetAsync(string connectionId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionId);
        return await GuardAsync(async () =>
        {
            await using var connection = await OpenAsync(cancellationToken);
            return await ReadAsync(connection, null, connectionId, cancellationToken);
        });
    }

    /// <inheritdoc />
    public async ValueTask<ZoomConnection> SaveAsync(ZoomConnection connection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return await GuardAsync(async () =>
        {
            await using var db = await OpenAsync(cancellationToken);
            await using var transaction = (SqliteTransaction)await db.BeginTransactionAsync(cancellationToken);
            var existing = await ReadVersionAsync(db, transaction, connection.Id, cancellationToken);
            var stored = connection with { Version = (existing ?? 0) + 1, UpdatedAt = _time.GetUtcNow() };
            await WriteAsync(db, transaction, stored, existing, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return stored;
        });
    }

    /// <inheritdoc />
    public async ValueTask<ITokenLock> LockAsync(string connectionId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionId);
        return await GuardAsync<ITokenLock>(async () =>
        {
            var db = await OpenAsync(cancellationToken);
            try
            {
                // BEGIN IMMEDIATE: the write lock is taken now, not at the first write, so two
                // processes cannot both read the same refresh token and both send it.
                var transaction = (SqliteTransaction)await db.BeginTransactionAsync(cancellationToken);
                var current = await ReadAsync(db, transaction, connectionId, cancellationToken);
                return new SqliteTokenLock(this, db, transaction, connectionId, current);
            }
            catch
            {
                await db.DisposeAsync();
                throw;
            }
        });
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<ZoomConnection>> FindByZoomUserAsync(string zoomUserId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(zoomUserId);
        return await GuardAsync(async () =>
        {
            await using var db = await OpenAsync(cancellationToken);
            var ids = new List<string>();
            await using (var command = db.CreateCommand())
            {
                command.CommandText = "SELECT id FROM zoomkit_connections WHERE zoom_user_id = $user ORDER BY id";
                command.Parameters.AddWithValue("$user", zoomUserId);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    ids.Add(reader.GetString(0));
                }
            }
            var found = new List<ZoomConnection>();
            foreach (var id in ids)
            {
                if (await ReadAsync(db, null, id, cancellationToken) is { } connection)
                {
                    found.Add(connection);
                }
            }
            return (IReadOnlyList<ZoomConnection>)found;
        });
    }

    /// <inheritdoc />
    public async ValueTask<bool> DeleteAsync(string connectionId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionId);
        return await GuardAsync(async () =>
        {
            await using var db = await OpenAsync(cancellationToken);
            await using var command = db.CreateCommand();
            command.CommandText = "DELETE FROM zoomkit_connections WHERE id = $id";
            command.Parameters.AddWithValue("$id", connectionId);
            return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
        });
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _schemaGate.Dispose();
        if (_ownsProtector && _protector is IDisposable disposable)
        {
            disposable.Dispose();
        }
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var db = new SqliteConnection(_connectionString);
        try
        {
            await db.OpenAsync(cancellationToken);
            await using (var pragma = db.CreateCommand())
            {
                pragma.CommandText = $"PRAGMA busy_timeout = {_busyTimeoutMs.ToString(CultureInfo.InvariantCulture)}";
                await pragma.ExecuteNonQueryAsync(cancellationToken);
            }
            if (!_schemaReady)
            {
                await EnsureSchemaAsync(db, cancellationToken);
            }
            return db;
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }
    }

    private async Task EnsureSchemaAsync(SqliteConnection db, CancellationToken cancellationToken)
    {
        await _schemaGate.WaitAsync(cancellationToken);
        try
        {
            if (_schemaReady)
            {
                return;
            }
            await using var command = db.CreateCommand();
            command.CommandText = "PRAGMA journal_mode = WAL;";
            await command.ExecuteNonQueryAsync(cancellationToken);
            command.CommandText = "PRAGMA user_version;";
            var version = Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
            if (version > SchemaVersion)
            {
                throw new ZoomTokenStoreException($"The token database '{_path}' has schema version {version}, newer than this ZoomKit knows ({SchemaVersion}).");
            }
            command.CommandText = """
                CREATE TABLE IF NOT EXISTS zoomkit_connections (
                    id TEXT PRIMARY KEY NOT NULL,
                    kind INTEGER NOT NULL,
                    account_id TEXT NULL,
                    access_token BLOB NOT NULL,
                    refresh_token BLOB NULL,
                    access_token_expires_at INTEGER NOT NULL,
                    scopes TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    reauth_reason INTEGER NULL,
                    reauth_detail TEXT NULL,
                    reauth_since INTEGER NULL,
                    refresh_outcome_unknown_since INTEGER NULL,
                    updated_at INTEGER NOT NULL
                ) STRICT;
                """;
            await command.ExecuteNonQueryAsync(cancellationToken);
            if (version < 2)
            {
                // Version 2: who the connection is at Zoom. A file written by version 1 is upgraded in place.
                await using var upgrade = db.BeginTransaction();
                command.Transaction = upgrade;
                command.CommandText = "SELECT count(*) FROM pragma_table_info('zoomkit_connections') WHERE name = 'zoom_user_id'";
                if (Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) == 0)
                {
                    command.CommandText = """
                        ALTER TABLE zoomkit_connections ADD COLUMN zoom_user_id TEXT NULL;
                        ALTER TABLE zoomkit_connections ADD COLUMN api_url TEXT NULL;
                        ALTER TABLE zoomkit_connections ADD COLUMN connected_at INTEGER NULL;
                        """;
                    await command.ExecuteNonQueryAsync(cancellationToken);
                }
                command.CommandText = """
                    CREATE INDEX IF NOT EXISTS zoomkit_connections_zoom_user ON zoomkit_connections (zoom_user_id);
                    PRAGMA user_version = 2;
                    """;
                await command.ExecuteNonQueryAsync(cancellationToken);
                await upgrade.CommitAsync(cancellationToken);
            }
            _schemaReady = true;
        }
        finally
        {
            _schemaGate.Release();
        }
    }

    private static async Task<long?> ReadVersionAsync(SqliteConnection db, SqliteTransaction transaction, string id, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT version FROM zoomkit_connections WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is null or DBNull ? null : Convert.ToInt64(value, CultureInfo.InvariantCulture);
    }

    private async Task<ZoomConnection?> ReadAsync(SqliteConnection db, SqliteTransaction? transaction, string id, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            SELECT kind, account_id, access_token, refresh_token, access_token_expires_at, scopes, version,
                   reauth_reason, reauth_detail, reauth_since, refresh_outcome_unknown_since, updated_at,
                   zoom_user_id, api_url, connected_at
            FROM zoomkit_connections WHERE id = $id
            """;
        command.Parameters.AddWithValue("$id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }
        return new StoredConnection
        {
            Id = id,
            Kind = reader.GetInt32(0),
            AccountId = reader.IsDBNull(1) ? null : reader.GetString(1),
            AccessToken = (byte[])reader.GetValue(2),
            RefreshToken = reader.IsDBNull(3) ? null : (byte[])reader.GetValue(3),
            AccessTokenExpiresAt = FromUnixMs(reader.GetInt64(4)),
            Scopes = reader.GetString(5),
            Version = reader.GetInt64(6),
            ReauthorizationReason = reader.IsDBNull(7) ? null : reader.GetInt32(7),
            ReauthorizationDetail = reader.IsDBNull(8) ? null : reader.GetString(8),
            ReauthorizationSince = reader.IsDBNull(9) ? null : FromUnixMs(reader.GetInt64(9)),
            RefreshOutcomeUnknownSince = reader.IsDBNull(10) ? null : FromUnixMs(reader.GetInt64(10)),
            UpdatedAt = FromUnixMs(reader.GetInt64(11)),
            ZoomUserId = reader.IsDBNull(12) ? null : reader.GetString(12),
            ApiUrl = reader.IsDBNull(13) ? null : reader.GetString(13),
            ConnectedAt = reader.IsDBNull(14) ? null : FromUnixMs(reader.GetInt64(14)),
        }.Open(_protector);
    }

    private async Task<bool> WriteAsync(SqliteConnection db, SqliteTransaction transaction, ZoomConnection record, long? expectedVersion, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = expectedVersion is null
            ? """
              INSERT INTO zoomkit_connections (id, kind, account_id, access_token, refresh_token, access_token_expires_at, scopes, version,
                  reauth_reason, reauth_detail, reauth_since, refresh_outcome_unknown_since, updated_at, zoom_user_id, api_url, connected_at)
              VALUES ($id, $kind, $account, $access, $refresh, $expires, $scopes, $version, $reason, $detail, $since, $unknown, $updated, $user, $api, $connected)
              """
            : """
              UPDATE zoomkit_connections SET kind = $kind, account_id = $account, access_token = $access, refresh_token = $refresh,
                  access_token_expires_at = $expires, scopes = $scopes, version = $version, reauth_reason = $reason,
                  reauth_detail = $detail, reauth_since = $since, refresh_outcome_unknown_since = $unknown, updated_at = $updated,
                  zoom_user_id = $user, api_url = $api, connected_at = $connected
              WHERE id = $id AND version = $expected
              """;
        var row = StoredConnection.Seal(record, _protector);
        var p = command.Parameters;
        p.AddWithValue("$id", row.Id);
        p.AddWithValue("$kind", row.Kind);
        p.AddWithValue("$account", (object?)row.AccountId ?? DBNull.Value);
        p.AddWithValue("$access", row.AccessToken);
        p.AddWithValue("$refresh", (object?)row.RefreshToken ?? DBNull.Value);
        p.AddWithValue("$expires", row.AccessTokenExpiresAt.ToUnixTimeMilliseconds());
        p.AddWithValue("$scopes", row.Scopes);
        p.AddWithValue("$version", row.Version);
        p.AddWithValue("$reason", (object?)row.ReauthorizationReason ?? DBNull.Value);
        p.AddWithValue("$detail", (object?)row.ReauthorizationDetail ?? DBNull.Value);
        p.AddWithValue("$since", row.ReauthorizationSince is { } since ? since.ToUnixTimeMilliseconds() : DBNull.Value);
        p.AddWithValue("$unknown", row.RefreshOutcomeUnknownSince is { } unknown ? unknown.ToUnixTimeMilliseconds() : DBNull.Value);
        p.AddWithValue("$updated", row.UpdatedAt.ToUnixTimeMilliseconds());
        p.AddWithValue("$expected", (object?)expectedVersion ?? DBNull.Value);
        p.AddWithValue("$user", (object?)row.ZoomUserId ?? DBNull.Value);
        p.AddWithValue("$api", (object?)row.ApiUrl ?? DBNull.Value);
        p.AddWithValue("$connected", row.ConnectedAt is { } connected ? connected.ToUnixTimeMilliseconds() : DBNull.Value);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private static DateTimeOffset FromUnixMs(long value) => DateTimeOffset.FromUnixTimeMilliseconds(value);

    private async Task<T> GuardAsync<T>(Func<Task<T>> operation)
    {
        try
        {
            return await operation();
        }
        catch (SqliteException e)
        {
            throw Translate(e);
        }
        catch (InvalidCastException e)
        {
            throw new ZoomTokenStoreException($"The token database '{_path}' holds data of the wrong type: it is corrupt or from another program.", e);
        }
    }

    private ZoomTokenStoreException Translate(SqliteException e) => e.SqliteErrorCode switch
    {
        // SQLITE_BUSY, SQLITE_LOCKED
        5 or 6 => new ZoomTokenStoreException($"The token database '{_path}' stayed locked by another process for {_busyTimeoutMs / 1000.0:0.#} s.", e),
        // SQLITE_CORRUPT, SQLITE_NOTADB
        11 or 26 => new ZoomTokenStoreException($"The token database '{_path}' is corrupt or is not a SQLite database; ZoomKit will not treat it as empty.", e),
        // SQLITE_CANTOPEN, SQLITE_READONLY, SQLITE_PERM, SQLITE_IOERR, SQLITE_FULL
        14 or 8 or 3 or 10 or 13 => new ZoomTokenStoreException($"The token database '{_path}' cannot be read or written: {e.Message}", e),
        _ => new ZoomTokenStoreException($"The token database '{_path}' failed: {e.Message}", e),
    };

    /// <summary>Runs one statement on the refresh-attempts file (created on first use); returns the scalar or the rows changed.</summary>
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
