using Npgsql;
using ZoomKit.Webhooks;

namespace ZoomKit.Storage.Postgres;

// Webhook deliveries handled, shared by every instance: Zoom's retry of a delivery is handled once, wherever it lands.
public sealed partial class PostgresTokenStore : IWebhookDeliveryLog
{
    /// <inheritdoc />
    public async ValueTask<bool> TryRecordAsync(string deliveryId, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(deliveryId);
        return await GuardAsync(async () =>
        {
            await EnsureSchemaAsync(cancellationToken);
            await using var db = await OpenAttemptsAsync(cancellationToken);
            await using (var expired = new NpgsqlCommand("DELETE FROM zoomkit_webhook_deliveries WHERE expires_at <= $1", db))
            {
                expired.Parameters.AddWithValue(_time.GetUtcNow().ToUniversalTime());
                await expired.ExecuteNonQueryAsync(cancellationToken);
            }
            await using var command = new NpgsqlCommand("INSERT INTO zoomkit_webhook_deliveries (id, expires_at) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING", db);
            command.Parameters.AddWithValue(deliveryId);
            command.Parameters.AddWithValue(expiresAt.ToUniversalTime());
            return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
        });
    }

    /// <inheritdoc />
    public async ValueTask ForgetAsync(string deliveryId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(deliveryId);
        await GuardAsync(async () =>
        {
            await EnsureSchemaAsync(cancellationToken);
            await using var db = await OpenAttemptsAsync(cancellationToken);
            await using var command = new NpgsqlCommand("DELETE FROM zoomkit_webhook_deliveries WHERE id = $1", db);
            command.Parameters.AddWithValue(deliveryId);
            return await command.ExecuteNonQueryAsync(cancellationToken);
        });
    }
}
