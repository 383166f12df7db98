using ZoomKit.Webhooks;

namespace ZoomKit.Storage.Sqlite;

// Webhook deliveries handled, in the side file: recording one never waits behind a refresh's lock on the main file.
public sealed partial class SqliteTokenStore : IWebhookDeliveryLog
{
    /// <inheritdoc />
    public async ValueTask<bool> TryRecordAsync(string deliveryId, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(deliveryId);
        await ExecuteOnAttemptsAsync("DELETE FROM zoomkit_webhook_deliveries WHERE expires_at <= $now",
            [("$now", _time.GetUtcNow().ToUnixTimeMilliseconds())], cancellationToken);
        return await ExecuteOnAttemptsAsync("INSERT OR IGNORE INTO zoomkit_webhook_deliveries (id, expires_at) VALUES ($id, $until)",
            [("$id", deliveryId), ("$until", expiresAt.ToUnixTimeMilliseconds())], cancellationToken) == 1;
    }

    /// <inheritdoc />
    public async ValueTask ForgetAsync(string deliveryId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(deliveryId);
        await ExecuteOnAttemptsAsync("DELETE FROM zoomkit_webhook_deliveries WHERE id = $id", [("$id", deliveryId)], cancellationToken);
    }
}
