using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ZoomKit.Internal;

/// <summary>
/// ZoomKit's <see cref="ActivitySource"/> and <see cref="Meter"/> (<see cref="ZoomKitInstrumentation"/>
/// names them). Attribute names follow OpenTelemetry's HTTP semantic conventions; durations are in seconds.
/// </summary>
internal static class ZoomTelemetry
{
    public static readonly ActivitySource Source = new(ZoomKitInstrumentation.ActivitySourceName);
    public static readonly Meter Meter = new(ZoomKitInstrumentation.MeterName);

    public static readonly Counter<long> Calls = Meter.CreateCounter<long>("zoomkit.api.calls", "{call}", "Zoom API calls answered, by operation, method and status");
    public static readonly Histogram<double> Duration = Meter.CreateHistogram<double>("zoomkit.api.duration", "s", "Duration of Zoom API calls, renewals and retries included");
    public static readonly Counter<long> RateLimited = Meter.CreateCounter<long>("zoomkit.api.rate_limited", "{call}", "429 answers from Zoom, and requests held back by the local budget");
    public static readonly Counter<long> Refreshes = Meter.CreateCounter<long>("zoomkit.token.refreshes", "{request}", "Token requests sent to renew a connection, by outcome");

    /// <summary>The operation attribute: ZoomKit's name of the API operation (Zoom's operationId, or <c>custom</c>).</summary>
    public const string OperationAttribute = "zoomkit.operation";

    /// <summary>Starts the client span of one API call.</summary>
    public static Activity? StartCall(string operation, HttpMethod method, string connectionId)
    {
        var activity = Source.StartActivity($"ZoomKit {operation}", ActivityKind.Client);
        activity?.SetTag(OperationAttribute, operation);
        activity?.SetTag("http.request.method", method.Method);
        activity?.SetTag("zoomkit.connection", connectionId);
        return activity;
    }

    /// <summary>Records an answered call on its span and in the metrics.</summary>
    public static void Answered(Activity? activity, string operation, HttpMethod method, int status, long startedTimestamp)
    {
        var tags = new TagList
        {
            { OperationAttribute, operation },
            { "http.request.method", method.Method },
            { "http.response.status_code", status },
        };
        Calls.Add(1, tags);
        Duration.Record(Stopwatch.GetElapsedTime(startedTimestamp).TotalSeconds, tags);
        activity?.SetTag("http.response.status_code", status);
        if (status >= 400)
        {
            activity?.SetTag("error.type", status.ToString(System.Globalization.CultureInfo.InvariantCulture));
            activity?.SetStatus(ActivityStatusCode.Error);
        }
    }
}
