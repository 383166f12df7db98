using Microsoft.Extensions.Logging;
using ZoomKit.OAuth;
using ZoomKit.Tokens;

namespace ZoomKit.Internal;

// Every log line of the library. None takes a token, code, verifier, secret or start_url.
internal static partial class Log
{
    [LoggerMessage(1001, LogLevel.Debug, "Token endpoint issued tokens for grant {GrantType}: expires in {ExpiresInSeconds} s, refresh token returned: {HasRefreshToken}")]
    public static partial void TokenIssued(ILogger logger, string grantType, int expiresInSeconds, bool hasRefreshToken);

    [LoggerMessage(1002, LogLevel.Warning, "Token request for grant {GrantType} failed: {Kind}, HTTP {StatusCode}")]
    public static partial void TokenRequestFailed(ILogger logger, string grantType, OAuthErrorKind kind, int? statusCode);

    [LoggerMessage(1011, LogLevel.Information, "Device code issued, valid until {ExpiresAt:O}, poll every {IntervalSeconds} s")]
    public static partial void DeviceCodeIssued(ILogger logger, DateTimeOffset expiresAt, int intervalSeconds);

    [LoggerMessage(1012, LogLevel.Information, "Zoom asked the device to slow down: polling every {IntervalSeconds} s from now on")]
    public static partial void DeviceSlowDown(ILogger logger, int intervalSeconds);

    [LoggerMessage(1003, LogLevel.Information, "Token revoked")]
    public static partial void TokenRevoked(ILogger logger);

    [LoggerMessage(2001, LogLevel.Information, "Connection {ConnectionId} refreshed to version {Version}; access token valid until {ExpiresAt:O}")]
    public static partial void Refreshed(ILogger logger, string connectionId, long version, DateTimeOffset expiresAt);

    [LoggerMessage(2002, LogLevel.Debug, "Connection {ConnectionId}: adopted version {Version} written by another refresh")]
    public static partial void AdoptedStored(ILogger logger, string connectionId, long version);

    [LoggerMessage(2003, LogLevel.Warning, "Connection {ConnectionId}: refresh failed ({Kind}); serving the current access token, valid until {ExpiresAt:O}, and retrying after {RetryAt:O}")]
    public static partial void ServingDespiteFailure(ILogger logger, string connectionId, OAuthErrorKind kind, DateTimeOffset expiresAt, DateTimeOffset retryAt);

    [LoggerMessage(2004, LogLevel.Warning, "Connection {ConnectionId} needs reauthorization: {Reason}")]
    public static partial void ReauthorizationRequired(ILogger logger, string connectionId, ReauthorizationReason reason);

    [LoggerMessage(2005, LogLevel.Error, "Connection {ConnectionId}: Zoom issued new tokens but the store could not keep them; they stay in memory until a write succeeds")]
    public static partial void PersistFailed(ILogger logger, string connectionId, Exception exception);

    [LoggerMessage(2008, LogLevel.Warning, "Connection {ConnectionId}: Zoom answered the refresh, but the store could not mark its attempt answered; the answer is used anyway")]
    public static partial void AttemptNotCompleted(ILogger logger, string connectionId, Exception exception);

    [LoggerMessage(2006, LogLevel.Information, "Connection {ConnectionId}: tokens kept in memory after a failed write are now stored as version {Version}")]
    public static partial void PersistRecovered(ILogger logger, string connectionId, long version);

    [LoggerMessage(2007, LogLevel.Information, "Connection {ConnectionId} connected (version {Version}, scopes {Scopes})")]
    public static partial void Connected(ILogger logger, string connectionId, long version, string scopes);

    [LoggerMessage(1010, LogLevel.Warning, "The {GrantType} token answer was odd, and taken anyway so that no refresh token is lost: {Oddity}")]
    public static partial void OddTokenAnswer(ILogger logger, string grantType, string oddity);
}
