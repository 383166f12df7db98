using Microsoft.Extensions.DependencyInjection;
using ZoomKit.DependencyInjection;
using ZoomKit.Http.Internal;

namespace ZoomKit.Http;

/// <summary>ZoomKit's token, refresh, budgets and retries for HTTP clients of one's own (Refit, Kiota, hand-written).</summary>
public static class ZoomHttpClientBuilderExtensions
{
    /// <summary>
    /// Sends the client's requests through ZoomKit's pipeline for a connection: its access token
    /// (renewed ahead of expiry, and once more when Zoom answers 401 code 124), the account's
    /// per-second budget of the category the request states (<see cref="ZoomRequest.Category"/>,
    /// default Medium), Zoom's 429s honoured, and retries of GET and DELETE only. The connection is
    /// the request's <see cref="ZoomRequest.ConnectionId"/> option when set, else what
    /// <paramref name="connectionId"/> returns (for example the signed-in user's id). The client's base
    /// address is the caller's to set (Zoom's API base, or the emulator's). Call after <c>AddZoomKit</c>,
    /// whose token manager and budgets it uses; the factory's request logging is removed from the
    /// client, as it would log the bearer token at Trace.
    /// </summary>
    public static IHttpClientBuilder AddZoomAccessToken(this IHttpClientBuilder builder, Func<HttpRequestMessage, string?> connectionId)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(connectionId);
        // IHttpClientFactory's own logging would carry the bearer token at Trace: ZoomKit logs without it.
        builder.RemoveAllLoggers();
        builder.AddHttpMessageHandler(() => new ZoomConnectionHandler(connectionId));
        ZoomKitServiceCollectionExtensions.AddPipelineHandlers(builder);
        return builder;
    }

    /// <summary>Sends every request of the client as one connection (a server-to-server account, a background job's user).</summary>
    public static IHttpClientBuilder AddZoomAccessToken(this IHttpClientBuilder builder, string connectionId)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionId);
        return builder.AddZoomAccessToken(_ => connectionId);
    }
}
