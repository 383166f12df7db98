using ZoomKit.Emulator.Meetings;
using System.Text.Json.Nodes;

namespace ZoomKit.Emulator.Internal;

internal sealed record PendingAuthorization(
    string Id, EmulatorApp App, string RedirectUri, string? State, string? CodeChallenge, string? CodeChallengeMethod,
    DateTimeOffset ExpiresAt)
{
    public string? UserId { get; set; }
}

internal sealed record AuthorizationCode(
    string ClientId, string UserId, string RedirectUri, string? CodeChallenge, string? CodeChallengeMethod, DateTimeOffset ExpiresAt)
{
    public bool Used { get; set; }
}

/// <summary>A device authorization (RFC 8628): what the device polls with, and what its user decided on the activation page.</summary>
internal sealed class DeviceCodeGrant(string deviceCode, string userCode, string clientId, DateTimeOffset expiresAt, int intervalSeconds, DateTimeOffset issuedAt)
{
    public string DeviceCode { get; } = deviceCode;
    public string UserCode { get; } = userCode;
    public string ClientId { get; } = clientId;
    public DateTimeOffset ExpiresAt { get; } = expiresAt;
    public int IntervalSeconds { get; } = intervalSeconds;

    /// <summary>The last poll, or the issue time: the next poll must come an interval later.</summary>
    public DateTimeOffset LastPolledAt { get; set; } = issuedAt;

    /// <summary>Who allowed or denied, once someone has.</summary>
    public string? UserId { get; set; }

    /// <summary>null while pending; true allowed, false denied.</summary>
    public bool? Allowed { get; set; }
}

/// <summary>A browser on the device activation page: signed in (or not yet), and the code it entered.</summary>
internal sealed record DeviceActivation(string Id, string? PrefilledCode, DateTimeOffset ExpiresAt)
{
    public string? UserId { get; set; }
    public string? DeviceCode { get; set; }
}

/// <summary>One user's authorization of one app; a new authorization bumps the generation and kills older tokens.</summary>
internal sealed class Grant
{
    public int Generation { get; set; }
}

internal sealed record AccessTokenInfo(string ClientId, string UserId, string AccountId, IReadOnlyList<string> Scopes, DateTimeOffset ExpiresAt, int Generation, bool ServerToServer);

internal sealed record RefreshTokenInfo(string ClientId, string UserId, IReadOnlyList<string> Scopes, DateTimeOffset ExpiresAt, int Generation);

internal sealed class StoredMeeting
{
    public required long Id { get; init; }
    public required string Uuid { get; init; }
    public required string HostId { get; init; }
    /// <summary>The meeting as Zoom keeps it; replaced whole on a change, which reads its type, start and duration once.</summary>
    public required JsonObject Body
    {
        get => _body;
        set
        {
            _body = value;
            Type = value["type"]!.GetValue<int>();
            StartTime = value["start_time"]?.GetValue<string>() is { } s ? DateTimeOffset.Parse(s, System.Globalization.CultureInfo.InvariantCulture) : null;
            Duration = value["duration"]?.GetValue<int>() ?? 60;
        }
    }

    private JsonObject _body = null!;

    public required DateTimeOffset CreatedAt { get; init; }
    public HashSet<string> DeletedOccurrences { get; } = [];

    // Read on every list request for every meeting of the host: parsed once per change, not per request.
    public int Type { get; private set; }

    public DateTimeOffset? StartTime { get; private set; }

    public int Duration { get; private set; }

    /// <summary>Where the meeting is in its host's lists, if it is there.</summary>
    public ListEntry? Listed { get; set; }
}

/// <summary>
/// Where a listing goes on: the count given so far and the count the first page reported, and for
/// meetings the host's lists as they were at the first page.
/// </summary>
internal sealed record PageCursor(string HostId, string QueryKey, int Given, int Total, ListingPosition? Listing, DateTimeOffset ExpiresAt);

/// <summary>Everything the emulator remembers. In memory; every access under <see cref="Gate"/>.</summary>
internal sealed class EmulatorState
{
    public Lock Gate { get; } = new();

