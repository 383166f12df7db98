using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ZoomKit.Emulator.Tests.Webhooks;

/// <summary>A loopback endpoint that receives the emulator's webhooks, checks signatures, and answers URL validation.</summary>
public sealed class WebhookReceiver : IAsyncLifetime
{
    public const string Secret = "test-webhook-secret";
    private WebApplication? _app;

    public ConcurrentQueue<(JsonObject Body, bool SignatureValid)> Received { get; } = new();
    private int _failuresToSend;

    public int FailuresToSend { get => _failuresToSend; set => _failuresToSend = value; }

    public string Url { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.MapPost("/hook", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var raw = await reader.ReadToEndAsync();
            var timestamp = context.Request.Headers["x-zm-request-timestamp"].ToString();
            var expected = "v0=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes($"v0:{timestamp}:{raw}")));
            var valid = CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(context.Request.Headers["x-zm-signature"].ToString()));
            var body = (JsonObject)JsonNode.Parse(raw)!;
            if (Interlocked.Decrement(ref _failuresToSend) >= 0)
            {
                return Results.StatusCode(500);
            }
            Received.Enqueue((body, valid));
            if (body["event"]!.GetValue<string>() == "endpoint.url_validation")
            {
                var plain = body["payload"]!["plainToken"]!.GetValue<string>();
                var encrypted = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(plain)));
                return Results.Json(new { plainToken = plain, encryptedToken = encrypted });
            }
            return Results.NoContent();
        });
        await _app.StartAsync();
        Url = _app.Urls.First() + "/hook";
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    public async Task<JsonObject> WaitForAsync(string eventName)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            var match = Received.FirstOrDefault(r => r.Body["event"]!.GetValue<string>() == eventName);
            if (match.Body is not null)
            {
                Assert.True(match.SignatureValid, "the signature must verify");
                return match.Body;
            }
            await Task.Delay(20, timeout.Token);
        }
    }
}

public sealed class WebhookEmulatorFixture : EmulatorFixture
{
    public WebhookReceiver Receiver { get; } = new();

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Emulator:Webhooks:Url", Receiver.Url),
        new("Emulator:Webhooks:SecretToken", WebhookReceiver.Secret),
        new("Emulator:Webhooks:RetryDelaysSeconds:0", "0"),
        new("Emulator:Webhooks:RetryDelaysSeconds:1", "0"),
    ];

    public new async Task InitializeAsync()
    {
        await Receiver.InitializeAsync();
        await base.InitializeAsync();
    }
}

public sealed class WebhookTests : IAsyncLifetime
{
    private readonly WebhookEmulatorFixture _emulator = new();

    public async Task InitializeAsync() => await _emulator.InitializeAsync();

    public async Task DisposeAsync()
    {
        await _emulator.DisposeAsync();
        await _emulator.Receiver.DisposeAsync();
    }

    [Fact]
    public async Task MeetingLifecycle_SignedEventsForCreateUpdateDelete()
    {
        var token = (await _emulator.AuthorizeAsync())["access_token"]!.GetValue<string>();
        var created = await _emulator.ApiAsync(HttpMethod.Post, "/v2/users/me/meetings", token, new JsonObject { ["topic"] = "Hooked" });
        var id = created.Body!["id"]!.GetValue<long>();
        await _emulator.ApiAsync(HttpMethod.Patch, $"/v2/meetings/{id}", token, new JsonObject { ["topic"] = "Renamed" });
        await _emulator.ApiAsync(HttpMethod.Delete, $"/v2/meetings/{id}", token);

        var createdEvent = await _emulator.Receiver.WaitForAsync("meeting.created");
        var updated = await _emulator.Receiver.WaitForAsync("meeting.updated");
        var deleted = await _emulator.Receiver.WaitForAsync("meeting.deleted");

        Assert.Equal(id, createdEvent["payload"]!["object"]!["id"]!.GetValue<long>());
        Assert.Equal("demo@zoomkit.local", createdEvent["payload"]!["operator"]!.GetValue<string>());
        Assert.Equal("Renamed", updated["payload"]!["object"]!["topic"]!.GetValue<string>());
        Assert.Equal("Hooked", updated["payload"]!["old_object"]!["topic"]!.GetValue<string>());
        Assert.Equal(id, deleted["payload"]!["object"]!["id"]!.GetValue<long>());
        Assert.Null(createdEvent["payload"]!["object"]!["start_url"]);
    }

