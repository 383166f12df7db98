using System.Globalization;
using System.Net;
using System.Text;
using ZoomKit.Webhooks;

namespace ZoomKit.App.Tests;

/// <summary>The app's webhook endpoint decides on the headers before it reads a body, and reads no more than 64 KB.</summary>
public sealed class WebhookEndpointTests(AppHost host) : IClassFixture<AppHost>
{
    // The embedded default's secret (a later change gives each data folder its own).
    private static readonly ZoomWebhookVerifier Signer = new("zoomkit-local-webhook-secret", TimeProvider.System);

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

    private async Task<HttpResponseMessage> PostAsync(byte[] body, bool sign)
    {
        using var http = new HttpClient { BaseAddress = host.AppUrl };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/zoom/webhook") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        if (sign)
        {
            var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            request.Headers.Add(ZoomWebhookConstants.TimestampHeader, timestamp);
            request.Headers.Add(ZoomWebhookConstants.SignatureHeader, Signer.Sign(timestamp, body));
        }
        return await http.SendAsync(request);
    }
}
