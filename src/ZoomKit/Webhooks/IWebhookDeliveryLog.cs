using System.Collections.Concurrent;

namespace ZoomKit.Webhooks;

/// <summary>
/// Remembers which webhook deliveries were handled, so that a delivery Zoom sends again (it retries
/// after 5, 20 and 60 minutes, signed anew, when an answer was late or lost) is handled once,
/// by whichever instance receives it, across restarts. A delivery is known by its body
/// (<see cref="DeliveryId"/>), which Zoom's retries repeat byte for byte.
/// </summary>
/// <remarks>
/// The SQLite and PostgreSQL token stores implement it in their own database and register it with
/// their <c>Use…TokenStore</c> call; without a store, <see cref="InMemoryWebhookDeliveryLog"/>
/// remembers within one process.
/// </remarks>
public interface IWebhookDeliveryLog
{
    /// <summary>Records a delivery until <paramref name="expiresAt"/>; false when it is already recorded and not expired.</summary>
    ValueTask<bool> TryRecordAsync(string deliveryId, DateTimeOffset expiresAt, CancellationToken cancellationToken = default);

    /// <summary>Forgets a delivery whose handling failed, so that Zoom's retry of it is handled.</summary>
    ValueTask ForgetAsync(string deliveryId, CancellationToken cancellationToken = default);

    /// <summary>A delivery's identity: the SHA-256 of its raw body, in hex.</summary>
    static string DeliveryId(ReadOnlySpan<byte> rawBody) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(rawBody));

    /// <summary>How long a delivery is remembered: past Zoom's last retry, about 85 minutes after the first attempt.</summary>
    static TimeSpan Retention => TimeSpan.FromHours(2);
}

/// <summary>The delivery log of one process: right for tests and a single instance without a database.</summary>
public sealed class InMemoryWebhookDeliveryLog(TimeProvider? timeProvider = null) : IWebhookDeliveryLog
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _deliveries = new(StringComparer.Ordinal);
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    /// <inheritdoc />
    public ValueTask<bool> TryRecordAsync(string deliveryId, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(deliveryId);
        var now = _time.GetUtcNow();
        foreach (var (id, until) in _deliveries)
        {
            if (until <= now)
            {
                _deliveries.TryRemove(new KeyValuePair<string, DateTimeOffset>(id, until));
            }
        }
        return ValueTask.FromResult(_deliveries.TryAdd(deliveryId, expiresAt));
    }

    /// <inheritdoc />
    public ValueTask ForgetAsync(string deliveryId, CancellationToken cancellationToken = default)
    {
        _deliveries.TryRemove(deliveryId, out _);
        return ValueTask.CompletedTask;
    }
}
