using System.Net;
using System.Net.Http.Headers;
using ZoomKit.Tokens;

namespace ZoomKit.Http.Internal;

/// <summary>
/// Puts the connection's bearer token on each request, refusing before any I/O when the token has
/// none of the operation's scopes. On 401 code 124 it forces one refresh, only if the token used is
/// still the current one, and retries once.
/// </summary>
internal sealed class ZoomAuthHandler(ZoomTokenManager tokens) : DelegatingHandler
{
    private const int InvalidToken = 124;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!request.Options.TryGetValue(ZoomRequestContext.Key, out var context))
        {
            throw new InvalidOperationException("A ZoomKit API request must carry its ZoomRequestContext.");
        }
        var token = await tokens.GetAccessTokenAsync(context.ConnectionId, cancellationToken);
        EnsureScopes(context, token);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Value);
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            return response;
        }
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        if (ZoomApiErrors.PeekCode(await response.Content.ReadAsStringAsync(cancellationToken)) != InvalidToken)
        {
            return response;
        }
        // The token may have died early (revoked, or clocks apart): renew once, unless someone already did.
        var renewed = await tokens.RefreshAsync(context.ConnectionId, token, cancellationToken);
        if (renewed.Value == token.Value)
        {
            return response;
        }
        response.Dispose();
        using var retry = await CloneAsync(request, cancellationToken);
        retry.Headers.Authorization = new AuthenticationHeaderValue("Bearer", renewed.Value);
        return await base.SendAsync(retry, cancellationToken);
    }

    private static void EnsureScopes(ZoomRequestContext context, ZoomAccessToken token)
    {
        // No scope list (a server that sent none) means unknown: let Zoom decide.
        if (context.Scopes.Length == 0 || token.Scopes.Count == 0 || context.Scopes.Any(token.Scopes.Contains))
        {
            return;
        }
        throw new ZoomScopeException(0,
            $"The connection's token has none of the scopes {context.Operation} needs ({string.Join(", ", context.Scopes)}); " +
            "add one to the app on the Zoom Marketplace and connect again. Nothing was sent.", context.Scopes);
    }

    private static async Task<HttpRequestMessage> CloneAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var clone = new HttpRequestMessage(request.Method, request.RequestUri) { Version = request.Version };
        foreach (var header in request.Headers)
        {
            clone.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
        foreach (var option in request.Options)
        {
            ((IDictionary<string, object?>)clone.Options)[option.Key] = option.Value;
        }
        if (request.Content is not null)
        {
            var bytes = await request.Content.ReadAsByteArrayAsync(cancellationToken);
            clone.Content = new ByteArrayContent(bytes);
            foreach (var header in request.Content.Headers)
            {
                clone.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }
        return clone;
    }
}
