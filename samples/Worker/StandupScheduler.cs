using Microsoft.Extensions.Options;
using ZoomKit.Http;
using ZoomKit.Meetings;

namespace ZoomKitSamples.Worker;

/// <summary>What the worker schedules, from the <c>Sample</c> section.</summary>
public sealed class StandupOptions
{
    /// <summary>The meeting's topic.</summary>
    public string Topic { get; set; } = "Daily stand-up";

    /// <summary>How often to look. Default: hourly.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Schedule, list, delete what was scheduled and stop: the smoke check ./test.sh runs.</summary>
    public bool Once { get; set; }
}

/// <summary>Makes sure a stand-up is scheduled for tomorrow at 09:00 UTC, then looks again every interval.</summary>
public sealed partial class StandupScheduler(
    ZoomClientFactory zoom, IOptions<StandupOptions> options, IHostApplicationLifetime lifetime, TimeProvider time, ILogger<StandupScheduler> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        // Zoom:AccountId selects server-to-server OAuth. The account's connection makes itself on first
        // use and is renewed through the token file: one token request per hour for every process sharing it.
        var meetings = zoom.CreateAccountClient().Meetings;
        do
        {
            var scheduled = await EnsureStandupAsync(meetings, settings.Topic, stoppingToken);
            if (settings.Once)
            {
                await meetings.DeleteAsync(scheduled.Id, cancellationToken: stoppingToken);
                Deleted(logger, scheduled.Id);
                lifetime.StopApplication();
                return;
            }
            await Task.Delay(settings.Interval, time, stoppingToken);
        }
        while (!stoppingToken.IsCancellationRequested);
    }

    private async Task<MeetingSummary> EnsureStandupAsync(MeetingsClient meetings, string topic, CancellationToken cancellationToken)
    {
        var tomorrow = time.GetUtcNow().UtcDateTime.Date.AddDays(1).AddHours(9);
        var upcoming = await meetings.ListAsync(new MeetingListOptions { Type = "upcoming", PageSize = 300 }, cancellationToken);
        Listed(logger, upcoming.Meetings.Count);
        if (upcoming.Meetings.FirstOrDefault(m => m.Topic == topic && m.StartTime?.UtcDateTime == tomorrow) is { } existing)
        {
            return existing;
        }
        var created = await meetings.CreateAsync(new MeetingCreateRequest
        {
            Topic = topic,
            Type = MeetingType.Scheduled,
            StartTime = new DateTimeOffset(tomorrow, TimeSpan.Zero),
            Duration = 15,
        }, cancellationToken: cancellationToken);
        Scheduled(logger, created.Id, tomorrow);
        var listed = await meetings.ListAsync(new MeetingListOptions { Type = "upcoming", PageSize = 300 }, cancellationToken);
        return listed.Meetings.Single(m => m.Id == created.Id);
    }

    [LoggerMessage(1, LogLevel.Information, "Scheduled the stand-up {MeetingId} for {Start:u}")]
    private static partial void Scheduled(ILogger logger, long meetingId, DateTime start);

    [LoggerMessage(2, LogLevel.Information, "Listed {Count} upcoming meetings")]
    private static partial void Listed(ILogger logger, int count);

    [LoggerMessage(3, LogLevel.Information, "Deleted the stand-up {MeetingId}")]
    private static partial void Deleted(ILogger logger, long meetingId);
}
