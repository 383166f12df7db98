using System.Collections.Concurrent;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Primitives;

namespace ZoomKit.App.Zoom;

/// <summary>
/// What each person's meeting views read from Zoom, kept a short while (<c>App:MeetingCacheSeconds</c>)
/// so that a page view without a change costs no Zoom call. A change forgets all of that person's
/// views at once: the app's own writes say so, and so do Zoom's <c>meeting.created</c>,
/// <c>.updated</c> and <c>.deleted</c> webhooks for changes made anywhere else. A read that was under
/// way while a change came is never kept.
/// </summary>
public sealed class MeetingViewCache : IDisposable
{
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 10_000 });

    // One generation per person: a change cancels it, which expires every view read under it.
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _generations = new(StringComparer.Ordinal);
    private readonly TimeSpan _lifetime;

    public MeetingViewCache(AppSettings settings) => _lifetime = settings.MeetingCacheLifetime;

    /// <summary>The person's view named <paramref name="view"/>: kept, or read now and kept.</summary>
    public async Task<T> GetOrReadAsync<T>(string userId, string view, Func<CancellationToken, Task<T>> read, CancellationToken cancellationToken)
        where T : class
    {
        if (_lifetime <= TimeSpan.Zero)
        {
            return await read(cancellationToken);
        }
        var key = userId + "\n" + view;
        if (_cache.TryGetValue(key, out T? kept) && kept is not null)
        {
            return kept;
        }
        // Taken before reading: a change during the read cancels it, and the entry is born expired.
        var generation = _generations.GetOrAdd(userId, static _ => new CancellationTokenSource()).Token;
        var value = await read(cancellationToken);
        _cache.Set(key, value, new MemoryCacheEntryOptions
        {
            AbsoluteExpirationRelativeToNow = _lifetime,
            Size = 1,
            ExpirationTokens = { new CancellationChangeToken(generation) },
        });
        return value;
    }

    /// <summary>The person's meetings changed: their next view reads Zoom.</summary>
    public void Changed(string userId)
    {
        if (_generations.TryRemove(userId, out var generation))
        {
            generation.Cancel();
        }
    }

    /// <summary>Someone's meetings changed and Zoom did not say whose (a <c>meeting.updated</c> names the meeting only): everyone's next view reads Zoom.</summary>
    public void ChangedForEveryone()
    {
        foreach (var userId in _generations.Keys)
        {
            Changed(userId);
        }
    }

    public void Dispose() => _cache.Dispose();
}
