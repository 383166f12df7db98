using Microsoft.Extensions.Options;
using ZoomKit.Http;
using ZoomKit.OAuth;
using ZoomKit.Tokens;

namespace ZoomKit.Cli;

/// <summary>
/// One table from what went wrong to what the user reads and the exit code; anything not in it is a
/// bug and surfaces as one. Order matters where types derive from each other (the specific before
/// <see cref="ZoomApiException"/>).
/// </summary>
internal static class Failures
{
    public static (int ExitCode, IReadOnlyList<string> Lines)? Describe(Exception error, string profile) => error switch
    {
        ZoomValidationException e => (ExitCodes.Usage, [.. e.Errors.Select(f => $"--{MeetingOptions.FlagFor(f.Field)}: {f.Message}")]),
        ZoomReauthorizationRequiredException e => (ExitCodes.ReauthorizationRequired,
        [
            e.Reason == ReauthorizationReason.NotConnected
                ? $"Not logged in (profile '{profile}'): run 'zoomkit login'."
                : $"Zoom no longer accepts this profile's tokens ({e.Reason}): run 'zoomkit login' again.",
        ]),
        ZoomRateLimitException e => (ExitCodes.RateLimited, [$"Zoom's rate limit: try again after {e.RetryAt:yyyy-MM-dd HH:mm:ss} UTC."]),
        ZoomOutcomeUnknownException e => (ExitCodes.Network, [e.Message]),
        ZoomApiException e => (ExitCodes.ZoomError, [e.Message]),
        ZoomOAuthException { Error.Error: ZoomOAuthConstants.Errors.AccessDenied } => (ExitCodes.AccessDenied,
            ["Access was denied on Zoom's page (Deny was chosen): log in again and choose Allow, or ask the account's admin whether zoomkit may be used."]),
        ZoomOAuthException { Error.Error: ZoomOAuthConstants.Errors.ExpiredToken } => (ExitCodes.CodeExpired,
            ["The code expired before it was entered and allowed: run 'zoomkit login --device' again and enter the new code before it expires."]),
        ZoomOAuthException { Error.Kind: OAuthErrorKind.Transient } e => (ExitCodes.Network, [$"Zoom cannot be reached: {e.Error.Description}"]),
        ZoomOAuthException e => (ExitCodes.ZoomError, [e.Message]),
        HttpRequestException e => (ExitCodes.Network, [$"Zoom cannot be reached: {e.Message}"]),
        // Every attempt passed its deadline; the message names the setting.
        TimeoutException e => (ExitCodes.Network, [e.Message]),
        ZoomTokenStoreException e => (ExitCodes.Failure, [e.Message]),
        InvalidSettingsException e => (ExitCodes.Usage, [e.Message]),
        OptionsValidationException e => (ExitCodes.Usage, [.. e.Failures.Select(f => $"setting {f}")]),
        _ => null,
    };
}
