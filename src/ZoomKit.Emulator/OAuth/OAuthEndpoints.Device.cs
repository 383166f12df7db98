using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using ZoomKit.Emulator.Internal;
using ZoomKit.Emulator.Pages;

namespace ZoomKit.Emulator.OAuth;

// The device authorization grant (RFC 8628): /oauth/devicecode, the activation pages, and the token poll.
internal static partial class OAuthEndpoints
{
    public const string DeviceCodeGrantType = "urn:ietf:params:oauth:grant-type:device_code";

    /// <summary>Letters without vowels or look-alikes, so that no code spells a word or reads two ways (RFC 8628 §6.1).</summary>
    private const string UserCodeAlphabet = "BCDFGHJKLMNPQRSTVWXZ";

    private static void MapDevice(IEndpointRouteBuilder routes)
    {
        routes.MapPost("/oauth/devicecode", DeviceCodeAsync).DisableAntiforgery();
        routes.MapGet("/oauth/device", DevicePage);
        routes.MapPost("/oauth/device/signin", DeviceSignInAsync).DisableAntiforgery();
        routes.MapPost("/oauth/device/code", DeviceEnterCodeAsync).DisableAntiforgery();
        routes.MapPost("/oauth/device/consent", DeviceConsentAsync).DisableAntiforgery();
    }

    /// <summary>RFC 8628 §3.1–3.2. The client authenticates with HTTP Basic (Zoom's form) or names itself with <c>client_id</c> in the body (the RFC's).</summary>
    private static async Task<IResult> DeviceCodeAsync(HttpContext context, EmulatorState state, EmulatorClock clock, IOptionsMonitor<EmulatorOptions> options)
    {
        var parameters = await ReadParametersAsync(context.Request);
        EmulatorApp? app;
        if (context.Request.Headers.Authorization.Count > 0)
        {
            app = Authenticate(context.Request, state);
        }
        else
        {
            lock (state.Gate)
            {
                app = state.Apps.GetValueOrDefault(parameters.GetValueOrDefault("client_id") ?? "");
            }
        }
        if (app is null)
        {
            return TokenError(state, 401, "invalid_client", "Invalid client_id or client_secret");
        }
        var settings = options.CurrentValue;
        var now = clock.UtcNow;
        var userCode = RandomNumberGenerator.GetString(UserCodeAlphabet, 8);
        var authorization = new DeviceCodeGrant(Ids.Token("dvc_"), userCode, app.ClientId,
            now.AddSeconds(settings.DeviceCodeLifetimeSeconds), settings.DeviceCodeIntervalSeconds, now);
        lock (state.Gate)
        {
            state.Purge(now);
            state.DeviceCodes[authorization.DeviceCode] = authorization;
            state.DeviceCodesByUserCode[userCode] = authorization.DeviceCode;
        }
        state.Stats.Increment("device_codes_issued");
        var verification = $"{context.Request.Scheme}://{context.Request.Host}/oauth/device";
        var shown = $"{userCode[..4]}-{userCode[4..]}";
        var body = new JsonObject
        {
            ["device_code"] = authorization.DeviceCode,
            ["user_code"] = shown,
            ["verification_uri"] = verification,
            ["verification_uri_complete"] = WithQuery(verification, ("user_code", shown)),
            ["expires_in"] = settings.DeviceCodeLifetimeSeconds,
            ["interval"] = settings.DeviceCodeIntervalSeconds,
        };
        return Results.Text(ApiResults.Serialize(body), "application/json", Encoding.UTF8, 200);
    }

    private static IResult DevicePage(HttpContext context, EmulatorState state, EmulatorClock clock)
    {
        var activation = new DeviceActivation(Ids.Token("act_"), context.Request.Query["user_code"].FirstOrDefault(), clock.UtcNow + PageLifetime);
        lock (state.Gate)
        {
            state.Purge(clock.UtcNow);
            state.DeviceActivations[activation.Id] = activation;
        }
        return Html.DeviceSignIn(activation.Id, null, null);
    }

    private static async Task<IResult> DeviceSignInAsync(HttpContext context, EmulatorState state, EmulatorClock clock)
    {
        var form = await context.Request.ReadFormAsync();
        var activation = FindActivation(state, clock, form["request"].ToString());
        if (activation is null)
        {
            return Html.Error("Page expired", "This page has expired. Open the address your device shows again.");
        }
        var email = form["email"].ToString();
        var user = SignIn(state, email, form["password"].ToString());
        if (user is null)
        {
            return Html.DeviceSignIn(activation.Id, email, "The email or password is wrong.");
        }
        lock (state.Gate)
        {
            activation.UserId = user.Id;
        }
        return Html.DeviceCode(activation.Id, activation.PrefilledCode, null);
    }

