using Npgsql;

namespace ZoomKit.Storage.Postgres;

/// <summary>
/// Creates or upgrades ZoomKit's tables, idempotently, under an advisory lock so that instances
/// starting together do not race on the DDL.
/// </summary>
public static class PostgresSchema
{
    private const long LockKey = 0x5A6F6F6D4B6974; // "ZoomKit"

    /// <summary>Creates the tables when missing, and adds what a newer ZoomKit needs to tables an older one made.</summary>
    public static async Task EnsureAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"""
            SELECT pg_advisory_xact_lock({LockKey});
            CREATE TABLE IF NOT EXISTS zoomkit_connections (
                id text PRIMARY KEY,
                kind integer NOT NULL,
                account_id text NULL,
                access_token bytea NOT NULL,
                refresh_token bytea NULL,
                access_token_expires_at timestamptz NOT NULL,
                scopes text NOT NULL,
                version bigint NOT NULL,
                reauth_reason integer NULL,
                reauth_detail text NULL,
                reauth_since timestamptz NULL,
                refresh_outcome_unknown_since timestamptz NULL,
                updated_at timestamptz NOT NULL
            );
            CREATE TABLE IF NOT EXISTS zoomkit_refresh_attempts (
                attempt_id text PRIMARY KEY,
                connection_id text NOT NULL,
                token_hash text NOT NULL,
                sent_at timestamptz NOT NULL DEFAULT now()
            );
            CREATE INDEX IF NOT EXISTS zoomkit_refresh_attempts_connection ON zoomkit_refresh_attempts (connection_id, token_hash);
            -- Who the connection is at Zoom; a schema written before these columns is upgraded in place.
            ALTER TABLE zoomkit_connections ADD COLUMN IF NOT EXISTS zoom_user_id text NULL;
            ALTER TABLE zoomkit_connections ADD COLUMN IF NOT EXISTS api_url text NULL;
            ALTER TABLE zoomkit_connections ADD COLUMN IF NOT EXISTS connected_at timestamptz NULL;
            ALTER TABLE zoomkit_connections ADD COLUMN IF NOT EXISTS session_stamp text NULL;
            CREATE INDEX IF NOT EXISTS zoomkit_connections_zoom_user ON zoomkit_connections (zoom_user_id);
            CREATE TABLE IF NOT EXISTS zoomkit_webhook_deliveries (
                id text PRIMARY KEY,
                expires_at timestamptz NOT NULL
            );
            CREATE TABLE IF NOT EXISTS zoomkit_dataprotection_keys (
                id bigserial PRIMARY KEY,
                friendly_name text NULL,
                xml text NOT NULL,
                created_at timestamptz NOT NULL DEFAULT now()
            );
            """;
        await command.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
