using System.Globalization;
using System.Net;
using System.Text;
using ZoomKit.Webhooks;

namespace ZoomKit.App.Tests;

/// <summary>The app's webhook endpoint decides on the headers before it reads a body, and reads no more than 64 KB.</summary>
public sealed class WebhookEndpointTests(AppHost host) : IClassFixture<AppHost>
{
    /// <summary>The embedded default's secret: random, in the data folder, shared with the embedded emulator.</summary>
    private ZoomWebhookVerifier Signer => new(
        Convert.ToHexStringLower(ZoomKit.Tokens.TokenKeyFile.LoadOrCreate(Path.Combine(host.DataFolder, "webhook-secret.key"))), TimeProvider.System);

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task EmbeddedSecret_RandomPerDataFolder_TheOldConstantSignsNothing()
    {
        var body = Encoding.UTF8.GetBytes("""{"event":"app_deauthorized","event_ts":1,"payload":{"account_id":"a","user_id":"u","signature":"s","deauthorization_time":"2026-01-01T00:00:00Z","client_id":"zoomkit-local"}}""");

        using var forged = await PostAsync(body, new ZoomWebhookVerifier("zoomkit-local-webhook-secret", TimeProvider.System));

        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        var secretFile = Path.Combine(host.DataFolder, "webhook-secret.key");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(secretFile));
        // Another data folder, another secret.
        var other = Path.Combine(Path.GetTempPath(), "zoomkit-app-tests", Guid.NewGuid().ToString("N"), "webhook-secret.key");
        Assert.NotEqual(ZoomKit.Tokens.TokenKeyFile.LoadOrCreate(secretFile), ZoomKit.Tokens.TokenKeyFile.LoadOrCreate(other));
        Directory.Delete(Path.GetDirectoryName(other)!, recursive: true);
    }

    [Fact]
    public async Task SignedBodyOver64KB_413()
    {
        var body = Encoding.UTF8.GetBytes("""{"event":"meeting.updated","payload":{"pad":""" + "\"" + new string('x', 100_000) + "\"}}");

        using var answer = await PostAsync(body, sign: true);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, answer.StatusCode);
    }

    [Fact]
    public async Task UnsignedLargeBody_401()
    {
        using var answer = await PostAsync(new byte[1_000_000], sign: false);

        Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
    }

    [Fact]
    public async Task SignedSmallDelivery_Accepted()
    {
        var body = Encoding.UTF8.GetBytes("""{"event":"meeting.updated","event_ts":1,"payload":{"account_id":"a","object":{"id":1}}}""");

        using var answer = await PostAsync(body, sign: true);

        Assert.Equal(HttpStatusCode.NoContent, answer.StatusCode);
    }

    [Fact]
    public async Task Deauthorized_BeforeTheConnectionWasMade_Kept_AfterIt_Forgotten()
    {
        var page = await host.SignInAsync("ada@example.com", "ada");
        var (zoomUserId, connection) = await host.ConnectionOfAsync("ada@example.com", "ada");
        Assert.NotNull(connection);

        // A late delivery about an authorization the user ended before connecting again.
        using var late = await PostAsync(Deauthorization(zoomUserId, connection.ConnectedAt!.Value.AddMinutes(-5)), sign: true);
        Assert.Equal(HttpStatusCode.NoContent, late.StatusCode);
        Assert.NotNull((await host.ConnectionOfAsync("ada@example.com", "ada")).Connection);

        // The user removes the app now.
        using var now = await PostAsync(Deauthorization(zoomUserId, DateTimeOffset.UtcNow.AddSeconds(1)), sign: true);
        Assert.Equal(HttpStatusCode.NoContent, now.StatusCode);
        Assert.Null((await host.ConnectionOfAsync("ada@example.com", "ada")).Connection);
        await page.Context.CloseAsync();
    }

    private static byte[] Deauthorization(string zoomUserId, DateTimeOffset at) => Encoding.UTF8.GetBytes(
        $$$"""{"event":"app_deauthorized","event_ts":{{{at.ToUnixTimeMilliseconds()}}},"payload":{"account_id":"a","user_id":"{{{zoomUserId}}}","signature":"s","deauthorization_time":"{{{at.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ}}}","client_id":"zoomkit-local"}}""");

    private Task<HttpResponseMessage> PostAsync(byte[] body, bool sign) => PostAsync(body, sign ? Signer : null);

    private async Task<HttpResponseMessage> PostAsync(byte[] body, ZoomWebhookVerifier? signer)
    {
        using var http = new HttpClient { BaseAddress = host.AppUrl };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/zoom/webhook") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        if (signer is not null)
        {
            var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            request.Headers.Add(ZoomWebhookConstants.TimestampHeader, timestamp);
            request.Headers.Add(ZoomWebhookConstants.SignatureHeader, signer.Sign(timestamp, body));
        }
        return await http.SendAsync(request);
    }
}
