using System.Data;
using System.Globalization;
using Npgsql;
using NpgsqlTypes;
using ZoomKit.Tokens;

namespace ZoomKit.Storage.Postgres;

/// <summary>
/// The token store for several machines. A connection's lock is its row, taken with
/// <c>SELECT … FOR UPDATE</c> in the refresh's own transaction, so lock and data live and fail
/// together: an instance that dies mid-refresh releases the lock with its connection. Tokens are
/// encrypted before they reach the database.
/// </summary>
public sealed partial class PostgresTokenStore : ITokenStore, IDisposable
{
    private const string Columns = "kind, account_id, access_token, refresh_token, access_token_expires_at, scopes, version, reauth_reason, reauth_detail, reauth_since, refresh_outcome_unknown_since, updated_at, zoom_user_id, api_url, connected_at, session_stamp";

    private readonly NpgsqlDataSource _dataSource;
    private readonly NpgsqlDataSource? _attempts;
    private readonly string _attemptsConnectionString;
    private readonly ITokenProtector _protector;
    private readonly TimeProvider _time;
    private readonly TimeSpan _lockTimeout;
    private readonly SemaphoreSlim _schemaGate = new(1, 1);
    private volatile bool _schemaReady;

    /// <summary>Creates the store over a data source; the schema is created on first use.</summary>
    /// <param name="dataSource">The connections of reads, writes and row locks.</param>
    /// <param name="protector">Encrypts the tokens.</param>
    /// <param name="options">The lock timeout.</param>
    /// <param name="timeProvider">Stamps writes.</param>
    /// <param name="attemptsDataSource">
    /// A pool of its own for refresh-attempt records, which are written while a row lock holds a
    /// connection of the main pool: were they to share it, a crowd of refreshes could take every
    /// connection and wait for one more. Default: a pool of up to 20 connections cloned from
    /// <paramref name="dataSource"/> (its credentials included), named <c>zoomkit-refresh-attempts</c>.
    /// </param>
    public PostgresTokenStore(NpgsqlDataSource dataSource, ITokenProtector protector, PostgresTokenStoreOptions? options = null, TimeProvider? timeProvider = null, NpgsqlDataSource? attemptsDataSource = null)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(protector);
        _dataSource = dataSource;
        _attempts = attemptsDataSource;
        _attemptsConnectionString = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString) { MaxPoolSize = 20, ApplicationName = "zoomkit-refresh-attempts" }.ConnectionString;
        _protector = protector;
        _time = timeProvider ?? TimeProvider.System;
        _lockTimeout = options?.LockTimeout ?? TimeSpan.FromSeconds(60);
        if (_lockTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("PostgresTokenStoreOptions.LockTimeout must be positive.", nameof(options));
        }
    }

    /// <inheritdoc />
    public async ValueTask<ZoomConnection?> GetAsync(string connectionId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionId);
        return await GuardAsync(async () =>
        {
            await using var db = await OpenAsync(cancellationToken);
            return await ReadAsync(db, null, connectionId, forUpdate: false, cancellationToken);
        });
    }

    /// <inheritdoc />
    public async ValueTask<ZoomConnection> SaveAsync(ZoomConnection connection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return await GuardAsync(async () =>
        {
            await using var db = await OpenAsync(cancellationToken);
            await using var command = db.CreateCommand();
            command.CommandText = $"""
                INSERT INTO zoomkit_connections (id, {Columns})
                VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8, $9, $10, $11, $12, $13, $14, $15, $16)
                ON CONFLICT (id) DO UPDATE SET kind = $2, account_id = $3, access_token = $4, refresh_token = $5,
                    access_token_expires_at = $6, scopes = $7, version = zoomkit_connections.version + 1, reauth_reason = $8,
                    reauth_detail = $9, reauth_since = $10, refresh_outcome_unknown_since = $11, updated_at = $12,
                    zoom_user_id = $13, api_url = $14, connected_at = $15, session_stamp = $16
                RETURNING version
                """;
            var now = _time.GetUtcNow();
            AddValues(command, connection with { UpdatedAt = now });
            var version = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
            return connection with { Version = version, UpdatedAt = now };
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
                var transaction = await db.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
                await using (var timeout = db.CreateCommand())
                {
                    timeout.Transaction = transaction;
                    timeout.CommandText = $"SET LOCAL lock_timeout = '{(int)_lockTimeout.TotalMilliseconds}ms'";
                    await timeout.ExecuteNonQueryAsync(cancellationToken);
                }
                var current = await ReadAsync(db, transaction, connectionId, forUpdate: true, cancellationToken);
                return new PostgresTokenLock(this, db, transaction, connectionId, current);
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
            await using (var command = new NpgsqlCommand("SELECT id FROM zoomkit_connections WHERE zoom_user_id = $1 ORDER BY id", db))
            {
                command.Parameters.AddWithValue(zoomUserId);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    ids.Add(reader.GetString(0));
                }
            }
            var found = new List<ZoomConnection>();
            foreach (var id in ids)
            {
                if (await ReadAsync(db, null, id, forUpdate: false, cancellationToken) is { } connection)
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
            await using var command = new NpgsqlCommand("DELETE FROM zoomkit_connections WHERE id = $1", db);
            command.Parameters.AddWithValue(connectionId);
            return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
        });
    }

    /// <inheritdoc />
    public void Dispose() => _schemaGate.Dispose();

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken);
        return await _dataSource.OpenConnectionAsync(cancellationToken);
    }

    /// <summary>A connection of the attempts pool: the given data source's, or a clone of the main one's settings and credentials.</summary>
    private async Task<NpgsqlConnection> OpenAttemptsAsync(CancellationToken cancellationToken)
    {
        if (_attempts is not null)
        {
            return await _attempts.OpenConnectionAsync(cancellationToken);
        }
        await using var template = _dataSource.CreateConnection();
        var connection = template.CloneWith(_attemptsConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private void ClearAttemptsPool()
    {
        if (_attempts is not null)
        {
            _attempts.Clear();
            return;
        }
        using var template = _dataSource.CreateConnection();
        using var connection = template.CloneWith(_attemptsConnectionString);
        NpgsqlConnection.ClearPool(connection);
    }

    private async Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        if (!_schemaReady)
        {
            await _schemaGate.WaitAsync(cancellationToken);
            try
            {
                if (!_schemaReady)
                {
                    await PostgresSchema.EnsureAsync(_dataSource, cancellationToken);
                    _schemaReady = true;
                }
            }
            finally
            {
                _schemaGate.Release();
            }
        }
    }

    private async Task<ZoomConnection?> ReadAsync(NpgsqlConnection db, NpgsqlTransaction? transaction, string id, bool forUpdate, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT {Columns} FROM zoomkit_connections WHERE id = $1{(forUpdate ? " FOR UPDATE" : "")}", db, transaction);
        command.Parameters.AddWithValue(id);
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
            AccessToken = reader.GetFieldValue<byte[]>(2),
            RefreshToken = reader.IsDBNull(3) ? null : reader.GetFieldValue<byte[]>(3),
            AccessTokenExpiresAt = reader.GetFieldValue<DateTimeOffset>(4),
            Scopes = reader.GetString(5),
            Version = reader.GetInt64(6),
            ReauthorizationReason = reader.IsDBNull(7) ? null : reader.GetInt32(7),
            ReauthorizationDetail = reader.IsDBNull(8) ? null : reader.GetString(8),
            ReauthorizationSince = reader.IsDBNull(9) ? null : reader.GetFieldValue<DateTimeOffset>(9),
            RefreshOutcomeUnknownSince = reader.IsDBNull(10) ? null : reader.GetFieldValue<DateTimeOffset>(10),
            UpdatedAt = reader.GetFieldValue<DateTimeOffset>(11),
            ZoomUserId = reader.IsDBNull(12) ? null : reader.GetString(12),
            ApiUrl = reader.IsDBNull(13) ? null : reader.GetString(13),
            ConnectedAt = reader.IsDBNull(14) ? null : reader.GetFieldValue<DateTimeOffset>(14),
            SessionStamp = reader.IsDBNull(15) ? null : reader.GetString(15),
        }.Open(_protector);
    }

    // Parameters $1..$16 in the order of "id, Columns" less version.
    private void AddValues(NpgsqlCommand command, ZoomConnection record)
    {
        var row = StoredConnection.Seal(record, _protector);
        var p = command.Parameters;
        p.AddWithValue(row.Id);
        p.AddWithValue(row.Kind);
        p.Add(new NpgsqlParameter { Value = (object?)row.AccountId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        p.AddWithValue(row.AccessToken);
        p.Add(new NpgsqlParameter { Value = (object?)row.RefreshToken ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bytea });
        p.AddWithValue(row.AccessTokenExpiresAt.ToUniversalTime());
        p.AddWithValue(row.Scopes);
        p.Add(new NpgsqlParameter { Value = (object?)row.ReauthorizationReason ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
        p.Add(new NpgsqlParameter { Value = (object?)row.ReauthorizationDetail ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        p.Add(new NpgsqlParameter { Value = row.ReauthorizationSince is { } since ? since.ToUniversalTime() : DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        p.Add(new NpgsqlParameter { Value = row.RefreshOutcomeUnknownSince is { } unknown ? unknown.ToUniversalTime() : DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        p.AddWithValue(row.UpdatedAt.ToUniversalTime());
        p.Add(new NpgsqlParameter { Value = (object?)row.ZoomUserId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        p.Add(new NpgsqlParameter { Value = (object?)row.ApiUrl ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        p.Add(new NpgsqlParameter { Value = row.ConnectedAt is { } connected ? connected.ToUniversalTime() : DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        p.Add(new NpgsqlParameter { Value = (object?)row.SessionStamp ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
    }

    /// <summary>
    /// Runs a store operation, turning database failures into <see cref="ZoomTokenStoreException"/>.
    /// A restarted server leaves every pooled connection broken, and Npgsql finds out only when one is
    /// used: on a connection-level failure both pools are cleared, and an operation that holds no
    /// lock is tried once more on a new connection, so that the first request after a restart works.
    /// </summary>
    private async Task<T> GuardAsync<T>(Func<Task<T>> operation, bool retry = true)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await operation();
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.LockNotAvailable)
            {
                throw new ZoomTokenStoreException("The token row stayed locked by another instance longer than the lock timeout.", e);
            }
            catch (NpgsqlException e) when (IsConnectionLevel(e))
            {
                _dataSource.Clear();
                ClearAttemptsPool();
                if (retry && attempt == 0)
                {
                    continue;
                }
                throw new ZoomTokenStoreException($"The PostgreSQL token store failed: {e.Message}", e);
            }
            catch (NpgsqlException e)
            {
                throw new ZoomTokenStoreException($"The PostgreSQL token store failed: {e.Message}", e);
            }
        }
    }

    // The connection, not the statement, failed: the server went away, restarted or refuses connections for now.
    private static bool IsConnectionLevel(NpgsqlException e) => e is PostgresException postgres
        ? postgres.SqlState.StartsWith("08", StringComparison.Ordinal) || postgres.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow
        : e.InnerException is IOException or System.Net.Sockets.SocketException || e.IsTransient;
}
