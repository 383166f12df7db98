using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ZoomKit.Webhooks;

/// <summary>Why a delivery was refused.</summary>
public enum WebhookRejection
{
    /// <summary>Accepted.</summary>
    None,
    /// <summary>The signature or timestamp header is missing or malformed.</summary>
    MissingHeaders,
    /// <summary>The timestamp is outside the allowed window (5 minutes by default).</summary>
    Stale,
    /// <summary>The signature does not match the body: tampered, or signed with another secret.</summary>
    BadSignature,
    /// <summary>The same signed delivery was already accepted.</summary>
    Replayed,
    /// <summary>The body is not a webhook event.</summary>
    MalformedBody,
}

/// <summary>The outcome of <see cref="ZoomWebhookVerifier.Verify"/>.</summary>
/// <param name="Rejection">Why it was refused, or <see cref="WebhookRejection.None"/>.</param>
/// <param name="Event">The event, when accepted.</param>
public sealed record WebhookVerification(WebhookRejection Rejection, ZoomWebhookEvent? Event)
{
    /// <summary>Whether the delivery is genuine and new.</summary>
    public bool IsValid => Rejection == WebhookRejection.None;
}

/// <summary>
/// Checks Zoom's webhook deliveries: the HMAC-SHA256 signature over the raw body, compared in
/// constant time, a timestamp window against replays of old deliveries, and a memory of the
/// signatures accepted within that window against replays of recent ones.
/// </summary>
public sealed class ZoomWebhookVerifier
{
    private readonly byte[] _secret;
    private readonly TimeProvider _time;
    private readonly TimeSpan _tolerance;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);

    /// <summary>Creates the verifier for the app's webhook secret token.</summary>
    public ZoomWebhookVerifier(string secretToken, TimeProvider? timeProvider = null, TimeSpan? tolerance = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(secretToken);
        _secret = Encoding.UTF8.GetBytes(secretToken);
        _time = timeProvider ?? TimeProvider.System;
        _tolerance = tolerance ?? TimeSpan.FromMinutes(5);
    }

    /// <summary>
    /// What the two headers alone decide, before any body is read: missing or malformed headers, or a
    /// timestamp outside the window. <see cref="WebhookRejection.None"/> when the body is worth reading.
    /// </summary>
    public WebhookRejection CheckHeaders(string? timestampHeader, string? signatureHeader)
    {
        if (!long.TryParse(timestampHeader, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || signatureHeader is null || !signatureHeader.StartsWith(ZoomWebhookConstants.SignatureVersion + "=", StringComparison.Ordinal))
        {
            return WebhookRejection.MissingHeaders;
        }
        var sent = DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(seconds, 0, 253402300799));
        return (_time.GetUtcNow() - sent).Duration() > _tolerance ? WebhookRejection.Stale : WebhookRejection.None;
    }

    /// <summary>Verifies a delivery from its two headers and its raw body bytes, exactly as received.</summary>
    public WebhookVerification Verify(string? timestampHeader, string? signatureHeader, ReadOnlySpan<byte> rawBody)
    {
        if (CheckHeaders(timestampHeader, signatureHeader) is not WebhookRejection.None and var early)
        {
            return new(early, null);
        }
        var now = _time.GetUtcNow();
        var sent = DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(long.Parse(timestampHeader!, NumberStyles.None, CultureInfo.InvariantCulture), 0, 253402300799));
        var expected = Sign(timestampHeader!, rawBody);
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signatureHeader!)))
        {
            return new(WebhookRejection.BadSignature, null);
        }
        ZoomWebhookEvent? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize(rawBody, WebhookJsonContext.Default.ZoomWebhookEvent);
        }
        catch (JsonException)
        {
            parsed = null;
        }
        if (parsed is null || string.IsNullOrEmpty(parsed.Event))
        {
            return new(WebhookRejection.MalformedBody, null);
        }
        Forget(now);
        if (!_seen.TryAdd(signatureHeader!, sent))
        {
            return new(WebhookRejection.Replayed, null);
        }
        Type(parsed);
        return new(WebhookRejection.None, parsed);
    }

    /// <summary>The answer to an <c>endpoint.url_validation</c> challenge.</summary>
    public UrlValidationResponse AnswerUrlValidation(string plainToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(plainToken);
        return new UrlValidationResponse(plainToken, Convert.ToHexStringLower(HMACSHA256.HashData(_secret, Encoding.UTF8.GetBytes(plainToken))));
    }

    /// <summary>The <c>x-zm-signature</c> value for a timestamp and body (for tests and for re-signing).</summary>
    public string Sign(string timestamp, ReadOnlySpan<byte> rawBody)
    {
        var prefix = Encoding.UTF8.GetBytes($"{ZoomWebhookConstants.SignatureVersion}:{timestamp}:");
        var message = new byte[prefix.Length + rawBody.Length];
        prefix.CopyTo(message, 0);
        rawBody.CopyTo(message.AsSpan(prefix.Length));
        return ZoomWebhookConstants.SignatureVersion + "=" + Convert.ToHexStringLower(HMACSHA256.HashData(_secret, message));
    }

    private void Forget(DateTimeOffset now)
    {
        foreach (var (signature, sent) in _seen)
        {
            if (now - sent > _tolerance * 2)
            {
                _seen.TryRemove(signature, out _);
            }
        }
    }

    private static void Type(ZoomWebhookEvent webhook)
    {
        if (webhook.Payload.ValueKind != JsonValueKind.Object)
        {
            return;
        }
        if (webhook.Event == ZoomWebhookConstants.AppDeauthorized)
        {
            webhook.Deauthorized = webhook.Payload.Deserialize(WebhookJsonContext.Default.AppDeauthorizedPayload);
        }
        else if (webhook.Event.StartsWith("meeting.", StringComparison.Ordinal))
        {
            webhook.Meeting = webhook.Payload.Deserialize(WebhookJsonContext.Default.MeetingEventPayload);
        }
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(ZoomWebhookEvent))]
[JsonSerializable(typeof(MeetingEventPayload))]
[JsonSerializable(typeof(AppDeauthorizedPayload))]
[JsonSerializable(typeof(UrlValidationResponse))]
internal sealed partial class WebhookJsonContext : JsonSerializerContext;
