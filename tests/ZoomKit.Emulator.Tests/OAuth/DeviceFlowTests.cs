using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace ZoomKit.Emulator.Tests.OAuth;

/// <summary>
/// The device authorization grant (RFC 8628) at the emulator: the code endpoint, the activation pages
/// and the polling rules, over HTTP. Intervals are met by advancing the emulator's clock, not by waiting.
/// </summary>
public sealed class DeviceFlowTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>, IAsyncLifetime
{
    private const string DeviceGrant = "urn:ietf:params:oauth:grant-type:device_code";

    public Task InitializeAsync() => emulator.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task DeviceCode_AnswersEveryRfc8628Field()
    {
        var device = await RequestDeviceCodeAsync();

        Assert.StartsWith("dvc_", device["device_code"]!.GetValue<string>(), StringComparison.Ordinal);
        var userCode = device["user_code"]!.GetValue<string>();
        Assert.Matches("^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$", userCode);
        Assert.Equal(new Uri(emulator.BaseUrl, "/oauth/device").AbsoluteUri, device["verification_uri"]!.GetValue<string>());
        Assert.Equal($"{device["verification_uri"]}?user_code={userCode}", device["verification_uri_complete"]!.GetValue<string>());
        Assert.Equal(600, device["expires_in"]!.GetValue<int>());
        Assert.Equal(5, device["interval"]!.GetValue<int>());
    }

