using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using ZoomKit.Emulator;
using ZoomKit.OAuth;
using ZoomKit.Testing;

namespace ZoomKit.Benchmarks;

/// <summary>
/// The emulator's throughput over loopback HTTP. The baseline is a bare Kestrel endpoint returning
/// a meeting-sized JSON body, so the ratio is what the emulator's own work costs per request.
/// </summary>
[MemoryDiagnoser]
public class EmulatorBenchmarks
{
    private EmulatorSession _emulator = null!;
    private WebApplication _bare = null!;
    private HttpClient _http = null!;
    private string _meetingPath = "";
    private string _bareUrl = "";
    private byte[] _createBody = [];

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _emulator = await EmulatorSession.StartAsync(new KeyValuePair<string, string?>("Emulator:RateLimits:Enabled", "false"));
        var oauth = _emulator.CreateOAuthClient();
        ZoomTokens tokens = await _emulator.AuthorizeAsync(oauth);
        _http = new HttpClient { BaseAddress = _emulator.BaseUrl };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);
        _createBody = Encoding.UTF8.GetBytes("""{"topic":"Benchmark","start_time":"2030-01-01T10:00:00Z","duration":30,"settings":{"waiting_room":true}}""");
        var created = await Create();
        var meeting = await _http.GetStringAsync($"/v2/meetings/{created}");
        _meetingPath = $"/v2/meetings/{created}";

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        _bare = builder.Build();
        _bare.MapGet("/meeting", () => Results.Text(meeting, "application/json"));
        await _bare.StartAsync();
        _bareUrl = _bare.Urls.First() + "/meeting";
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _http.Dispose();
        await _bare.DisposeAsync();
        await _emulator.DisposeAsync();
    }

    [Benchmark(Baseline = true, Description = "bare Kestrel GET, same JSON")]
    public Task<string> BareGet() => _http.GetStringAsync(_bareUrl);

    [Benchmark(Description = "emulator GET /v2/meetings/{id}")]
    public Task<string> GetMeeting() => _http.GetStringAsync(_meetingPath);

    [Benchmark(Description = "emulator POST /v2/users/me/meetings")]
    public Task<long> CreateMeeting() => Create();

    private async Task<long> Create()
    {
        using var content = new ByteArrayContent(_createBody);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await _http.PostAsync("/v2/users/me/meetings", content);
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!.GetValue<long>();
    }
}
