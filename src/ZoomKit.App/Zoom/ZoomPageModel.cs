using ZoomKit.AspNetCore.Authentication;
using System.Security.Claims;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ZoomKit.Http;
using ZoomKit.Meetings;

namespace ZoomKit.App.Zoom;

/// <summary>A page of a signed-in user: their Zoom client and time zone.</summary>
public abstract class ZoomPageModel(ZoomClientFactory clients) : PageModel
{
    /// <summary>The signed-in Zoom user's id, which is also their connection's id.</summary>
    public string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier)!;

    /// <summary>The user's time zone id (their Zoom profile's).</summary>
    public string UserTimeZoneId => User.FindFirstValue(ZoomClaimTypes.TimeZone) is { } id && ZoomTimeZones.IsSupported(id) ? id : "UTC";

    /// <summary>The user's time zone.</summary>
    public TimeZoneInfo UserTimeZone => ZoomTimeZones.TryFind(UserTimeZoneId, out var zone) ? zone : TimeZoneInfo.Utc;

    /// <summary>The user's Zoom API.</summary>
    protected ZoomClient Zoom => clients.CreateClient(UserId);

    /// <summary>
    /// Changes meetings of <paramref name="hostId"/> (the signed-in user's when null) in Zoom, and makes
    /// their next view read Zoom, whatever the answer: a write whose outcome is unknown may have landed.
    /// </summary>
    protected async Task<T> ChangeMeetingsAsync<T>(Func<Task<T>> write, string? hostId = null)
    {
        try
        {
            return await write();
        }
        finally
        {
            try
            {
                // Here at once; with PostgreSQL, on every other instance too.
                await HttpContext.RequestServices.GetRequiredService<MeetingSignals>().PublishAsync(new MeetingSignal(MeetingSignalKind.Changed, hostId ?? UserId), CancellationToken.None);
            }
            catch (System.Data.Common.DbException)
            {
                // This instance has forgotten its views already; the others' last at most App:MeetingCacheSeconds.
            }
        }
    }

    /// <inheritdoc cref="ChangeMeetingsAsync{T}(Func{Task{T}}, string?)"/>
    protected Task ChangeMeetingsAsync(Func<Task> write, string? hostId = null) =>
        ChangeMeetingsAsync(async () =>
        {
            await write();
            return true;
        }, hostId);

    /// <summary>A UTC time in the user's zone.</summary>
    public DateTimeOffset Local(DateTimeOffset utc) => TimeZoneInfo.ConvertTime(utc, UserTimeZone);
}
