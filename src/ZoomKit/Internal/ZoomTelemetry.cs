using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ZoomKit.Internal;

/// <summary>ZoomKit's <see cref="ActivitySource"/> and <see cref="Meter"/>, both named <c>ZoomKit</c>.</summary>
internal static class ZoomTelemetry
{
    public const string Name = "ZoomKit";

    public static readonly ActivitySource Source = new(Name);
    public static readonly Meter Meter = new(Name);

    public static readonly Counter<long> Calls = Meter.CreateCounter<long>("zoomkit.api.calls", description: "Zoom API calls sent, by operation and status");
    public static readonly Histogram<double> Duration = Meter.CreateHistogram<double>("zoomkit.api.duration", "ms", "Duration of Zoom API calls, retries included");
    public static readonly Counter<long> RateLimited = Meter.CreateCounter<long>("zoomkit.api.rate_limited", description: "429 answers from Zoom, and requests held back by the local budget");
    public static readonly Counter<long> Refreshes = Meter.CreateCounter<long>("zoomkit.token.refreshes", description: "Token requests sent to renew a connection, by outcome");
}