    private static async Task<IResult> DeviceEnterCodeAsync(HttpContext context, EmulatorState state, EmulatorClock clock)
    {
        var form = await context.Request.ReadFormAsync();
        var activation = FindActivation(state, clock, form["request"].ToString());
        if (activation?.UserId is null)
        {
            return Html.Error("Page expired", "This page has expired. Open the address your device shows again.");
        }
        var entered = form["code"].ToString();
        // Typed by a person: case, spaces and the dash do not matter (RFC 8628 §6.1).
        var normalized = new string([.. entered.Where(char.IsAsciiLetter).Select(char.ToUpperInvariant)]);
        EmulatorApp? app = null;
        EmulatorUser user;
        lock (state.Gate)
        {
            if (state.DeviceCodesByUserCode.TryGetValue(normalized, out var deviceCode)
                && state.DeviceCodes.TryGetValue(deviceCode, out var device) && device.Allowed is null && device.ExpiresAt > clock.UtcNow)
            {
                app = state.Apps.GetValueOrDefault(device.ClientId);
                activation.DeviceCode = deviceCode;
            }
            user = state.UsersById[activation.UserId];
        }
        state.Stats.Increment(app is null ? "device_code_entries.wrong" : "device_code_entries.accepted");
        return app is null
            ? Html.DeviceCode(activation.Id, entered, "That code is not valid or has expired. Check the code on your device; if it has expired, start again there.")
            : Html.Consent(activation.Id, app, user, "/oauth/device/consent");
    }

    private static async Task<IResult> DeviceConsentAsync(HttpContext context, EmulatorState state, EmulatorClock clock)
    {
        var form = await context.Request.ReadFormAsync();
        var activation = FindActivation(state, clock, form["request"].ToString());
        if (activation?.UserId is null || activation.DeviceCode is null)
        {
            return Html.Error("Page expired", "This page has expired. Open the address your device shows again.");
        }
        var allowed = form["decision"] == "allow";
        lock (state.Gate)
        {
            state.DeviceActivations.Remove(activation.Id);
            if (!state.DeviceCodes.TryGetValue(activation.DeviceCode, out var device) || device.Allowed is not null || device.ExpiresAt <= clock.UtcNow)
            {
                return Html.Error("Code expired", "The device's code has expired. Start again on your device.");
            }
            device.UserId = activation.UserId;
            device.Allowed = allowed;
        }
        return Html.DeviceDone(allowed);
    }

    /// <summary>RFC 8628 §3.4–3.5: the device's poll. Caller has authenticated the app.</summary>
    private static IResult PollDevice(EmulatorState state, EmulatorApp app, Dictionary<string, string> p, DateTimeOffset now, EmulatorOptions settings, HttpContext context)
    {
        var deviceCode = p.GetValueOrDefault("device_code");
        if (string.IsNullOrEmpty(deviceCode))
        {
            return TokenError(state, 400, "invalid_request", "Missing device_code");
        }
        lock (state.Gate)
        {
            if (!state.DeviceCodes.TryGetValue(deviceCode, out var device) || device.ClientId != app.ClientId)
            {
                return TokenError(state, 400, "invalid_grant", "Invalid device code");
            }
            if (device.ExpiresAt <= now)
            {
                return TokenError(state, 400, "expired_token", "The device code has expired");
            }
            var tooSoon = now - device.LastPolledAt < TimeSpan.FromSeconds(device.IntervalSeconds);
            device.LastPolledAt = now;
            if (tooSoon)
            {
                // The RFC asks the client to add 5 seconds; the emulator holds it to the interval it announced.
                return TokenError(state, 400, "slow_down", "Polling too fast");
            }
            switch (device.Allowed)
            {
                case null:
                    return TokenError(state, 400, "authorization_pending", "The user has not yet allowed or denied");
                case false:
                    // Single use: the answer is given once.
                    RemoveDevice(state, device);
                    return TokenError(state, 400, "access_denied", "The user denied access");
            }
            RemoveDevice(state, device);
            // Like a code exchange, a new authorization: every older token of this user and app dies.
            var generation = state.NextGrant(app.ClientId, device.UserId!);
            return Issue(state, app, state.UsersById[device.UserId!], now, settings, context, generation, withRefresh: true);
        }
    }

    private static void RemoveDevice(EmulatorState state, DeviceCodeGrant device)
    {
        state.DeviceCodes.Remove(device.DeviceCode);
        state.DeviceCodesByUserCode.Remove(device.UserCode);
    }

    private static DeviceActivation? FindActivation(EmulatorState state, EmulatorClock clock, string id)
    {
        lock (state.Gate)
        {
            return state.DeviceActivations.TryGetValue(id, out var activation) && activation.ExpiresAt > clock.UtcNow ? activation : null;
        }
    }
}
