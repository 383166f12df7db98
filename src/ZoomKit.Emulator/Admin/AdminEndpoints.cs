using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using ZoomKit.Emulator.Internal;
using ZoomKit.Emulator.Webhooks;

namespace ZoomKit.Emulator.Admin;

/// <summary>The admin API under <c>/_emulator/</c> that tests and benchmarks steer the emulator with (JSON, snake_case).</summary>
internal static class AdminEndpoints
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        var admin = routes.MapGroup("/_emulator").DisableAntiforgery().AddEndpointFilter(GuardAsync);
        admin.MapGet("/stats", Stats);
        admin.MapPost("/clock", AdvanceClockAsync);
        admin.MapGet("/clock", (EmulatorClock clock) => ApiResults.Json(ClockJson(clock)));
        admin.MapPost("/faults", AddFaultsAsync);
        admin.MapDelete("/faults", (FaultInjector faults) =>
        {
            faults.Clear();
            return Results.NoContent();
        });
        admin.MapPost("/reset", (EmulatorState state, EmulatorClock clock, FaultInjector faults, RateLimits limits, IOptionsMonitor<EmulatorOptions> options) =>
        {
            faults.Clear();
            limits.Reset();
            clock.Reset();
            state.Load(options.CurrentValue);
            return Results.NoContent();
        });
        admin.MapPost("/webhooks/validate", async (WebhookDispatcher webhooks, CancellationToken cancellationToken) =>
            ApiResults.Json(await webhooks.ValidateUrlAsync(cancellationToken)));
        admin.MapPost("/deauthorize", DeauthorizeAsync);
        // The host starts or ends a meeting in their Zoom client: its status changes and meeting.started or meeting.ended is sent.
        admin.MapPost("/meetings/{meetingId:long}/start", (long meetingId, EmulatorState state, WebhookDispatcher webhooks, EmulatorClock clock) =>
            Meetings.MeetingPages.TryStart(state, webhooks, meetingId, clock.UtcNow) ? Results.NoContent() : Problem("meetingId", "must be the id of a meeting in the emulator"));
        admin.MapPost("/meetings/{meetingId:long}/end", (long meetingId, EmulatorState state, WebhookDispatcher webhooks, EmulatorClock clock) =>
            Meetings.MeetingPages.TryEnd(state, webhooks, meetingId, clock.UtcNow) ? Results.NoContent() : Problem("meetingId", "must be the id of a meeting in the emulator"));
    }

    /// <summary>
    /// Only JSON changes state: a web page the developer visits can send a CORS-simple POST
    /// (<c>text/plain</c>, a form, or no body) to a local port without a preflight, but not one with
    /// <c>application/json</c>. With <c>Emulator:AdminToken</c> set, its bearer token is required too.
    /// </summary>
    private static async ValueTask<object?> GuardAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var request = invocation.HttpContext.Request;
        var token = invocation.HttpContext.RequestServices.GetRequiredService<IOptionsMonitor<EmulatorOptions>>().CurrentValue.AdminToken;
        if (token is { Length: > 0 } && !System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                System.Text.Encoding.UTF8.GetBytes(request.Headers.Authorization.ToString()), System.Text.Encoding.UTF8.GetBytes("Bearer " + token)))
        {
            return ApiResults.Error(401, 401, "The emulator's admin API needs its admin token (Emulator:AdminToken) as a bearer token.");
        }
        if (HttpMethods.IsPost(request.Method) && !(request.HasJsonContentType()))
        {
            return ApiResults.Error(415, 415, "The emulator's admin API takes application/json bodies only (send {} when there is nothing to say).");
        }
        return await next(invocation);
    }

    private static IResult Stats(EmulatorState state, EmulatorClock clock)
    {
        var tokens = state.Stats.Snapshot("token_requests.");
        var errors = state.Stats.Snapshot("token_errors.");
        var webhooks = state.Stats.Snapshot("webhooks.");
        var clientTokens = state.Stats.Snapshot("client_token_requests.");
        var clientApi = state.Stats.Snapshot("client_api_requests.");
        // Per app, by client id: what each registered app asked of the OAuth host (authenticated requests) and of the API.
        var clients = new JsonObject();
        foreach (var clientId in clientTokens.Keys.Union(clientApi.Keys).Order(StringComparer.Ordinal))
        {
            clients[clientId] = new JsonObject
            {
                ["token_requests"] = clientTokens.GetValueOrDefault(clientId),
                ["api_requests"] = clientApi.GetValueOrDefault(clientId),
            };
        }
        int meetings;
        lock (state.Gate)
        {
            meetings = state.Meetings.Count;
        }
        return ApiResults.Json(new JsonObject
        {
            ["token_requests"] = new JsonObject
            {
                ["authorization_code"] = tokens.GetValueOrDefault("authorization_code"),
                ["refresh_token"] = tokens.GetValueOrDefault("refresh_token"),
                ["account_credentials"] = tokens.GetValueOrDefault("account_credentials"),
                ["device_code"] = tokens.GetValueOrDefault("device_code"),
                ["other"] = tokens.GetValueOrDefault("other"),
            },
            ["token_errors"] = new JsonObject
            {
                ["invalid_grant"] = errors.GetValueOrDefault("invalid_grant"),
                ["invalid_client"] = errors.GetValueOrDefault("invalid_client"),
                ["invalid_request"] = errors.GetValueOrDefault("invalid_request"),
                ["unsupported_grant_type"] = errors.GetValueOrDefault("unsupported_grant_type"),
                ["authorization_pending"] = errors.GetValueOrDefault("authorization_pending"),
                ["slow_down"] = errors.GetValueOrDefault("slow_down"),
                ["expired_token"] = errors.GetValueOrDefault("expired_token"),
                ["access_denied"] = errors.GetValueOrDefault("access_denied"),
            },
            ["api_requests"] = state.Stats.Get("api_requests"),
            ["clients"] = clients,
            ["rate_limited"] = state.Stats.Get("rate_limited"),
            ["rate_limited_daily"] = state.Stats.Get("rate_limited_daily"),
            ["faults_applied"] = state.Stats.Get("faults_applied"),
            ["meetings"] = meetings,
            ["webhooks"] = new JsonObject
            {
                ["sent"] = webhooks.GetValueOrDefault("sent"),
                ["delivered"] = webhooks.GetValueOrDefault("delivered"),
                ["failed_attempts"] = webhooks.GetValueOrDefault("failed_attempts"),
                ["abandoned"] = webhooks.GetValueOrDefault("abandoned"),
            },
            ["clock"] = ClockJson(clock),
        });
    }

    private static async Task<IResult> AdvanceClockAsync(HttpRequest request, EmulatorClock clock)
    {
        var body = await ReadAsync(request);
        if (body?["advance_seconds"] is not JsonValue value || !value.TryGetValue<double>(out var seconds) || seconds < 0)
        {
            return Problem("advance_seconds", "must be a number of seconds, zero or more (the clock only moves forward)");
        }
        clock.Advance(TimeSpan.FromSeconds(seconds));
        return ApiResults.Json(ClockJson(clock));
    }

    private static async Task<IResult> AddFaultsAsync(HttpRequest request, FaultInjector faults)
    {
        var body = await ReadAsync(request);
        var items = body switch
        {
            JsonArray array => array.ToList(),
            JsonObject one => [one],
            _ => null,
        };
        if (items is null)
        {
            return Problem("body", "must be a fault object or an array of them");
        }
        var parsed = new List<Fault>();
        foreach (var item in items)
        {
            var kind = item?["fault"]?.GetValue<string>() ?? "";
            if (!FaultInjector.Kinds.Contains(kind))
            {
                return Problem("fault", $"must be one of {string.Join(", ", FaultInjector.Kinds)}");
            }
            var path = item?["path"]?.GetValue<string>() ?? "";
            if (!path.StartsWith('/'))
            {
                return Problem("path", "must start with '/' (a trailing '*' matches a prefix)");
            }
            var times = item?["times"]?.GetValue<int>() ?? 1;
            if (times < 1)
            {
                return Problem("times", "must be 1 or more");
            }
            parsed.Add(new Fault
            {
                Method = item?["method"]?.GetValue<string>() ?? "",
                Path = path,
                Kind = kind,
                Status = item?["status"]?.GetValue<int>() ?? 500,
                Code = item?["code"]?.GetValue<int>(),
                DelayMs = item?["delay_ms"]?.GetValue<int>() ?? 1000,
                Times = times,
            });
        }
        parsed.ForEach(faults.Add);
        return Results.NoContent();
    }

    /// <summary>The user removes the app in Zoom: every token of that user dies and <c>app_deauthorized</c> is sent.</summary>
    private static async Task<IResult> DeauthorizeAsync(HttpRequest request, EmulatorState state, EmulatorClock clock, WebhookDispatcher webhooks)
    {
        var body = await ReadAsync(request);
        var email = body?["email"]?.GetValue<string>();
        EmulatorUser? user;
        List<EmulatorApp> apps;
        lock (state.Gate)
        {
            user = email is null ? null : state.UsersByEmail.GetValueOrDefault(email);
            if (user is null)
            {
                return Problem("email", "must be the email of an emulator user");
            }
            apps = [.. state.Apps.Values];
            foreach (var app in apps)
            {
                state.EndGrant(app.ClientId, user.Id);
            }
        }
        foreach (var app in apps)
        {
            webhooks.AppDeauthorized(app, user.Id, clock.UtcNow);
        }
        return Results.NoContent();
    }

    private static JsonObject ClockJson(EmulatorClock clock) => new()
    {
        ["now"] = clock.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        ["offset_seconds"] = clock.Offset.TotalSeconds,
    };

    private static async Task<JsonNode?> ReadAsync(HttpRequest request)
    {
        try
        {
            return await JsonNode.ParseAsync(request.Body);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static IResult Problem(string field, string rule) =>
        Results.Json(new { error = $"{field} {rule}", field }, statusCode: 400);
}
