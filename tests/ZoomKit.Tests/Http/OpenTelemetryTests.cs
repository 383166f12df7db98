using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using ZoomKit.DependencyInjection;
using ZoomKit.Meetings;

namespace ZoomKit.Tests.Http;

/// <summary>What an OpenTelemetry user sees of ZoomKit: spans and metrics under the public names, with the conventional attributes.</summary>
public sealed class OpenTelemetryTests
{
    private static readonly ActivitySource TestSource = new("ZoomKit.Tests.OpenTelemetry");

    [Fact]
    public async Task InMemoryExporter_SpansAndMetricsWithPublicNamesSecondsAndHttpAttributes()
    {
        var spans = new List<Activity>();
        var metrics = new List<Metric>();
        await using var h = await ApiHarness.StartAsync();
        using var tracing = Sdk.CreateTracerProviderBuilder().AddSource(TestSource.Name).AddZoomKitInstrumentation().AddInMemoryExporter(spans).Build();
        using var metering = Sdk.CreateMeterProviderBuilder().AddZoomKitInstrumentation().AddInMemoryExporter(metrics).Build();

        // Only this test's spans, by their trace: other tests of the assembly call ZoomKit meanwhile, some as the same connection id.
        ActivityTraceId trace;
        using (var root = TestSource.StartActivity("this test")!)
        {
            trace = root.TraceId;
            var meeting = await h.Client.Meetings.CreateAsync(new MeetingCreateRequest { Topic = "Observed" });
            await h.Client.Meetings.GetAsync(meeting.Id);
            await Assert.ThrowsAsync<ZoomKit.Http.ZoomApiException>(() => h.Client.Meetings.GetAsync(1));
        }
        metering.ForceFlush();

        var mine = spans.Where(s => s.TraceId == trace && s.Source.Name != TestSource.Name).ToList();
        Assert.All(mine, s => Assert.Equal(ZoomKitInstrumentation.ActivitySourceName, s.Source.Name));
        var create = Assert.Single(mine, s => s.DisplayName == "ZoomKit meetingCreate");
        Assert.Equal(ActivityKind.Client, create.Kind);
        Assert.Equal("POST", create.GetTagItem("http.request.method"));
        Assert.Equal(201, create.GetTagItem("http.response.status_code"));
        Assert.Equal("meetingCreate", create.GetTagItem("zoomkit.operation"));
        var missing = Assert.Single(mine, s => s.DisplayName == "ZoomKit meeting" && (int)s.GetTagItem("http.response.status_code")! == 404);
        Assert.Equal(ActivityStatusCode.Error, missing.Status);
        Assert.Equal("404", missing.GetTagItem("error.type"));

        var duration = Assert.Single(metrics, m => m.Name == "zoomkit.api.duration");
        Assert.Equal(ZoomKitInstrumentation.MeterName, duration.MeterName);
        Assert.Equal("s", duration.Unit);
        var calls = Assert.Single(metrics, m => m.Name == "zoomkit.api.calls");
        var points = new List<(string Operation, string Method, int Status)>();
        foreach (ref readonly var point in calls.GetMetricPoints())
        {
            var tags = new Dictionary<string, object?>();
            foreach (var tag in point.Tags)
            {
                tags[tag.Key] = tag.Value;
            }
            points.Add(((string)tags["zoomkit.operation"]!, (string)tags["http.request.method"]!, Convert.ToInt32(tags["http.response.status_code"], System.Globalization.CultureInfo.InvariantCulture)));
        }
        Assert.Contains(("meetingCreate", "POST", 201), points);
        Assert.Contains(("meeting", "GET", 404), points);
    }
}
