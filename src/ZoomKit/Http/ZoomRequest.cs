using ZoomKit.Http.Internal;

namespace ZoomKit.Http;

/// <summary>
/// What a request of one's own (a typed client registered with
/// <see cref="ZoomHttpClientBuilderExtensions.AddZoomAccessToken(Microsoft.Extensions.DependencyInjection.IHttpClientBuilder, Func{HttpRequestMessage, string?})"/>)
/// tells ZoomKit's pipeline: whose token to use, and which rate budget it spends.
/// </summary>
public static class ZoomRequest
{
    /// <summary>The connection whose token the request carries.</summary>
    public static readonly HttpRequestOptionsKey<string> ConnectionId = new("ZoomKit.ConnectionId");

    /// <summary>The rate-limit category of the endpoint; <see cref="ZoomRateCategory.Medium"/> when unset.</summary>
    public static readonly HttpRequestOptionsKey<ZoomRateCategory> Category = new("ZoomKit.Category");

    /// <summary>Marks a request for a connection and a category.</summary>
    public static HttpRequestMessage ForConnection(this HttpRequestMessage request, string connectionId, ZoomRateCategory category = ZoomRateCategory.Medium)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(connectionId);
        request.Options.Set(ConnectionId, connectionId);
        request.Options.Set(Category, category);
        return request;
    }

    /// <summary>
    /// The pipeline's view of a request ZoomKit does not type: no scopes known (Zoom decides), the
    /// stated category's per-second budget, and the operation name <c>custom</c> for telemetry (a path
    /// holds ids, too many names for a metric). The daily meeting quota counts typed meeting writes only.
    /// </summary>
    internal static void Prepare(HttpRequestMessage request, string connectionId)
    {
        var category = request.Options.TryGetValue(Category, out var stated) ? stated : ZoomRateCategory.Medium;
        request.Options.Set(ConnectionId, connectionId);
        request.Options.Set(ZoomRequestContext.Key, new ZoomRequestContext(connectionId, CustomOperation, [], category, IsMeetingWrite: false, ZoomRequestContext.OwnBudgetOf(connectionId)));
    }

    /// <summary>The operation name of calls ZoomKit does not type.</summary>
    internal const string CustomOperation = "custom";
}
