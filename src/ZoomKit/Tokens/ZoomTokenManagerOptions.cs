namespace ZoomKit.Tokens;

/// <summary>When and how <see cref="ZoomTokenManager"/> renews tokens.</summary>
public sealed class ZoomTokenManagerOptions
{
    /// <summary>
    /// How long before expiry a token is renewed. Default 5 minutes, which also absorbs a few
    /// minutes of clock skew between this machine and Zoom.
    /// </summary>
    public TimeSpan RefreshAhead { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The deadline of one shared refresh: waiting for the store's lock plus the token request.
    /// It runs on its own, so a caller who gives up never cancels it. Default 2 minutes.
    /// </summary>
    public TimeSpan RefreshTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The first wait before retrying a refresh that failed while the token still worked. Default 2 s, doubling.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest wait between such retries. Default 1 minute.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(1);
}
