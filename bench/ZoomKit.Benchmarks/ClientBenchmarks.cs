using System.Net.Http.Headers;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using ZoomKit.DependencyInjection;
using ZoomKit.Http;
using ZoomKit.Meetings;
using ZoomKit.OAuth;
using ZoomKit.Testing;
using ZoomKit.Tokens;

namespace ZoomKit.Benchmarks;

/// <summary>
/// What ZoomClient adds to one call: the same GET of a meeting from the same emulator, once through
/// a raw HttpClient with System.Text.Json (the baseline), once through ZoomClient (token manager,
/// scopes, rate-limit budget, resilience pipeline, typed model).
/// </summary>
[MemoryDiagnoser]
public class ClientOverheadBenchmarks
{
    private EmulatorSession _emulator = null!;
    private ServiceProvider _services = null!;
    private HttpClient _raw = null!;
    private ZoomClient _client = null!;
    private long _meetingId;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _emulator = await EmulatorSession.StartAsync(new KeyValuePair<string, string?>("Emulator:RateLimits:Enabled", "false"));
        _services = ZoomServices.Build(_emulator.BaseUrl);
        var tokens = await _emulator.AuthorizeAsync(_services.GetRequiredService<ZoomOAuthClient>());
        await _services.GetRequiredService<ZoomTokenManager>().ConnectAsync("bench", tokens);
        _client = _services.GetRequiredService<ZoomClientFactory>().CreateClient("bench");
        _meetingId = (await _client.Meetings.CreateAsync(new MeetingCreateRequest { Topic = "Overhead", StartTime = DateTimeOffset.UtcNow.AddDays(1) })).Id;
        _raw = new HttpClient { BaseAddress = new Uri(_emulator.BaseUrl, "/v2/") };
        _raw.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _raw.Dispose();
        await _services.DisposeAsync();
        await _emulator.DisposeAsync();
    }

    [Benchmark(Baseline = true, Description = "raw HttpClient + System.Text.Json")]
    public async Task<string?> Raw()
    {
        using var response = await _raw.GetAsync($"meetings/{_meetingId}");
        response.EnsureSuccessStatusCode();
        await using var stream = await response.Content.ReadAsStreamAsync();
        using var document = await JsonDocument.ParseAsync(stream);
        return document.RootElement.GetProperty("topic").GetString();
    }

    [Benchmark(Description = "ZoomClient.Meetings.GetAsync")]
    public async Task<string?> ZoomKit() => (await _client.Meetings.GetAsync(_meetingId)).Topic;
}

internal static class ZoomServices
{
    public static ServiceProvider Build(Uri emulator)
    {
        var services = new ServiceCollection();
        services.AddZoomKit(o =>
        {
            o.ClientId = EmulatorSession.ClientId;
            o.ClientSecret = EmulatorSession.ClientSecret;
            o.RedirectUri = EmulatorSession.Redirect;
            o.OAuthBaseUrl = emulator;
        });
        services.Configure<ZoomApiOptions>(o =>
        {
            o.ApiBaseUrl = new Uri(emulator, "/v2");
            o.LightPerSecond = 1_000_000;
            o.MediumPerSecond = 1_000_000;
            o.DailyMeetingWritesPerUser = int.MaxValue;
        });
        return services.BuildServiceProvider();
    }
}
