using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using ZoomKit.Internal;

namespace ZoomKit.Http.Internal;

/// <summary>
/// Keeps each Zoom account within its budgets, shared by every connection of the account in the
/// process (Zoom counts per account; across processes Zoom's 429 and Retry-After stay the guard):
/// a request of a category holds one of the budget's permits from when it is sent until a second
/// after its answer, so that no one-second window, wherever it starts and however long each request
/// took to reach Zoom, holds more than the budget (callers queue rather than meet a 429). Also the
/// per-user daily quota of meeting creates and updates, per-second 429s waited out up to a bound,
/// and daily 429s, only when Zoom says daily, turned into an immediate
/// <see cref="ZoomRateLimitException"/> until the reset, with nothing more sent.
/// </summary>
internal sealed class ZoomRateLimitHandler(IOptions<ZoomApiOptions> options, ZoomRateBudgets budgets, TimeProvider time) : DelegatingHandler
{
    private const int MaxPerSecondRetries = 3;

    private readonly ZoomApiOptions _options = options.Value;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var context = request.Options.TryGetValue(ZoomRequestContext.Key, out var c) ? c : throw new InvalidOperationException("No ZoomRequestContext.");
        var dailyScope = context.IsMeetingWrite ? "meeting-writes" : context.Category.ToString();
        ThrowIfBlocked(context, dailyScope);
        if (context.IsMeetingWrite)
        {
            CountMeetingWrite(context);
        }
        for (var attempt = 0; ; attempt++)
        {
            var budget = Budget(context.Account ?? context.OwnBudget, context.Category);
            var lease = await budget.AcquireAsync(cancellationToken);
            if (!lease.IsAcquired)
            {
                lease.Dispose();
                throw new ZoomRateLimitException("ZoomKit's request queue for this connection is full.", ZoomRateLimitType.PerSecond, context.Category.ToString(), time.GetUtcNow().AddSeconds(1), sent: false);
            }
            HttpResponseMessage response;
            try
            {
                response = await base.SendAsync(request, cancellationToken);
            }
            finally
            {
                budget.ReturnAfterTheWindow(lease);
            }
            if (response.StatusCode != HttpStatusCode.TooManyRequests)
            {
                return response;
            }
            ZoomTelemetry.RateLimited.Add(1, new KeyValuePair<string, object?>(ZoomTelemetry.OperationAttribute, context.Operation));
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            var (daily, retryAt) = Classify(response, await response.Content.ReadAsStringAsync(cancellationToken));
            if (daily)
            {
                budgets.BlockedUntil[(context.ConnectionId, dailyScope)] = retryAt;
                var error = await ZoomApiErrors.ReadAsync(response, cancellationToken);
                response.Dispose();
                throw new ZoomRateLimitException(error.ZoomMessage, ZoomRateLimitType.Daily, Header(response, "X-RateLimit-Category"), retryAt, sent: true, error.TrackingId);
            }
            var wait = retryAt - time.GetUtcNow();
            if (attempt >= MaxPerSecondRetries)
            {
                var error = await ZoomApiErrors.ReadAsync(response, cancellationToken);
                response.Dispose();
                throw new ZoomRateLimitException(error.ZoomMessage, ZoomRateLimitType.PerSecond, Header(response, "X-RateLimit-Category"), retryAt, sent: true, error.TrackingId);
            }
            // A per-second limit passes within a second; a longer Retry-After is waited only up to the bound.
            wait = wait > _options.MaxRetryAfter ? _options.MaxRetryAfter : wait;
            // A 429 was not processed by Zoom, so even a POST may be sent again.
            response.Dispose();
            await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.FromMilliseconds(100), time, cancellationToken);
        }
    }

    private void ThrowIfBlocked(ZoomRequestContext context, string scope)
    {
        if (budgets.BlockedUntil.TryGetValue((context.ConnectionId, scope), out var until) && time.GetUtcNow() < until)
        {
            ZoomTelemetry.RateLimited.Add(1, new KeyValuePair<string, object?>(ZoomTelemetry.OperationAttribute, context.Operation));
            throw new ZoomRateLimitException($"Zoom's daily limit for this user was reached; nothing is sent until {until:yyyy-MM-dd HH:mm} UTC.",
                ZoomRateLimitType.Daily, context.Category.ToString(), until, sent: false);
        }
    }

    private void CountMeetingWrite(ZoomRequestContext context)
    {
        var now = time.GetUtcNow();
        var day = DateOnly.FromDateTime(now.UtcDateTime);
        var count = budgets.Writes.AddOrUpdate((context.ConnectionId, day), 1, (_, n) => n + 1);
        if (count > _options.DailyMeetingWritesPerUser)
        {
            var reset = NextMidnight(now);
            budgets.BlockedUntil[(context.ConnectionId, "meeting-writes")] = reset;
            ZoomTelemetry.RateLimited.Add(1, new KeyValuePair<string, object?>(ZoomTelemetry.OperationAttribute, context.Operation));
            throw new ZoomRateLimitException(
                $"This user has used the {_options.DailyMeetingWritesPerUser} meeting creates and updates Zoom allows a day; nothing is sent until 00:00 UTC.",
                ZoomRateLimitType.Daily, "Light", reset, sent: false);
        }
    }

    private ZoomRateBudget Budget(string account, ZoomRateCategory category) => budgets.PerSecond.GetOrAdd((account, category), key =>
        new ZoomRateBudget(key.Category switch
        {
            ZoomRateCategory.Light => _options.PerSecond.Light,
            ZoomRateCategory.Medium => _options.PerSecond.Medium,
            _ => _options.PerSecond.Heavy,
        }, time));

    /// <summary>
    /// Daily or per second, and until when. Daily only when Zoom says so: <c>X-RateLimit-Type</c>, or
    /// the message of a daily 429 that came without it [DF 18928] ("…daily rate limit…"). Anything
    /// else is per second, retried after <c>Retry-After</c> or a second.
    /// </summary>
    private (bool Daily, DateTimeOffset RetryAt) Classify(HttpResponseMessage response, string body)
    {
        var now = time.GetUtcNow();
        var type = Header(response, "X-RateLimit-Type");
        var retryAfter = Header(response, "Retry-After");
        DateTimeOffset? retryAt = null;
        if (retryAfter is not null)
        {
            if (int.TryParse(retryAfter, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            {
                retryAt = now.AddSeconds(seconds);
            }
            else if (DateTimeOffset.TryParse(retryAfter, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            {
                retryAt = at;
            }
        }
        var daily = type is not null
            ? type.Contains("daily", StringComparison.OrdinalIgnoreCase)
            : body.Contains("daily", StringComparison.OrdinalIgnoreCase);
        return (daily, retryAt ?? (daily ? NextMidnight(now) : now.AddSeconds(1)));
    }

    private static DateTimeOffset NextMidnight(DateTimeOffset now) => new(now.UtcDateTime.Date.AddDays(1), TimeSpan.Zero);

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}

/// <summary>
/// The budgets themselves, one set per process: IHttpClientFactory recycles handlers every few
/// minutes, and a budget must outlive them.
/// </summary>
internal sealed class ZoomRateBudgets : IDisposable
{
    public ConcurrentDictionary<(string Account, ZoomRateCategory Category), ZoomRateBudget> PerSecond { get; } = new();
    public ConcurrentDictionary<(string Connection, DateOnly Day), int> Writes { get; } = new();
    public ConcurrentDictionary<(string Connection, string Scope), DateTimeOffset> BlockedUntil { get; } = new();

    public void Dispose()
    {
        foreach (var budget in PerSecond.Values)
        {
            budget.Dispose();
        }
    }
}
