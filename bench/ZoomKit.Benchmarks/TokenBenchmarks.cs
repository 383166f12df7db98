using System.Collections.Concurrent;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Options;
using ZoomKit.OAuth;
using ZoomKit.Testing;
using ZoomKit.Tokens;

namespace ZoomKit.Benchmarks;

/// <summary>
/// The hot path of every API call: a token that is still fresh. The baseline is the least any
/// cache can do, a dictionary lookup and an expiry check.
/// </summary>
[MemoryDiagnoser]
public class FreshTokenBenchmarks
{
    private readonly ConcurrentDictionary<string, (string Token, DateTimeOffset ExpiresAt)> _cache = new();
    private ZoomTokenManager _manager = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var endpoint = new FakeTokenEndpoint(() => DateTimeOffset.UtcNow);
        var store = new InMemoryTokenStore();
        var (access, refresh) = endpoint.Authorize();
        await store.SaveAsync(new ZoomConnection { Id = "user-1", AccessToken = access, RefreshToken = refresh, AccessTokenExpiresAt = DateTimeOffset.UtcNow.AddHours(1) });
        _manager = new ZoomTokenManager(Harness.OAuth(endpoint), store);
        await _manager.GetAccessTokenAsync("user-1");
        _cache["user-1"] = (access, DateTimeOffset.UtcNow.AddHours(1));
    }

    [Benchmark(Baseline = true, Description = "dictionary lookup + expiry check")]
    public string Baseline()
    {
        var entry = _cache["user-1"];
        return TimeProvider.System.GetUtcNow() < entry.ExpiresAt - TimeSpan.FromMinutes(5) ? entry.Token : "";
    }

    [Benchmark(Description = "ZoomTokenManager.GetAccessTokenAsync, fresh token")]
    public async ValueTask<string> GetAccessToken() => (await _manager.GetAccessTokenAsync("user-1")).Value;
}

/// <summary>
/// Test 1's refresh storm: callers that arrive together at an expired token. The baseline is one
/// caller doing the same refresh alone, so the ratio is the cost of the waiters that share it.
/// </summary>
[MemoryDiagnoser]
public class RefreshStormBenchmarks
{
    private FakeTokenEndpoint _endpoint = null!;
    private InMemoryTokenStore _store = null!;
    private ZoomTokenManager _manager = null!;
    private int _next;

    [Params(1000)]
    public int Callers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _endpoint = new FakeTokenEndpoint(() => DateTimeOffset.UtcNow);
        _store = new InMemoryTokenStore();
        _manager = new ZoomTokenManager(Harness.OAuth(_endpoint), _store);
    }

    [Benchmark(Baseline = true, Description = "one caller, one refresh")]
    public async Task<string> OneCaller()
    {
        var id = await ExpiredConnectionAsync();
        return (await _manager.GetAccessTokenAsync(id)).Value;
    }

    [Benchmark(Description = "1,000 concurrent callers, one refresh")]
    public async Task<int> Storm()
    {
        var id = await ExpiredConnectionAsync();
        var callers = new Task<ZoomAccessToken>[Callers];
        for (var i = 0; i < callers.Length; i++)
        {
            callers[i] = _manager.GetAccessTokenAsync(id).AsTask();
        }
        var tokens = await Task.WhenAll(callers);
        return tokens.Length;
    }

    private async Task<string> ExpiredConnectionAsync()
    {
        var id = "user-" + Interlocked.Increment(ref _next);
        var (access, refresh) = _endpoint.Authorize();
        await _store.SaveAsync(new ZoomConnection { Id = id, AccessToken = access, RefreshToken = refresh, AccessTokenExpiresAt = DateTimeOffset.UtcNow.AddSeconds(-1) });
        return id;
    }
}

internal static class Harness
{
    public static ZoomOAuthClient OAuth(FakeTokenEndpoint endpoint) =>
        new(new HttpClient(new FakeTokenHandler(endpoint)), Options.Create(new ZoomOAuthOptions
        {
            ClientId = FakeTokenEndpoint.ClientId,
            ClientSecret = FakeTokenEndpoint.ClientSecret,
            OAuthBaseUrl = new Uri("https://zoom.test"),
        }));
}
