using System.Net;
using System.Net.Http.Headers;
using ZoomKit.Tokens;
using ZoomKit.Tokens.Internal;

namespace ZoomKit.Http.Internal;

/// <summary>
/// Puts the connection's bearer token on each request, refusing before any I/O when the token has
/// none of the operation's scopes. On 401 code 124 it renews the token (unless another caller
/// already did) and retries; see <see cref="SendAsync"/>. The token source (the token manager, its
/// store and the store's key) is resolved at the first request that needs a token, not when the
/// client is made: a one-shot process whose call is refused before any I/O never opens the store.
/// </summary>
internal sealed class ZoomAuthHandler(Func<IAccessTokenSource> resolve) : DelegatingHandler
{
    private const int InvalidToken = 124;

    private IAccessTokenSource? _tokens;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!request.Options.TryGetValue(ZoomRequestContext.Key, out var context))
        {
            throw new InvalidOperationException("A ZoomKit API request must carry its ZoomRequestContext.");
        }
        var tokens = _tokens ??= resolve();
        var token = await tokens.GetAccessTokenAsync(context.ConnectionId, cancellationToken);
        EnsureScopes(context, token);
        // Zoom counts rate limits per account: the connections of one account share its budgets.
        context.Account = token.AccountId ?? context.OwnBudget;
        ToRegionalHost(request, token);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Value);
        var response = await base.SendAsync(request, cancellationToken);
        // Zoom refused the token (it died early: revoked, clocks apart, or expired at Zoom while its
        // record says otherwise): renew against the newest stored refresh token and retry. A token that
        // was only adopted (cached, or stored by another process) may be dead too, so a second refusal
        // renews once more; a token Zoom refuses right after issuing it goes back to the caller.
        for (var attempt = 0; attempt < 2 && await IsInvalidTokenAsync(response, cancellationToken); attempt++)
        {
            var renewed = await tokens.RenewRejectedAsync(context.ConnectionId, token, cancellationToken);
            if (renewed.Token.Value == token.Value)
            {
                return response;
            }
            response.Dispose();
            using var retry = await CloneAsync(request, cancellationToken);
            retry.Headers.Authorization = new AuthenticationHeaderValue("Bearer", renewed.Token.Value);
            response = await base.SendAsync(retry, cancellationToken);
            token = renewed.Token;
            if (renewed.Renewed)
            {
                break;
            }
        }
        return response;
    }

    /// <summary>
    /// Sends the request to the regional API host Zoom named for the connection (<c>api_url</c>), when
    /// it named one and the request goes to Zoom's default host; a configured other base (the
    /// emulator, a proxy) is left alone.
    /// </summary>
    private static void ToRegionalHost(HttpRequestMessage request, ZoomAccessToken token)
    {
        if (token.ApiUrl is { } regional && request.RequestUri is { IsAbsoluteUri: true } uri
            && uri.Scheme == Uri.UriSchemeHttps && uri.Host == DefaultApiHost && !string.Equals(regional.Host, uri.Host, StringComparison.OrdinalIgnoreCase))
        {
            request.RequestUri = new UriBuilder(uri) { Scheme = regional.Scheme, Host = regional.Host, Port = regional.Port }.Uri;
        }
    }

    private const string DefaultApiHost = "api.zoom.us";

    private static async Task<bool> IsInvalidTokenAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            return false;
        }
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        return ZoomApiErrors.PeekCode(await response.Content.ReadAsStringAsync(cancellationToken)) == InvalidToken;
    }

    private static void EnsureScopes(ZoomRequestContext context, ZoomAccessToken token)
    {
        // No scope list (a server that sent none) means unknown: let Zoom decide.
        if (context.Scopes.Length == 0 || token.Scopes.Count == 0)
        {
            return;
        }
        foreach (var scope in context.Scopes)
        {
            if (token.Scopes.Contains(scope))
            {
                return;
            }
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