    public Dictionary<string, EmulatorUser> UsersById { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, EmulatorUser> UsersByEmail { get; } = new(StringComparer.OrdinalIgnoreCase);
    public Dictionary<string, EmulatorApp> Apps { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, PendingAuthorization> Pending { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, AuthorizationCode> Codes { get; } = new(StringComparer.Ordinal);
    public Dictionary<(string ClientId, string UserId), Grant> Grants { get; } = [];
    public Dictionary<string, DeviceCodeGrant> DeviceCodes { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, string> DeviceCodesByUserCode { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, DeviceActivation> DeviceActivations { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, AccessTokenInfo> AccessTokens { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, RefreshTokenInfo> RefreshTokens { get; } = new(StringComparer.Ordinal);

    public Dictionary<long, StoredMeeting> Meetings { get; } = [];
    /// <summary>Each host's meetings in the list's order.</summary>
    public Dictionary<string, HostMeetings> MeetingsByHost { get; } = new(StringComparer.Ordinal);

    /// <summary>Puts a new or changed meeting in its place in its host's lists.</summary>
    public void PlaceInHostList(StoredMeeting meeting)
    {
        var host = MeetingsByHost.TryGetValue(meeting.HostId, out var existing) ? existing : MeetingsByHost[meeting.HostId] = new HostMeetings();
        meeting.Listed = host.Place(meeting, meeting.Listed);
    }

    /// <summary>Takes a deleted meeting out of its host's lists.</summary>
    public void RemoveFromHostList(StoredMeeting meeting)
    {
        MeetingsByHost.GetValueOrDefault(meeting.HostId)?.Remove(meeting.Listed);
        meeting.Listed = null;
    }

    public Dictionary<string, PageCursor> PageCursors { get; } = new(StringComparer.Ordinal);
    public Dictionary<(string UserId, DateOnly Day), int> DailyMeetingWrites { get; } = [];
    public Dictionary<string, (long MeetingId, DateTimeOffset ExpiresAt)> StartTokens { get; } = new(StringComparer.Ordinal);

    public EmulatorStats Stats { get; } = new();

    /// <summary>How often expired entries are swept, in emulator time.</summary>
    private static readonly TimeSpan PurgeInterval = TimeSpan.FromMinutes(1);

    /// <summary>An expired access token is kept this long, so that its use still answers "expired" rather than "invalid".</summary>
    private static readonly TimeSpan ExpiredAccessTokenGrace = TimeSpan.FromDays(1);

    /// <summary>
    /// At most this many sign-in pages and page cursors are remembered: both are made by requests
    /// nobody has authenticated, so a flood must not grow the emulator without bound. Past the
    /// limit the oldest quarter goes.
    /// </summary>
    public const int MaxPendingEntries = 1_000;

    private DateTimeOffset _nextPurge = DateTimeOffset.MinValue;

    /// <summary>
    /// Forgets what has expired on the emulator clock (pending authorizations, codes, tokens,
    /// start tokens, page cursors, tokens of ended grants) once a minute of emulator time, and the
    /// oldest unauthenticated entries when there are too many. Caller holds the gate; called
    /// wherever an entry is added.
    /// </summary>
    public void Purge(DateTimeOffset now)
    {
        if (Pending.Count >= MaxPendingEntries)
        {
            EvictOldest(Pending, p => p.ExpiresAt);
        }
        if (DeviceActivations.Count >= MaxPendingEntries)
        {
            EvictOldest(DeviceActivations, a => a.ExpiresAt);
        }
        if (PageCursors.Count >= MaxPendingEntries)
        {
            EvictOldest(PageCursors, c => c.ExpiresAt);
        }
        if (DeviceCodes.Count >= MaxPendingEntries * 10)
        {
            EvictOldest(DeviceCodes, d => d.ExpiresAt);
        }
        if (StartTokens.Count >= MaxPendingEntries * 10)
        {
            EvictOldest(StartTokens, t => t.ExpiresAt);
        }
        if (now < _nextPurge)
        {
            return;
        }
        _nextPurge = now + PurgeInterval;
        RemoveWhere(Pending, p => p.ExpiresAt <= now);
        RemoveWhere(Codes, c => c.ExpiresAt <= now);
        RemoveWhere(DeviceActivations, a => a.ExpiresAt <= now);
        // A device code is kept a day past its life, so that a late poll still answers expired_token.
        RemoveWhere(DeviceCodes, d => d.ExpiresAt + ExpiredAccessTokenGrace <= now);
        RemoveWhere(DeviceCodesByUserCode, code => !DeviceCodes.ContainsKey(code));
        RemoveWhere(AccessTokens, t => t.ExpiresAt + ExpiredAccessTokenGrace <= now || (!t.ServerToServer && !IsCurrentGrant(t.ClientId, t.UserId, t.Generation)));
        RemoveWhere(RefreshTokens, t => t.ExpiresAt <= now || !IsCurrentGrant(t.ClientId, t.UserId, t.Generation));
        RemoveWhere(StartTokens, t => t.ExpiresAt <= now);
        RemoveWhere(PageCursors, c => c.ExpiresAt <= now);
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        RemoveWhere(DailyMeetingWrites, (key, _) => key.Day < today);
    }

    private static void RemoveWhere<TKey, TValue>(Dictionary<TKey, TValue> entries, Func<TValue, bool> expired) where TKey : notnull =>
        RemoveWhere(entries, (_, value) => expired(value));

    private static void RemoveWhere<TKey, TValue>(Dictionary<TKey, TValue> entries, Func<TKey, TValue, bool> expired) where TKey : notnull
    {
        foreach (var (key, value) in entries)
        {
            if (expired(key, value))
            {
                // Removing while enumerating is allowed for Dictionary since .NET Core 3.0.
                entries.Remove(key);
            }
        }
    }

    private static void EvictOldest<TValue>(Dictionary<string, TValue> entries, Func<TValue, DateTimeOffset> expiresAt)
    {
        foreach (var key in entries.OrderBy(e => expiresAt(e.Value)).Take(entries.Count / 4 + 1).Select(e => e.Key).ToList())
        {
            entries.Remove(key);
        }
    }

    public void Load(EmulatorOptions options)
    {
        lock (Gate)
        {
            UsersById.Clear();
            UsersByEmail.Clear();
            Apps.Clear();
            Pending.Clear();
            Codes.Clear();
            DeviceCodes.Clear();
            DeviceCodesByUserCode.Clear();
            DeviceActivations.Clear();
            Grants.Clear();
            AccessTokens.Clear();
            RefreshTokens.Clear();
            Meetings.Clear();
            MeetingsByHost.Clear();
            PageCursors.Clear();
            DailyMeetingWrites.Clear();
            StartTokens.Clear();
            Stats.Reset();
            _nextPurge = DateTimeOffset.MinValue;
            foreach (var user in options.EffectiveUsers)
            {
                if (string.IsNullOrEmpty(user.Id))
                {
                    user.Id = Ids.UserId(user.Email.ToUpperInvariant());
                }
                UsersById[user.Id] = user;
                UsersByEmail[user.Email] = user;
            }
            foreach (var app in options.EffectiveApps)
            {
                Apps[app.ClientId] = app;
            }
        }
    }

    /// <summary>Ends a user's authorization of an app: every token of it dies. Caller holds the gate.</summary>
    public void EndGrant(string clientId, string userId) => NextGrant(clientId, userId);

    /// <summary>A new authorization of the app by the user replaces the grant: every older token dies. Returns the new generation. Caller holds the gate.</summary>
    public int NextGrant(string clientId, string userId)
    {
        var key = (clientId, userId);
        var grant = Grants.TryGetValue(key, out var existing) ? existing : Grants[key] = new Grant();
        return ++grant.Generation;
    }

    /// <summary>Whether a token of <paramref name="generation"/> still belongs to the user's current authorization. Caller holds the gate.</summary>
    public bool IsCurrentGrant(string clientId, string userId, int generation) =>
        Grants.TryGetValue((clientId, userId), out var grant) && grant.Generation == generation;

    public EmulatorUser? FindUser(string idOrEmail) =>
        UsersById.TryGetValue(idOrEmail, out var byId) ? byId : UsersByEmail.GetValueOrDefault(idOrEmail);
}

/// <summary>Counters behind <c>GET /_emulator/stats</c>.</summary>
internal sealed class EmulatorStats
{
    private readonly Dictionary<string, long> _counters = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public void Increment(string key, long by = 1)
    {
        lock (_gate)
        {
            _counters[key] = _counters.GetValueOrDefault(key) + by;
        }
    }

    public long Get(string key)
    {
        lock (_gate)
        {
            return _counters.GetValueOrDefault(key);
        }
    }

    public Dictionary<string, long> Snapshot(string prefix)
    {
        lock (_gate)
        {
            return _counters.Where(p => p.Key.StartsWith(prefix, StringComparison.Ordinal)).ToDictionary(p => p.Key[prefix.Length..], p => p.Value);
        }
    }

    public void Reset()
    {
        lock (_gate)
        {
            _counters.Clear();
        }
    }
}
