using Microsoft.Extensions.Time.Testing;
using Xunit;
using ZoomKit.Webhooks;

namespace ZoomKit.Testing;

/// <summary>The <see cref="IWebhookDeliveryLog"/> contract: a delivery is handled once, by whichever instance, until it expires.</summary>
public abstract class WebhookDeliveryLogContractTests
{
    /// <summary>Two logs over one database, as two instances (or a process and its restart) see it, on <paramref name="time"/>.</summary>
    protected abstract Task<(IWebhookDeliveryLog First, IWebhookDeliveryLog Second)> CreateLogsAsync(TimeProvider time);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task TryRecord_SameDeliveryTwice_OnlyTheFirstOnEitherInstance()
    {
        var (first, second) = await CreateLogsAsync(_time);
        var id = IWebhookDeliveryLog.DeliveryId("""{"event":"app_deauthorized"}"""u8);

        Assert.True(await first.TryRecordAsync(id, _time.GetUtcNow().AddHours(2)));
        Assert.False(await first.TryRecordAsync(id, _time.GetUtcNow().AddHours(2)));
        Assert.False(await second.TryRecordAsync(id, _time.GetUtcNow().AddHours(2)));
        Assert.True(await second.TryRecordAsync(IWebhookDeliveryLog.DeliveryId("""{"event":"meeting.created"}"""u8), _time.GetUtcNow().AddHours(2)));
    }

    [Fact]
    public async Task TryRecord_AfterExpiry_RecordedAgain()
    {
        var (first, second) = await CreateLogsAsync(_time);
        Assert.True(await first.TryRecordAsync("d-1", _time.GetUtcNow().AddHours(2)));

        _time.Advance(TimeSpan.FromHours(2) + TimeSpan.FromSeconds(1));

        Assert.True(await second.TryRecordAsync("d-1", _time.GetUtcNow().AddHours(2)));
    }

    [Fact]
    public async Task Forget_AfterAFailedHandling_TheRetryIsRecorded()
    {
        var (first, second) = await CreateLogsAsync(_time);
        Assert.True(await first.TryRecordAsync("d-2", _time.GetUtcNow().AddHours(2)));

        await first.ForgetAsync("d-2");

        Assert.True(await second.TryRecordAsync("d-2", _time.GetUtcNow().AddHours(2)));
    }
}
