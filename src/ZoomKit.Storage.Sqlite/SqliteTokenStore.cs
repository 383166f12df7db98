using System.Globalization;
using Microsoft.Data.Sqlite;
using ZoomKit.Tokens;

namespace ZoomKit.Storage.Sqlite;

/// <summary>
/// The embedded token store: one SQLite file in WAL mode, shared by every process of the machine;
/// readers are never blocked. A connection's lock is a refresh lease (who holds it, until when),
/// taken and given back in short write transactions and never held across the refresh's HTTP
/// call: one connection's refresh never waits for another's. Waiters wait asynchronously, woken
/// within the process and polling briefly across processes; a lease whose holder died runs out.
/// Tokens are encrypted before they reach the file.
/// </summary>
public sealed partial class SqliteTokenStore : ITokenStore, IDisposable
{
    private const int SchemaVersion = 4;
    /// <summary>
    /// The longest a waiter sleeps before it looks at the lease itself (which also tells a dead
    /// holder); until then the process's shared look wakes it. Tests lengthen it to see that look alone.
    /// </summary>
    internal TimeSpan LongestWait { get; init; } = TimeSpan.FromMilliseconds(50);

    private readonly string _connectionString;
    private readonly string _path;
    // Refresh attempts live in a file of their own: the main file is write-locked by the refresh that
    // records one, and the record must be durable before the token request leaves, outliving a killed process.
    private readonly string _attemptsConnectionString;
    private readonly ITokenProtector _protector;
    private readonly bool _ownsProtector;
    private readonly TimeProvider _time;
    private readonly int _busyTimeoutMs;
    private readonly TimeSpan _lockTimeout;
    private readonly TimeSpan _leaseDuration;
    private readonly LeaseWaits _leaseWaits;
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
        if (options.LeaseDuration <= TimeSpan.Zero)
        {
            throw new ArgumentException("SqliteTokenStoreOptions.LeaseDuration must be positive.", nameof(options));
        }
        _lockTimeout = options.LockTimeout;
        _leaseDuration = options.LeaseDuration;
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
        _leaseWaits = new LeaseWaits(ReadHeldLeasesAsync);
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
    public async ValueTask<ITokenLock> LockAsync(string connectionId, CancellationToken cancellationToken = default) =>
        (await TakeLeaseAsync(connectionId, giveWay: false, cancellationToken))!;

    /// <inheritdoc />
    public ValueTask<ITokenLock?> TryLockAsync(string connectionId, CancellationToken cancellationToken = default) =>
        TakeLeaseAsync(connectionId, giveWay: true, cancellationToken);

    /// <summary>
    /// Takes the connection's lease, waiting while another caller holds it; or, giving way, returns
    /// null as soon as a lease it waited for is let go, without writing anything.
    /// </summary>
    private async ValueTask<ITokenLock?> TakeLeaseAsync(string connectionId, bool giveWay, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionId);
        var holder = Guid.NewGuid().ToString("N");
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var (taken, current) = await GuardAsync(() => TryTakeLeaseAsync(connectionId, holder, cancellationToken));
        while (!taken)
        {
            if (System.Diagnostics.Stopwatch.GetElapsedTime(started) >= _lockTimeout)
            {
                throw new ZoomTokenStoreException($"The refresh lock of this connection in '{_path}' stayed with another caller for {_lockTimeout.TotalSeconds:0.#} s.");
            }
            // Woken at once by a release in this process, and by the process's next look at the leases for another's.
            await _leaseWaits.WaitAsync(connectionId, started, LongestWait, cancellationToken);
            if (giveWay)
            {
                if (!await GuardAsync(() => IsLeaseHeldAsync(connectionId, cancellationToken)))
                {
                    return null;
                }
                continue;
            }
            (taken, current) = await GuardAsync(() => TryTakeLeaseAsync(connectionId, holder, cancellationToken));
        }
        return new SqliteTokenLock(this, connectionId, holder, current);
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
        _leaseWaits.Dispose();
        if (_ownsProtector && _protector is IDisposable disposable)
        {
            disposable.Dispose();
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
                   zoom_user_id, api_url, connected_at, session_stamp
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
            SessionStamp = reader.IsDBNull(15) ? null : reader.GetString(15),
        }.Open(_protector);
    }

    private async Task<bool> WriteAsync(SqliteConnection db, SqliteTransaction transaction, ZoomConnection record, long? expectedVersion, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = expectedVersion is null
            ? """
              INSERT INTO zoomkit_connections (id, kind, account_id, access_token, refresh_token, access_token_expires_at, scopes, version,
                  reauth_reason, reauth_detail, reauth_since, refresh_outcome_unknown_since, updated_at, zoom_user_id, api_url, connected_at, session_stamp)
              VALUES ($id, $kind, $account, $access, $refresh, $expires, $scopes, $version, $reason, $detail, $since, $unknown, $updated, $user, $api, $connected, $stamp)
              """
            : """
              UPDATE zoomkit_connections SET kind = $kind, account_id = $account, access_token = $access, refresh_token = $refresh,
                  access_token_expires_at = $expires, scopes = $scopes, version = $version, reauth_reason = $reason,
                  reauth_detail = $detail, reauth_since = $since, refresh_outcome_unknown_since = $unknown, updated_at = $updated,
                  zoom_user_id = $user, api_url = $api, connected_at = $connected, session_stamp = $stamp
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
        p.AddWithValue("$stamp", (object?)row.SessionStamp ?? DBNull.Value);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private static DateTimeOffset FromUnixMs(long value) => DateTimeOffset.FromUnixTimeMilliseconds(value);

    /// <summary>Runs an operation on <paramref name="file"/> (default the database), its SQLite errors told as the store's, naming that file.</summary>
    private async Task<T> GuardAsync<T>(Func<Task<T>> operation, string? file = null)
    {
        try
        {
            return await operation();
        }
        catch (SqliteException e)
        {
            throw Translate(e, file ?? _path);
        }
        catch (InvalidCastException e)
        {
            throw new ZoomTokenStoreException($"The token database '{file ?? _path}' holds data of the wrong type: it is corrupt or from another program.", e);
        }
    }

    private ZoomTokenStoreException Translate(SqliteException e, string file) => e.SqliteErrorCode switch
    {
        // SQLITE_BUSY, SQLITE_LOCKED
        5 or 6 => new ZoomTokenStoreException($"The token database '{file}' stayed locked by another process for {_busyTimeoutMs / 1000.0:0.#} s.", e),
        // SQLITE_CORRUPT, SQLITE_NOTADB
        11 or 26 => new ZoomTokenStoreException($"The token database '{file}' is corrupt or is not a SQLite database; ZoomKit will not treat it as empty.", e),
        // SQLITE_CANTOPEN, SQLITE_READONLY, SQLITE_PERM, SQLITE_IOERR, SQLITE_FULL
        14 or 8 or 3 or 10 or 13 => new ZoomTokenStoreException($"The token database '{file}' cannot be read or written: {e.Message}", e),
        _ => new ZoomTokenStoreException($"The token database '{file}' failed: {e.Message}", e),
    };
}
