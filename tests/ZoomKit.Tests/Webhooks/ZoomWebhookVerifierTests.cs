using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using ZoomKit.Testing;
using ZoomKit.Webhooks;

namespace ZoomKit.Tests.Webhooks;

public sealed class ZoomWebhookVerifierTests
{
    private const string Secret = "webhook-secret";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));

    private static readonly byte[] Created = Encoding.UTF8.GetBytes(
        """{"event":"meeting.created","event_ts":1796000000000,"payload":{"account_id":"acc","operator":"a@b.c","operator_id":"u1","object":{"id":81234567890,"uuid":"abc==","topic":"Hi","start_time":"2030-01-01T10:00:00Z","duration":30}}}""");

    private string Now => _time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    [Fact]
    public void Verify_Genuine_AcceptedAndTyped()
    {
        var verifier = new ZoomWebhookVerifier(Secret, _time);

        var result = verifier.Verify(Now, verifier.Sign(Now, Created), Created);

        Assert.True(result.IsValid);
        Assert.Equal("meeting.created", result.Event!.Event);
        Assert.Equal(81234567890, result.Event.Meeting!.Meeting!.Id);
        Assert.Equal("a@b.c", result.Event.Meeting.Operator);
    }

    [Fact]
    public void Verify_TamperedBody_BadSignature()
    {
        var verifier = new ZoomWebhookVerifier(Secret, _time);
        var signature = verifier.Sign(Now, Created);
        var tampered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(Created).Replace("Hi", "Ho", StringComparison.Ordinal));

        Assert.Equal(WebhookRejection.BadSignature, verifier.Verify(Now, signature, tampered).Rejection);
    }

    [Fact]
    public void Verify_OtherSecret_BadSignature()
    {
        var signature = new ZoomWebhookVerifier("another-secret", _time).Sign(Now, Created);
        Assert.Equal(WebhookRejection.BadSignature, new ZoomWebhookVerifier(Secret, _time).Verify(Now, signature, Created).Rejection);
    }

    [Fact]
    public void Verify_SixMinutesOld_Stale()
    {
        var verifier = new ZoomWebhookVerifier(Secret, _time);
        var old = _time.GetUtcNow().AddMinutes(-6).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

        Assert.Equal(WebhookRejection.Stale, verifier.Verify(old, verifier.Sign(old, Created), Created).Rejection);
    }

    [Fact]
    public void Verify_SameDeliveryTwice_ReplayRefused()
    {
        var verifier = new ZoomWebhookVerifier(Secret, _time);
        var signature = verifier.Sign(Now, Created);

        Assert.True(verifier.Verify(Now, signature, Created).IsValid);
        Assert.Equal(WebhookRejection.Replayed, verifier.Verify(Now, signature, Created).Rejection);
    }

    [Theory]
    [InlineData(null, "v0=abc")]
    [InlineData("not-a-number", "v0=abc")]
    [InlineData("1796000000", null)]
    [InlineData("1796000000", "v1=abc")]
    public void Verify_MissingOrMalformedHeaders_Refused(string? timestamp, string? signature)
    {
        Assert.Equal(WebhookRejection.MissingHeaders, new ZoomWebhookVerifier(Secret, _time).Verify(timestamp, signature, Created).Rejection);
    }

    [Fact]
    public void AnswerUrlValidation_Always_HmacOfPlainToken()
    {
        var answer = new ZoomWebhookVerifier(Secret, _time).AnswerUrlValidation("qgg8vlvZRS6UYooatFL8Aw");
        // hex(HMAC-SHA256("webhook-secret", "qgg8vlvZRS6UYooatFL8Aw"))
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes("qgg8vlvZRS6UYooatFL8Aw"))), answer.EncryptedToken);
        Assert.Equal(64, answer.EncryptedToken.Length);
    }

    [Fact]
    public async Task MapZoomWebhooks_EmulatorDeliveries_VerifiedHandledAndUrlValidated()
    {
        var received = new System.Collections.Concurrent.ConcurrentQueue<ZoomWebhookEvent>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        await using var app = builder.Build();
        app.MapZoomWebhooks("/zoom/webhook", new ZoomWebhookVerifier(Secret), (e, _) =>
        {
            received.Enqueue(e);
            return Task.CompletedTask;
        });
        await app.StartAsync();
        var url = app.Urls.First() + "/zoom/webhook";
        await using var emulator = await EmulatorSession.StartAsync(new("Emulator:Webhooks:Url", url), new("Emulator:Webhooks:SecretToken", Secret));
        var oauth = emulator.CreateOAuthClient();
        var tokens = await emulator.AuthorizeAsync(oauth);

        var validation = await (await emulator.Admin.PostAsJsonAsync("/_emulator/webhooks/validate", new { })).Content.ReadFromJsonAsync<Dictionary<string, object>>();
        await oauth.RevokeAsync(tokens.AccessToken);
        using var forged = new HttpClient();
        var refused = await forged.PostAsync(url, new StringContent(Encoding.UTF8.GetString(Created), Encoding.UTF8, "application/json"));

        Assert.Equal("True", validation!["validated"].ToString());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (!received.Any(e => e.Event == "app_deauthorized"))
        {
            await Task.Delay(20, timeout.Token);
        }
        var deauthorized = received.Single(e => e.Event == "app_deauthorized");
        Assert.Equal(EmulatorSession.ClientId, deauthorized.Deauthorized!.ClientId);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public void CheckHeaders_DecidesWithoutABody()
    {
        var verifier = new ZoomWebhookVerifier(Secret, _time);
        var now = _time.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var stale = _time.GetUtcNow().AddMinutes(-10).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(WebhookRejection.MissingHeaders, verifier.CheckHeaders(null, "v0=ab"));
        Assert.Equal(WebhookRejection.MissingHeaders, verifier.CheckHeaders(now, "sha256=ab"));
        Assert.Equal(WebhookRejection.Stale, verifier.CheckHeaders(stale, "v0=ab"));
        Assert.Equal(WebhookRejection.None, verifier.CheckHeaders(now, "v0=ab"));
    }

    [Fact]
    public async Task MapZoomWebhooks_RetriedDeliveryOnAnotherInstance_HandledOnceUnlessHandlingFailed()
    {
        // Two instances sharing one delivery log, as two app instances share their database.
        var log = new InMemoryWebhookDeliveryLog();
        var handled = 0;
        await using var first = await StartInstanceAsync(log, () => ++handled == 1 ? throw new InvalidOperationException("database down") : Task.CompletedTask);
        await using var second = await StartInstanceAsync(log, () => { handled++; return Task.CompletedTask; });
        var body = """{"event":"app_deauthorized","event_ts":1764500000000,"payload":{"account_id":"a","user_id":"u","client_id":"c","deauthorization_time":"2026-11-30T12:00:00Z"}}"""u8.ToArray();

        // Each attempt signed anew with its own timestamp, as Zoom's retries are.
        var failed = await PostSignedAsync(first, body, secondsAgo: 3);    // the handler throws: Zoom will retry
        var retried = await PostSignedAsync(second, body, secondsAgo: 2);  // Zoom's retry lands on the other instance: handled
        var again = await PostSignedAsync(first, body, secondsAgo: 1);     // and a late copy of it: not handled again

        Assert.Equal(HttpStatusCode.InternalServerError, failed);
        Assert.Equal(HttpStatusCode.NoContent, retried);
        Assert.Equal(HttpStatusCode.NoContent, again);
        Assert.Equal(2, handled);
    }

    private static async Task<WebApplication> StartInstanceAsync(IWebhookDeliveryLog log, Func<Task> handle)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton(builder.Services, log);
        var app = builder.Build();
        app.MapZoomWebhooks("/zoom/webhook", new ZoomWebhookVerifier(Secret), (_, _) => handle());
        await app.StartAsync();
        return app;
    }

    private static async Task<HttpStatusCode> PostSignedAsync(WebApplication app, byte[] body, int secondsAgo)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, app.Urls.First() + "/zoom/webhook") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        var timestamp = (DateTimeOffset.UtcNow.ToUnixTimeSeconds() - secondsAgo).ToString(System.Globalization.CultureInfo.InvariantCulture);
        request.Headers.Add(ZoomWebhookConstants.TimestampHeader, timestamp);
        request.Headers.Add(ZoomWebhookConstants.SignatureHeader, new ZoomWebhookVerifier(Secret).Sign(timestamp, body));
        using var answer = await http.SendAsync(request);
        return answer.StatusCode;
    }
}
