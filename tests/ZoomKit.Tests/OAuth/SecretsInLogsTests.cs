using Microsoft.Extensions.DependencyInjection;
using ZoomKit.OAuth;
using ZoomKit.Testing;
using ZoomKit.Tests.Http;

namespace ZoomKit.Tests.OAuth;

/// <summary>
/// No secret reaches a log: the client secret, the authorization code, the PKCE verifier, and every
/// access and refresh token, through a code exchange, API calls, a refresh after expiry and a forced
/// refresh after a 401, with every ZoomKit log at Trace.
/// </summary>
public sealed class SecretsInLogsTests
{
    [Fact]
    public async Task CodeExchangeCallsAndRefreshes_EveryLogLine_HoldsNoSecret()
    {
        await using var h = await ApiHarness.StartAsync();
        var oauth = h.Services.GetRequiredService<ZoomOAuthClient>();
        var request = oauth.CreateAuthorizationRequest();
        using var answer = await h.Emulator.Admin.GetAsync(request.AuthorizationUri);
        var code = request.ReadCallback(answer.Headers.Location!);
        var tokens = (await oauth.ExchangeCodeAsync(code, request.Pkce.Verifier)).GetTokensOrThrow();
        await h.Tokens.ConnectAsync("secrets", tokens);
        var client = h.Services.GetRequiredService<ZoomKit.Http.ZoomClientFactory>().CreateClient("secrets");
        await client.Users.GetMeAsync();
        // Zoom's clock moves past the token: the next call meets 401 code 124 and refreshes.
        await h.Emulator.AdvanceAsync(TimeSpan.FromSeconds(3600));
        await client.Users.GetMeAsync();
        var refreshed = (await h.Tokens.Store.GetAsync("secrets"))!;
        // A refused code too: Zoom's older answers appended it to the reason.
        await oauth.ExchangeCodeAsync(code, request.Pkce.Verifier);

        var secrets = new[] { EmulatorSession.ClientSecret, code, request.Pkce.Verifier, tokens.AccessToken, tokens.RefreshToken!, refreshed.AccessToken, refreshed.RefreshToken! };
        var lines = h.Logs.GetSnapshot().Select(r => $"{r.Message} {r.Exception} {string.Join(' ', r.StructuredState?.Select(p => p.Value) ?? [])}").ToList();

        Assert.NotEqual(tokens.AccessToken, refreshed.AccessToken);
        Assert.True(lines.Count > 5, $"only {lines.Count} log lines were captured");
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(lines, line => line.Contains(secret, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task DeviceFlow_PendingSlowDownAndTokens_EveryLogLineHoldsNoDeviceCodeOrToken()
    {
        await using var h = await ApiHarness.StartAsync([new("Emulator:DeviceCodeIntervalSeconds", "1")]);
        var oauth = h.Services.GetRequiredService<ZoomOAuthClient>();
        var authorization = await oauth.RequestDeviceAuthorizationAsync();
        var waiting = oauth.WaitForDeviceTokensAsync(authorization);
        using var browser = new HttpClient();
        await Task.Delay(1500);
        await EmulatorPages.ActivateDeviceAsync(browser, authorization.VerificationUri, authorization.UserCode, allow: true);
        var tokens = (await waiting).GetTokensOrThrow();

        var lines = h.Logs.GetSnapshot().Select(r => $"{r.Message} {r.Exception} {string.Join(' ', r.StructuredState?.Select(p => p.Value) ?? [])}").ToList();

        Assert.Contains(lines, line => line.Contains("Device code issued", StringComparison.Ordinal));
        foreach (var secret in new[] { EmulatorSession.ClientSecret, authorization.DeviceCode, tokens.AccessToken, tokens.RefreshToken! })
        {
            Assert.DoesNotContain(lines, line => line.Contains(secret, StringComparison.Ordinal));
        }
    }
}
