namespace ZoomKit;

/// <summary>
/// The names ZoomKit's telemetry is published under, for OpenTelemetry (<c>AddSource</c>,
/// <c>AddMeter</c>, or <c>AddZoomKitInstrumentation()</c>) or any other listener.
/// </summary>
/// <remarks>
/// Spans: one client span per API call, <c>ZoomKit {operation}</c>, with <c>zoomkit.operation</c>,
/// <c>http.request.method</c>, <c>http.response.status_code</c> and <c>error.type</c> on failure.
/// Metrics: <c>zoomkit.api.calls</c> and <c>zoomkit.api.duration</c> (seconds) with the same
/// attributes, <c>zoomkit.api.rate_limited</c>, and <c>zoomkit.token.refreshes</c> by <c>zoomkit.outcome</c>.
/// </remarks>
public static class ZoomKitInstrumentation
{
    /// <summary>The <see cref="System.Diagnostics.ActivitySource"/> name: <c>ZoomKit</c>.</summary>
    public const string ActivitySourceName = "ZoomKit";

    /// <summary>The <see cref="System.Diagnostics.Metrics.Meter"/> name: <c>ZoomKit</c>.</summary>
    public const string MeterName = "ZoomKit";
}
