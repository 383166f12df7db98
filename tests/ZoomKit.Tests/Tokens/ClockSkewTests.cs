using System.Net.Http.Headers;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ZoomKit.Testing;
using ZoomKit.Tokens;

namespace ZoomKit.Tests.Tokens;

/// <summary>
/// Two instances on one store whose clocks are two minutes apart, against the emulator's own clock:
/// whichever instance refreshes, and whichever reads the other's record, no caller is ever handed a
/// token the emulator refuses, as long as the refresh-ahead margin exceeds the skew.
/// </summary>
public sealed class ClockSkewTests
{
    private static readonly TimeSpan Skew = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task TwoInstancesClocksTwoMinutesApart_DefaultMargin_EveryTokenServedIsValidAtZoom()
    {
        var refused = await RunAsync(new ZoomTokenManagerOptions());

        Assert.Empty(refused);
    }

    [Fact]
    public async Task TwoInstancesClocksTwoMinutesApart_MarginBelowTheSkew_TheSlowInstanceServesDeadTokens()
    {
        // The guard of the test above: with a margin below the skew, the instance whose clock is behind
        // hands out a token for a while after Zoom has expired it.
        var refused = await RunAsync(new ZoomTokenManagerOptions { RefreshAhead = TimeSpan.FromMinutes(1) });

        Assert.Contains(refused, r => r.StartsWith("slow", StringComparison.Ordinal));
    }

    /// <summary>Steps all three clocks together through two token lifetimes; returns every token an instance served that Zoom refused.</summary>
    private static async Task<List<string>> RunAsync(ZoomTokenManagerOptions options)
    {
        await using var emulator = await EmulatorSession.StartAsync(new KeyValuePair<string, string?>("Emulator:RateLimits:Enabled", "false"));
        var store = new InMemoryTokenStore();
        var right = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var slow = new FakeTimeProvider(DateTimeOffset.UtcNow - Skew);
        var instances = new (string Name, FakeTimeProvider Clock, ZoomTokenManager Manager)[]
        {
            ("right", right, new ZoomTokenManager(emulator.CreateOAuthClient(), store, Options.Create(options), right)),
            ("slow", slow, new ZoomTokenManager(emulator.CreateOAuthClient(), store, Options.Create(options), slow)),
        };
        await instances[0].Manager.ConnectAsync("user-1", await emulator.AuthorizeAsync(emulator.CreateOAuthClient()));
        using var http = new HttpClient { BaseAddress = emulator.BaseUrl };
        var refused = new List<string>();
        var step = TimeSpan.FromSeconds(20);
        for (var elapsed = TimeSpan.Zero; elapsed < TimeSpan.FromHours(2.2); elapsed += step)
        {
            foreach (var (name, _, manager) in instances)
            {
                var token = await manager.GetAccessTokenAsync("user-1");
                using var request = new HttpRequestMessage(HttpMethod.Get, "/v2/users/me");
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Value);
                using var answer = await http.SendAsync(request);
                if (!answer.IsSuccessStatusCode)
                {
                    refused.Add($"{name} at +{elapsed.TotalMinutes:0.0} min: HTTP {(int)answer.StatusCode}");
                }
            }
            right.Advance(step);
            slow.Advance(step);
            await emulator.AdvanceAsync(step);
        }
        Assert.True(await emulator.RefreshRequestsAsync() >= 2, "the tokens were never renewed");
        Assert.Equal(0, await emulator.InvalidGrantsAsync());
        return refused;
    }
}