    [Fact]
    public async Task DeviceCode_WrongSecret_InvalidClientAndNoCode()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/oauth/devicecode") { Content = new FormUrlEncodedContent([]) };
        request.Headers.Authorization = Basic("wrong");
        using var answer = await emulator.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
        Assert.Equal("invalid_client", JsonNode.Parse(await answer.Content.ReadAsStringAsync())!["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Activation_SignInEnterCodeAllow_PollGetsRotatingTokensOnce()
    {
        var device = await RequestDeviceCodeAsync();
        var deviceCode = device["device_code"]!.GetValue<string>();

        // Typed by a person: lower case and without the dash still matches.
        var done = await ActivateAsync(device["user_code"]!.GetValue<string>().Replace("-", "", StringComparison.Ordinal).ToLowerInvariant(), "allow");
        Assert.Contains("Device connected", done, StringComparison.Ordinal);
        await emulator.AdvanceAsync(TimeSpan.FromSeconds(5));
        var (status, tokens) = await emulator.TokenAsync(("grant_type", DeviceGrant), ("device_code", deviceCode));

        Assert.Equal(HttpStatusCode.OK, status);
        var me = await emulator.ApiAsync(HttpMethod.Get, "/v2/users/me", tokens!["access_token"]!.GetValue<string>());
        Assert.Equal("demo@zoomkit.local", me.Body!["email"]!.GetValue<string>());
        var (refreshed, _) = await emulator.TokenAsync(("grant_type", "refresh_token"), ("refresh_token", tokens["refresh_token"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.OK, refreshed);
        // Single use: the device code is spent.
        await emulator.AdvanceAsync(TimeSpan.FromSeconds(5));
        var (again, error) = await emulator.TokenAsync(("grant_type", DeviceGrant), ("device_code", deviceCode));
        Assert.Equal(HttpStatusCode.BadRequest, again);
        Assert.Equal("invalid_grant", error!["error"]!.GetValue<string>());
        var stats = await emulator.StatsAsync();
        Assert.Equal(2, stats["token_requests"]!["device_code"]!.GetValue<long>());
    }

    [Fact]
    public async Task Poll_BeforeTheUserDecides_PendingAndFasterThanTheIntervalSlowDown()
    {
        var deviceCode = (await RequestDeviceCodeAsync())["device_code"]!.GetValue<string>();

        // At once: sooner than the 5-second interval after issue.
        Assert.Equal("slow_down", await PollErrorAsync(deviceCode));
        await emulator.AdvanceAsync(TimeSpan.FromSeconds(4));
        // 4 s after the last poll is still too soon: the interval counts from each poll.
        Assert.Equal("slow_down", await PollErrorAsync(deviceCode));
        await emulator.AdvanceAsync(TimeSpan.FromSeconds(5));
        Assert.Equal("authorization_pending", await PollErrorAsync(deviceCode));

        var stats = await emulator.StatsAsync();
        Assert.Equal(2, stats["token_errors"]!["slow_down"]!.GetValue<long>());
        Assert.Equal(1, stats["token_errors"]!["authorization_pending"]!.GetValue<long>());
    }

    [Fact]
    public async Task Poll_AfterExpiresIn_ExpiredTokenAndTheCodeNoLongerActivates()
    {
        var device = await RequestDeviceCodeAsync();
        var deviceCode = device["device_code"]!.GetValue<string>();

        await emulator.AdvanceAsync(TimeSpan.FromSeconds(600));

        Assert.Equal("expired_token", await PollErrorAsync(deviceCode));
        var page = await ActivateAsync(device["user_code"]!.GetValue<string>(), decision: null);
        Assert.Contains("That code is not valid or has expired.", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Activation_Deny_AccessDeniedOnceThenInvalidGrant()
    {
        var device = await RequestDeviceCodeAsync();
        var deviceCode = device["device_code"]!.GetValue<string>();

        var done = await ActivateAsync(device["user_code"]!.GetValue<string>(), "deny");
        Assert.Contains("Access denied", done, StringComparison.Ordinal);
        await emulator.AdvanceAsync(TimeSpan.FromSeconds(5));
        Assert.Equal("access_denied", await PollErrorAsync(deviceCode));
        await emulator.AdvanceAsync(TimeSpan.FromSeconds(5));
        Assert.Equal("invalid_grant", await PollErrorAsync(deviceCode));
    }

    [Fact]
    public async Task Activation_WrongCode_CodePageAgainWithTheInputKept()
    {
        await RequestDeviceCodeAsync();

        var page = await ActivateAsync("BBBB-BBBB", decision: null);

        Assert.Contains("That code is not valid or has expired.", page, StringComparison.Ordinal);
        Assert.Contains("value=\"BBBB-BBBB\"", page, StringComparison.Ordinal);
        Assert.Equal(0, (await emulator.StatsAsync())["token_requests"]!["device_code"]!.GetValue<long>());
    }

    [Fact]
    public async Task Poll_WrongSecretOrUnknownDeviceCode_Refused()
    {
        var device = await RequestDeviceCodeAsync();
        var deviceCode = device["device_code"]!.GetValue<string>();
        await ActivateAsync(device["user_code"]!.GetValue<string>(), "allow");
        await emulator.AdvanceAsync(TimeSpan.FromSeconds(5));

        // The right code with a wrong secret never reaches the grant.
        var (status, body) = await emulator.TokenWithAsync("wrong", ("grant_type", DeviceGrant), ("device_code", deviceCode));
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("invalid_client", body!["error"]!.GetValue<string>());
        var (unknown, error) = await emulator.TokenAsync(("grant_type", DeviceGrant), ("device_code", deviceCode + "x"));
        Assert.Equal(HttpStatusCode.BadRequest, unknown);
        Assert.Equal("invalid_grant", error!["error"]!.GetValue<string>());
    }

    private static AuthenticationHeaderValue Basic(string secret) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{EmulatorFixture.ClientId}:{secret}")));

    private async Task<JsonObject> RequestDeviceCodeAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/oauth/devicecode") { Content = new FormUrlEncodedContent([]) };
        request.Headers.Authorization = Basic(EmulatorFixture.ClientSecret);
        using var answer = await emulator.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        return JsonNode.Parse(await answer.Content.ReadAsStringAsync())!.AsObject();
    }

    private async Task<string> PollErrorAsync(string deviceCode)
    {
        var (status, body) = await emulator.TokenAsync(("grant_type", DeviceGrant), ("device_code", deviceCode));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        return body!["error"]!.GetValue<string>();
    }

    /// <summary>The activation pages as a browser walks them; returns the last page (the consent's answer, or the code page when the code was refused).</summary>
    private async Task<string> ActivateAsync(string userCode, string? decision)
    {
        var signIn = await emulator.Http.GetStringAsync("/oauth/device");
        var codePage = await (await emulator.Http.PostAsync("/oauth/device/signin", new FormUrlEncodedContent(
            [new("request", EmulatorFixture.Hidden(signIn, "request")), new("email", "demo@zoomkit.local"), new("password", "demo")]))).Content.ReadAsStringAsync();
        Assert.Contains(">Code<", codePage, StringComparison.Ordinal);
        var consent = await (await emulator.Http.PostAsync("/oauth/device/code", new FormUrlEncodedContent(
            [new("request", EmulatorFixture.Hidden(codePage, "request")), new("code", userCode)]))).Content.ReadAsStringAsync();
        if (decision is null || !consent.Contains("Allow", StringComparison.Ordinal))
        {
            return consent;
        }
        return await (await emulator.Http.PostAsync("/oauth/device/consent", new FormUrlEncodedContent(
            [new("request", EmulatorFixture.Hidden(consent, "request")), new("decision", decision)]))).Content.ReadAsStringAsync();
    }
}
