using System.Collections.Concurrent;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace ZoomKit.App.Zoom;

/// <summary>
/// Which meetings are running, from Zoom's <c>meeting.started</c> and <c>meeting.ended</c> webhooks,
/// and the open pages of each host, to which a change is pushed at once (server-sent events).
/// </summary>
public sealed class LiveMeetings
{
    /// <summary>Open pages one person may have listening at once; the oldest is closed beyond it.</summary>
    public const int MaxListenersPerUser = 16;

    /// <summary>Running meetings remembered at once: a lost <c>meeting.ended</c> cannot grow this without bound.</summary>
    public const int MaxRunning = 100_000;

    private readonly ConcurrentDictionary<long, string> _running = new();
    private readonly ConcurrentDictionary<string, List<Channel<SseItem<string>>>> _listeners = new(StringComparer.Ordinal);

    /// <summary>Whether the meeting is running now.</summary>
    public bool IsLive(long meetingId) => _running.ContainsKey(meetingId);

    /// <summary>The meeting started (or ended): remembered, and told to its host's open pages.</summary>
    public void Changed(long meetingId, string hostId, bool live)
    {
        if (live)
        {
            if (_running.Count >= MaxRunning)
            {
                _running.Clear();
            }
            _running[meetingId] = hostId;
        }
        else
        {
            _running.TryRemove(meetingId, out _);
        }
        Tell(hostId, new SseItem<string>($$"""{"id":{{meetingId}},"live":{{(live ? "true" : "false")}}}""", "live"));
    }

    /// <summary>Tells the user's open pages that their meetings changed elsewhere (a page may offer to show them).</summary>
    public void MeetingsChanged(string userId) => Tell(userId, new SseItem<string>("{}", "changed"));

    /// <summary>
    /// The events for one open page of <paramref name="userId"/>: first a <c>snapshot</c> of their running
    /// meetings' ids, then each change, until the page goes away.
    /// </summary>
    public async IAsyncEnumerable<SseItem<string>> ListenAsync(string userId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Bounded: a page that does not read loses its oldest news, never the server's memory.
        var channel = Channel.CreateBounded<SseItem<string>>(new BoundedChannelOptions(64) { FullMode = BoundedChannelFullMode.DropOldest });
        var pages = _listeners.GetOrAdd(userId, static _ => []);
        lock (pages)
        {
            if (pages.Count >= MaxListenersPerUser)
            {
                pages[0].Writer.TryComplete();
                pages.RemoveAt(0);
            }
            pages.Add(channel);
        }
        try
        {
            var running = _running.Where(r => r.Value == userId).Select(r => r.Key).Order();
            yield return new SseItem<string>("[" + string.Join(",", running) + "]", "snapshot");
            await foreach (var item in channel.Reader.ReadAllAsync(cancellationToken))
            {
                yield return item;
            }
        }
        finally
        {
            lock (pages)
            {
                pages.Remove(channel);
            }
        }
    }

    private void Tell(string userId, SseItem<string> item)
    {
        if (_listeners.TryGetValue(userId, out var pages))
        {
            lock (pages)
            {
                foreach (var page in pages)
                {
                    page.Writer.TryWrite(item);
                }
            }
        }
    }
}
