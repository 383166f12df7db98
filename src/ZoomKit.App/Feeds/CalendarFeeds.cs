using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using ZoomKit.App.Zoom;
using ZoomKit.Http;
using ZoomKit.Meetings;

namespace ZoomKit.App.Feeds;

/// <summary>
/// Each person's private calendar feed: their upcoming meetings as iCalendar at a secret URL
/// (<c>/feed/{secret}.ics</c>, 256 random bits) that calendar apps subscribe to. "New link" makes a
/// new secret and the old URL finds no one (404). The feed reads Zoom as its owner, through the same
/// short-lived, change-invalidated view cache as the meetings pages.
/// </summary>
public sealed class CalendarFeeds(FeedLinkStore store, IDataProtectionProvider protection, ZoomClientFactory clients, MeetingViewCache views, TimeProvider time)
{
    /// <summary>How far ahead the feed reaches.</summary>
    public static readonly TimeSpan Horizon = TimeSpan.FromDays(365);

    /// <summary>Series read in full (for their recurrence rules) per feed; beyond, a series shows as its next occurrence.</summary>
    public const int MaxSeriesRead = 50;

    private const int SecretBytes = 32;
    private readonly IDataProtector _protector = protection.CreateProtector("ZoomKit.App.Feeds.v1");

    /// <summary>The person's feed path (<c>/feed/{secret}.ics</c>), or null when they have none.</summary>
    public async Task<string?> PathOfAsync(string userId, CancellationToken cancellationToken)
    {
        if (await store.ProtectedSecretAsync(userId, cancellationToken) is not { } protectedSecret)
        {
            return null;
        }
        try
        {
            return PathFor(_protector.Unprotect(protectedSecret));
        }
        catch (CryptographicException)
        {
            // Its key is gone (keys lost, not rotated): the person makes a new link.
            return null;
        }
    }

    /// <summary>A new link for the person; any older one stops working.</summary>
    public async Task<string> NewLinkAsync(string userId, CancellationToken cancellationToken)
    {
        var secret = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(SecretBytes));
        await store.ReplaceAsync(userId, Hash(secret), _protector.Protect(secret), cancellationToken);
        return PathFor(secret);
    }

    /// <summary>Ends the person's link (they disconnected Zoom or removed the app).</summary>
    public Task DeleteAsync(string userId, CancellationToken cancellationToken) => store.DeleteAsync(userId, cancellationToken);

    /// <summary>The person a secret belongs to, or null. Found by the secret's hash: the secret itself is stored protected only.</summary>
    public async Task<string?> OwnerOfAsync(string secret, CancellationToken cancellationToken) =>
        secret.Length == 43 && secret.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
            ? await store.FindUserAsync(Hash(secret), cancellationToken)
            : null;

    /// <summary>The person's upcoming meetings (from a week ago, a year ahead) as <c>text/calendar</c>.</summary>
    public Task<string> IcsAsync(string userId, CancellationToken cancellationToken) =>
        views.GetOrReadAsync(userId, "feed", async ct =>
        {
            var zoom = clients.CreateClient(userId);
            var now = time.GetUtcNow();
            var today = DateOnly.FromDateTime(now.UtcDateTime);
            var meetings = new List<Meeting>();
            var seriesRead = 0;
            await foreach (var summary in zoom.Meetings.ListAllAsync(new MeetingListOptions { Type = MeetingListType.Scheduled, From = today.AddDays(-7), To = today.AddDays(Horizon.Days) }, ct))
            {
                // A series' rule is on the meeting itself, not in the list.
                meetings.Add(summary.Type == MeetingType.RecurringFixedTime && seriesRead++ < MaxSeriesRead
                    ? await zoom.Meetings.GetAsync(summary.Id, cancellationToken: ct)
                    : FromSummary(summary));
            }
            return MeetingCalendar.ToIcs(meetings, now, "Zoom meetings");
        }, cancellationToken);

    private static Meeting FromSummary(MeetingSummary m) => new()
    {
        Id = m.Id,
        Uuid = m.Uuid,
        HostId = m.HostId,
        Topic = m.Topic,
        Type = m.Type == MeetingType.RecurringFixedTime ? MeetingType.Scheduled : m.Type,
        StartTime = m.StartTime,
        Duration = m.Duration,
        Timezone = m.Timezone,
        Agenda = m.Agenda,
        JoinUrl = m.JoinUrl,
    };

    private static string PathFor(string secret) => $"/feed/{secret}.ics";

    private static byte[] Hash(string secret) => SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(secret));
}
