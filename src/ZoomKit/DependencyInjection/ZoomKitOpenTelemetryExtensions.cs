using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace ZoomKit.DependencyInjection;

/// <summary>Subscribes OpenTelemetry to ZoomKit's spans and metrics.</summary>
public static class ZoomKitOpenTelemetryExtensions
{
    /// <summary>Adds ZoomKit's API call spans (<see cref="ZoomKitInstrumentation.ActivitySourceName"/>).</summary>
    public static TracerProviderBuilder AddZoomKitInstrumentation(this TracerProviderBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddSource(ZoomKitInstrumentation.ActivitySourceName);
    }

    /// <summary>Adds ZoomKit's metrics (<see cref="ZoomKitInstrumentation.MeterName"/>).</summary>
    public static MeterProviderBuilder AddZoomKitInstrumentation(this MeterProviderBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddMeter(ZoomKitInstrumentation.MeterName);
    }
}
