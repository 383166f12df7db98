using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using ZoomKit.Emulator.Internal;
using ZoomKit.Emulator.Meetings;

namespace ZoomKit.Emulator.Webhooks;

/// <summary>
/// Delivers events as Zoom does: a JSON POST with <c>x-zm-request-timestamp</c> and
/// <c>x-zm-signature: v0=hex(HMAC-SHA256(secret, "v0:{timestamp}:{body}"))</c>, retried on failure.
/// </summary>
internal sealed partial class WebhookDispatcher(IOptionsMonitor<EmulatorOptions> options, EmulatorState state, EmulatorClock clock, IHttpClientFactory httpFactory, ILogger<WebhookDispatcher> logger)
    : BackgroundService
{
    public const string HttpClientName = "ZoomKit.Emulator.Webhooks";

    private readonly Channel<JsonObject> _queue = Channel.CreateUnbounded<JsonObject>();

    public void MeetingCreated(EmulatorUser host, JsonObject meeting, DateTimeOffset now) =>
        Enqueue("meeting.created", host, now, new JsonObject { ["object"] = Summary(meeting) });

    public void MeetingUpdated(EmulatorUser host, JsonObject before, JsonObject after, DateTimeOffset now)
    {
        // Zoom sends the changed fields, with id and uuid, in object and old_object.
        var changed = new JsonObject { ["id"] = after["id"]!.DeepClone(), ["uuid"] = after["uuid"]!.DeepClone() };
        var old = new JsonObject { ["id"] = before["id"]!.DeepClone(), ["uuid"] = before["uuid"]!.DeepClone() };
        foreach (var (name, value) in after)
        {
            if (name is "occurrence_overrides" || JsonNode.DeepEquals(value, before[name]))
            {
                continue;
            }
            changed[name] = value?.DeepClone();
            old[name] = before[name]?.DeepClone();
        }
        Enqueue("meeting.updated", host, now, new JsonObject
        {
            ["object"] = changed,
            ["old_object"] = old,
            ["time_stamp"] = now.ToUnixTimeMilliseconds(),
        });
    }

    public void MeetingDeleted(EmulatorUser host, JsonObject meeting, string? occurrenceId, DateTimeOffset now)
    {
        var summary = Summary(meeting);
        if (occurrenceId is not null)
        {
            summary["occurrences"] = new JsonArray(new JsonObject { ["occurrence_id"] = occurrenceId, ["status"] = "deleted" });
        }
        Enqueue("meeting.deleted", host, now, new JsonObject { ["object"] = summary });
    }

    /// <summary><c>meeting.started</c>: the host opened the start link (or the admin API said so).</summary>
    public void MeetingStarted(EmulatorUser host, JsonObject meeting, DateTimeOffset now) =>
        Enqueue("meeting.started", host, now, new JsonObject { ["object"] = LiveSummary(meeting) });

    /// <summary><c>meeting.ended</c>, with the meeting's <c>end_time</c>.</summary>
    public void MeetingEnded(EmulatorUser host, JsonObject meeting, DateTimeOffset now)
    {
        var summary = LiveSummary(meeting);
        summary["end_time"] = MeetingDocument.Utc(now);
        Enqueue("meeting.ended", host, now, new JsonObject { ["object"] = summary });
    }

    // In these two events Zoom's spec gives the meeting's id as a string.
    private static JsonObject LiveSummary(JsonObject meeting)
    {
        var summary = Summary(meeting, LiveFields);
        summary["id"] = meeting["id"]!.GetValue<long>().ToString(CultureInfo.InvariantCulture);
        return summary;
    }

    public void AppDeauthorized(EmulatorApp app, string userId, DateTimeOffset now)
    {
        EmulatorUser? user;
        lock (state.Gate)
        {
            user = state.UsersById.GetValueOrDefault(userId);
        }
        if (user is null)
        {
            return;
        }
        var body = new JsonObject
        {
            ["event"] = "app_deauthorized",
            ["event_ts"] = now.ToUnixTimeMilliseconds(),
            ["payload"] = new JsonObject
            {
                ["account_id"] = user.AccountId,
                ["user_id"] = user.Id,
                ["signature"] = Ids.Alnum(32),
                ["deauthorization_time"] = Meetings.MeetingDocument.Utc(now),
                ["client_id"] = app.ClientId,
            },
        };
        Send(body);
    }

    /// <summary>Sends Zoom's URL validation challenge and says whether the endpoint answered it correctly.</summary>
    public async Task<JsonObject> ValidateUrlAsync(CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue.Webhooks;
        if (string.IsNullOrEmpty(settings.Url))
        {
            return new JsonObject { ["validated"] = false, ["error"] = "Emulator:Webhooks:Url is not set." };
        }
        var plain = Ids.Alnum(22);
        var body = new JsonObject
        {
            ["payload"] = new JsonObject { ["plainToken"] = plain },
            ["event_ts"] = clock.UtcNow.ToUnixTimeMilliseconds(),
            ["event"] = "endpoint.url_validation",
        };
        try
        {
            using var response = await PostAsync(settings, ApiResults.Serialize(body), cancellationToken);
            var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken)) as JsonObject;
            var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(settings.SecretToken), Encoding.UTF8.GetBytes(plain)));
            var ok = response.IsSuccessStatusCode && answer?["plainToken"]?.GetValue<string>() == plain && answer["encryptedToken"]?.GetValue<string>() == expected;
            return new JsonObject { ["validated"] = ok, ["status"] = (int)response.StatusCode };
        }
        catch (Exception e) when (e is HttpRequestException or System.Text.Json.JsonException or OperationCanceledException or InvalidOperationException)
        {
            return new JsonObject { ["validated"] = false, ["error"] = e.Message };
        }
    }

    private void Enqueue(string name, EmulatorUser host, DateTimeOffset now, JsonObject payload)
    {
        // meeting.started and meeting.ended carry the account and the meeting only (their schemas allow nothing else).
        var ordered = new JsonObject { ["account_id"] = host.AccountId };
        if (name is not ("meeting.started" or "meeting.ended"))
        {
            ordered["operator"] = host.Email;
            ordered["operator_id"] = host.Id;
            if (name != "meeting.updated")
            {
                ordered["operation"] = "single";
            }
        }
        foreach (var (key, value) in payload)
        {
            ordered[key] = value?.DeepClone();
        }
        Send(new JsonObject { ["event"] = name, ["event_ts"] = now.ToUnixTimeMilliseconds(), ["payload"] = ordered });
    }

    private void Send(JsonObject body)
    {
        if (!string.IsNullOrEmpty(options.CurrentValue.Webhooks.Url))
        {
            state.Stats.Increment("webhooks.sent");
            _queue.Writer.TryWrite(body);
        }
    }

    private static readonly string[] ChangeFields = ["uuid", "id", "host_id", "topic", "type", "start_time", "duration", "timezone", "join_url", "password", "agenda", "recurrence"];

    /// <summary>What Zoom's spec lists for <c>meeting.started</c> and <c>meeting.ended</c>'s object (its schema allows nothing else).</summary>
    private static readonly string[] LiveFields = ["id", "uuid", "host_id", "topic", "type", "start_time", "timezone", "duration"];

    private static JsonObject Summary(JsonObject meeting, string[]? fields = null)
    {
        var summary = new JsonObject();
        foreach (var name in fields ?? ChangeFields)
        {
            if (meeting[name] is { } value)
            {
                summary[name] = value.DeepClone();
            }
        }
        return summary;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var body in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            _ = DeliverAsync(ApiResults.Serialize(body), stoppingToken);
        }
    }

    private async Task DeliverAsync(string body, CancellationToken stoppingToken)
    {
        var settings = options.CurrentValue.Webhooks;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var response = await PostAsync(settings, body, stoppingToken);
                if ((int)response.StatusCode is 200 or 204)
                {
                    state.Stats.Increment("webhooks.delivered");
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !stoppingToken.IsCancellationRequested)
            {
                DeliveryFailed(logger, e.GetType().Name);
            }
            state.Stats.Increment("webhooks.failed_attempts");
            if (attempt >= settings.EffectiveRetryDelays.Count)
            {
                state.Stats.Increment("webhooks.abandoned");
                return;
            }
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(settings.EffectiveRetryDelays[attempt]), stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<HttpResponseMessage> PostAsync(EmulatorWebhooks settings, string body, CancellationToken cancellationToken)
    {
        var timestamp = clock.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signature = "v0=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(settings.SecretToken), Encoding.UTF8.GetBytes($"v0:{timestamp}:{body}")));
        using var request = new HttpRequestMessage(HttpMethod.Post, settings.Url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("x-zm-request-timestamp", timestamp);
        request.Headers.Add("x-zm-signature", signature);
        request.Headers.UserAgent.ParseAdd("Zoom Marketplace/1.0a");
        // Zoom wants an answer within 3 seconds.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(3));
        return await httpFactory.CreateClient(HttpClientName).SendAsync(request, timeout.Token);
    }

    [LoggerMessage(3001, LogLevel.Debug, "Webhook delivery failed: {Failure}")]
    private static partial void DeliveryFailed(ILogger logger, string failure);
}