    [Fact]
    public async Task StartAndEnd_SendMeetingStartedAndEnded_AsZoomsWebhookSpecDescribes()
    {
        var token = (await _emulator.AuthorizeAsync())["access_token"]!.GetValue<string>();
        var id = (await _emulator.ApiAsync(HttpMethod.Post, "/v2/users/me/meetings", token, new JsonObject { ["topic"] = "Live", ["start_time"] = "2031-01-02T10:00:00Z", ["timezone"] = "UTC" })).Body!["id"]!.GetValue<long>();

        (await _emulator.Http.PostAsJsonAsync($"/_emulator/meetings/{id}/start", new { })).EnsureSuccessStatusCode();
        var running = await _emulator.ApiAsync(HttpMethod.Get, $"/v2/meetings/{id}", token);
        (await _emulator.Http.PostAsJsonAsync($"/_emulator/meetings/{id}/end", new { })).EnsureSuccessStatusCode();
        var ended = await _emulator.ApiAsync(HttpMethod.Get, $"/v2/meetings/{id}", token);

        Assert.Equal("started", running.Body!["status"]!.GetValue<string>());
        Assert.Equal("waiting", ended.Body!["status"]!.GetValue<string>());
        using var specFile = File.OpenRead(Path.Combine(ZoomKit.Testing.ZoomSpec.Directory, "webhooks", "workplace", "Meetings.json"));
        var spec = (JsonObject)JsonNode.Parse(specFile)!;
        foreach (var name in new[] { "meeting.started", "meeting.ended" })
        {
            var body = await _emulator.Receiver.WaitForAsync(name);
            var schema = (JsonObject)spec["webhooks"]![name]!["post"]!["requestBody"]!["content"]!["application/json"]!["schema"]!;
            Assert.Empty(Spec.Validate(schema, body));
            Assert.Empty(Spec.Undeclared(schema, body));
            Assert.Equal(id.ToString(CultureInfo.InvariantCulture), body["payload"]!["object"]!["id"]!.GetValue<string>());
        }
        // Already ended: nothing more is sent; an unknown meeting is named.
        (await _emulator.Http.PostAsJsonAsync($"/_emulator/meetings/{id}/end", new { })).EnsureSuccessStatusCode();
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, (await _emulator.Http.PostAsJsonAsync("/_emulator/meetings/1/start", new { })).StatusCode);
        Assert.Equal(3, (await _emulator.StatsAsync())["webhooks"]!["sent"]!.GetValue<long>());
    }

    [Fact]
    public async Task Deauthorize_SendsAppDeauthorized()
    {
        await _emulator.AuthorizeAsync();
        await _emulator.Http.PostAsJsonAsync("/_emulator/deauthorize", new { email = "demo@zoomkit.local" });

        var body = await _emulator.Receiver.WaitForAsync("app_deauthorized");

        Assert.Equal(EmulatorFixture.ClientId, body["payload"]!["client_id"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(body["payload"]!["user_id"]!.GetValue<string>()));
        Assert.True(DateTimeOffset.TryParse(body["payload"]!["deauthorization_time"]!.GetValue<string>(), CultureInfo.InvariantCulture, out _));
    }

    [Fact]
    public async Task FailedDelivery_IsRetried()
    {
        _emulator.Receiver.FailuresToSend = 2;
        var token = (await _emulator.AuthorizeAsync())["access_token"]!.GetValue<string>();
        await _emulator.ApiAsync(HttpMethod.Post, "/v2/users/me/meetings", token, new JsonObject { ["topic"] = "Retry" });

        await _emulator.Receiver.WaitForAsync("meeting.created");

        // The emulator counts the delivery once the receiver's answer is back.
        var stats = await _emulator.StatsAsync();
        for (var i = 0; i < 200 && stats["webhooks"]!["delivered"]!.GetValue<long>() == 0; i++)
        {
            await Task.Delay(25);
            stats = await _emulator.StatsAsync();
        }
        Assert.Equal(2, stats["webhooks"]!["failed_attempts"]!.GetValue<long>());
        Assert.Equal(1, stats["webhooks"]!["delivered"]!.GetValue<long>());
    }

    [Fact]
    public async Task UrlValidation_OnDemand_ValidatedWhenAnsweredRight()
    {
        var answer = await _emulator.Http.PostAsJsonAsync("/_emulator/webhooks/validate", new { });

        var body = JsonNode.Parse(await answer.Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.True(body["validated"]!.GetValue<bool>());
    }
}
