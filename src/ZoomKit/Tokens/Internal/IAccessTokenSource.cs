namespace ZoomKit.Tokens.Internal;

/// <summary>What the API pipeline needs of the token lifecycle: a token for a connection, and a new one when Zoom refused it.</summary>
internal interface IAccessTokenSource
{
    /// <summary>A working access token; see <see cref="ZoomTokenManager.GetAccessTokenAsync"/>.</summary>
    ValueTask<ZoomAccessToken> GetAccessTokenAsync(string connectionId, CancellationToken cancellationToken = default);

    /// <summary>A token to use instead of <paramref name="rejected"/>, and whether a refresh made for it issued it.</summary>
    Task<RefreshOutcome> RenewRejectedAsync(string connectionId, ZoomAccessToken? rejected, CancellationToken cancellationToken);
}
