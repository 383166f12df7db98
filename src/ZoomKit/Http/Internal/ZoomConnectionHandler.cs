namespace ZoomKit.Http.Internal;

/// <summary>
/// The first handler of a typed client of one's own (<c>AddZoomAccessToken</c>): finds the request's
/// connection (the <see cref="ZoomRequest.ConnectionId"/> option, else the registration's resolver)
/// and gives the request what ZoomKit's pipeline needs.
/// </summary>
internal sealed class ZoomConnectionHandler(Func<HttpRequestMessage, string?> resolve) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!request.Options.TryGetValue(ZoomRequestContext.Key, out _))
        {
            var connectionId = request.Options.TryGetValue(ZoomRequest.ConnectionId, out var set) ? set : resolve(request);
            if (string.IsNullOrEmpty(connectionId))
            {
                throw new InvalidOperationException(
                    "A request through AddZoomAccessToken needs a connection: set it with request.ForConnection(id), or give AddZoomAccessToken a resolver that finds one.");
            }
            ZoomRequest.Prepare(request, connectionId);
        }
        return base.SendAsync(request, cancellationToken);
    }
}
