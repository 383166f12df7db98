using Microsoft.Extensions.Options;
using ZoomKit.Tokens;

namespace ZoomKit.Http;

/// <summary>Checks <see cref="ZoomApiOptions"/> and <see cref="ZoomTokenManagerOptions"/> at start-up, naming the setting and the rule.</summary>
public sealed class ZoomApiOptionsValidator : IValidateOptions<ZoomApiOptions>, IValidateOptions<ZoomTokenManagerOptions>
{
    private static readonly string[] Plans = ["FREE", "PRO", "BUSINESS", "BUSINESS+", "ENTERPRISE"];

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, ZoomApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.ApiBaseUrl is null || !options.ApiBaseUrl.IsAbsoluteUri || options.ApiBaseUrl.Scheme is not ("http" or "https"))
        {
            failures.Add("Zoom:ApiBaseUrl must be an absolute http or https URL, such as https://api.zoom.us/v2.");
        }
        if (!Plans.Contains(options.Plan?.ToUpperInvariant()))
        {
            failures.Add("Zoom:Plan must be Free, Pro or Business.");
        }
        if (options.LightPerSecond is <= 0 || options.MediumPerSecond is <= 0)
        {
            failures.Add("Zoom:LightPerSecond and Zoom:MediumPerSecond must be positive when set.");
        }
        if (options.DailyMeetingWritesPerUser <= 0)
        {
            failures.Add("Zoom:DailyMeetingWritesPerUser must be positive.");
        }
        if (options.MaxRetryAfter < TimeSpan.Zero)
        {
            failures.Add("Zoom:MaxRetryAfter must not be negative.");
        }
        if (options.AttemptTimeout <= TimeSpan.Zero)
        {
            failures.Add("Zoom:AttemptTimeout must be positive.");
        }
        if (options.MaxRetries is < 0 or > 10)
        {
            failures.Add("Zoom:MaxRetries must be between 0 and 10.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, ZoomTokenManagerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        // An access token lives an hour: renewing more than 30 minutes early would renew on every call.
        if (options.RefreshAhead < TimeSpan.Zero || options.RefreshAhead > TimeSpan.FromMinutes(30))
        {
            failures.Add("Zoom:RefreshAhead must be between 0 and 30 minutes.");
        }
        if (options.RefreshTimeout <= TimeSpan.Zero)
        {
            failures.Add("Zoom:RefreshTimeout must be positive.");
        }
        if (options.RetryDelay <= TimeSpan.Zero || options.MaxRetryDelay < options.RetryDelay)
        {
            failures.Add("Zoom:RetryDelay must be positive and Zoom:MaxRetryDelay at least as long.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
