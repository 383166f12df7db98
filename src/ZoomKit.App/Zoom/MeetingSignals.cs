using System.Text.Json;
using System.Text.Json.Serialization;
using Npgsql;

namespace ZoomKit.App.Zoom;

/// <summary>What a signal says.</summary>
public enum MeetingSignalKind
{
    /// <summary>A meeting of the host started or ended.</summary>
    Live,

    /// <summary>The host's meetings changed.</summary>
    Changed,

    /// <summary>Someone's meetings changed, whose is unknown (a <c>meeting.updated</c> without <c>host_id</c>).</summary>
    ChangedForEveryone,
}

/// <summary>What a meeting webhook or a write tells the app's memory: a meeting started or ended, or someone's meetings changed.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="HostId">The host's Zoom user id; null for <see cref="MeetingSignalKind.ChangedForEveryone"/>.</param>
/// <param name="MeetingId">The meeting, for <see cref="MeetingSignalKind.Live"/>.</param>
/// <param name="Live">For <see cref="MeetingSignalKind.Live"/>: started (true) or ended.</param>
public sealed record MeetingSignal(MeetingSignalKind Kind, string? HostId, long MeetingId = 0, bool Live = false);

/// <summary>
/// Applies meeting signals to this instance's memory (live status, view cache) and, with PostgreSQL,
/// to every other instance's: a webhook reaches one instance, and <c>NOTIFY</c> tells the rest.
/// </summary>
public class MeetingSignals(LiveMeetings live, MeetingViewCache views)
{
    /// <summary>Applies the signal here, and tells the other instances.</summary>
    public virtual Task PublishAsync(MeetingSignal signal, CancellationToken cancellationToken)
    {
        Apply(signal);
        return Task.CompletedTask;
    }

    /// <summary>Applies a signal to this instance's memory.</summary>
    public void Apply(MeetingSignal signal)
    {
        switch (signal)
        {
            case { Kind: MeetingSignalKind.Live, HostId: { } host }:
                live.Changed(signal.MeetingId, host, signal.Live);
                break;
            case { Kind: MeetingSignalKind.Changed, HostId: { } host }:
                views.Changed(host);
                live.MeetingsChanged(host);
                break;
            case { Kind: MeetingSignalKind.ChangedForEveryone }:
                views.ChangedForEveryone();
                break;
        }
    }
}

/// <summary>
/// The signals of several instances sharing PostgreSQL: published with <c>NOTIFY zoomkit_meetings</c>,
/// heard by every instance's <c>LISTEN</c> (a connection of its own, reconnected after a failure).
/// An instance ignores its own notifications, which it applied when it published them.
/// </summary>
public sealed partial class PostgresMeetingSignals(LiveMeetings live, MeetingViewCache views, NpgsqlDataSource dataSource, ILogger<PostgresMeetingSignals> logger)
    : MeetingSignals(live, views), IHostedService, IDisposable
{
    private const string Channel = "zoomkit_meetings";
    private readonly string _origin = Guid.NewGuid().ToString("N");
    private readonly CancellationTokenSource _stopping = new();
    private Task? _listening;

    public override async Task PublishAsync(MeetingSignal signal, CancellationToken cancellationToken)
    {
        await base.PublishAsync(signal, cancellationToken);
        await using var command = dataSource.CreateCommand("SELECT pg_notify($1, $2)");
        command.Parameters.Add(new NpgsqlParameter { Value = Channel });
        command.Parameters.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(new Envelope(_origin, signal), MeetingSignalJson.Default.Envelope) });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _listening = ListenAsync(_stopping.Token);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        if (_listening is not null)
        {
            await _listening.WaitAsync(cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    public void Dispose() => _stopping.Dispose();

    private async Task ListenAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stopping);
                connection.Notification += (_, e) => Heard(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stopping);
                }
                while (true)
                {
                    await connection.WaitAsync(stopping);
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException or IOException or TimeoutException)
            {
                // Missed signals meanwhile cost at most the view cache's lifetime and a live badge until the next event.
                ListenFailed(logger, e.GetType().Name);
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(2), stopping);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private void Heard(string payload)
    {
        try
        {
            if (JsonSerializer.Deserialize(payload, MeetingSignalJson.Default.Envelope) is { Signal: { } signal } envelope && envelope.Origin != _origin)
            {
                Apply(signal);
            }
        }
        catch (JsonException)
        {
            // Not ours: another program on the same channel.
        }
    }

    [LoggerMessage(5101, LogLevel.Warning, "Listening for other instances' meeting signals failed ({Failure}); trying again in 2 s")]
    private static partial void ListenFailed(ILogger logger, string failure);
}

/// <summary>A signal and the instance that sent it.</summary>
public sealed record Envelope(string Origin, MeetingSignal Signal);

// Kinds travel by name, not by number: adding one never makes another instance read it as a different kind.
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, UseStringEnumConverter = true)]
[JsonSerializable(typeof(Envelope))]
internal sealed partial class MeetingSignalJson : JsonSerializerContext;
