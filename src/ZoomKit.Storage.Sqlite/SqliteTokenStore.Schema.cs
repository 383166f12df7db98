using System.Globalization;
using Microsoft.Data.Sqlite;
using ZoomKit.Tokens;

namespace ZoomKit.Storage.Sqlite;

// The schema: created on first use, and a file written by an earlier version upgraded in place.
public sealed partial class SqliteTokenStore
{
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
            if (version < 3)
            {
                // Version 3: the session stamp, which a sign-in cookie must match.
                await using var upgrade = db.BeginTransaction();
                command.Transaction = upgrade;
                command.CommandText = "SELECT count(*) FROM pragma_table_info('zoomkit_connections') WHERE name = 'session_stamp'";
                if (Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) == 0)
                {
                    command.CommandText = "ALTER TABLE zoomkit_connections ADD COLUMN session_stamp TEXT NULL;";
                    await command.ExecuteNonQueryAsync(cancellationToken);
                }
                command.CommandText = "PRAGMA user_version = 3;";
                await command.ExecuteNonQueryAsync(cancellationToken);
                await upgrade.CommitAsync(cancellationToken);
            }
            if (version < 4)
            {
                // Version 4: refresh leases instead of a write transaction held across the refresh. An
                // older ZoomKit refuses a file of this version rather than ignore the leases.
                command.Transaction = null;
                command.CommandText = """
                    CREATE TABLE IF NOT EXISTS zoomkit_leases (
                        connection_id TEXT PRIMARY KEY NOT NULL,
                        holder TEXT NOT NULL,
                        expires_at INTEGER NOT NULL,
                        holder_pid INTEGER NOT NULL,
                        holder_scope TEXT NULL
                    ) STRICT;
                    PRAGMA user_version = 4;
                    """;
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            _schemaReady = true;
        }
        finally
        {
            _schemaGate.Release();
        }
    }
}
