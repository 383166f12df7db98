using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using ZoomKit.Internal;

namespace ZoomKit.Http.Internal;

/// <summary>
/// Keeps each connection within Zoom's budgets: a token bucket per category at the plan's rate
/// (callers queue rather than meet a 429), the per-user daily quota of meeting creates and updates,
/// per-second 429s waited out up to a bound, and daily 429s turned into an immediate
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
            using (var lease = await Bucket(context).AcquireAsync(1, cancellationToken))
            {
                if (!lease.IsAcquired)
                {
                    throw new ZoomRateLimitException("ZoomKit's request queue for this connection is full.", ZoomRateLimitType.PerSecond, context.Category.ToString(), time.GetUtcNow().AddSeconds(1), sent: false);
                }
            }
            var response = await base.SendAsync(request, cancellationToken);
            if (response.StatusCode != HttpStatusCode.TooManyRequests)
            {
                return response;
            }
            ZoomTelemetry.RateLimited.Add(1, new KeyValuePair<string, object?>("operation", context.Operation));
            var (daily, retryAt) = Classify(response);
            if (daily)
            {
                budgets.BlockedUntil[(context.ConnectionId, dailyScope)] = retryAt;
                var error = await ZoomApiErrors.ReadAsync(response, cancellationToken);
                response.Dispose();
                throw new ZoomRateLimitException(error.ZoomMessage, ZoomRateLimitType.Daily, Header(response, "X-RateLimit-Category"), retryAt, sent: true, error.TrackingId);
            }
            var wait = retryAt - time.GetUtcNow();
            if (attempt >= MaxPerSecondRetries || wait > _options.MaxRetryAfter)
            {
                var error = await ZoomApiErrors.ReadAsync(response, cancellationToken);
                response.Dispose();
                throw new ZoomRateLimitException(error.ZoomMessage, ZoomRateLimitType.PerSecond, Header(response, "X-RateLimit-Category"), retryAt, sent: true, error.TrackingId);
            }
            // A 429 was not processed by Zoom, so even a POST may be sent again.
            response.Dispose();
            await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.FromMilliseconds(100), time, cancellationToken);
        }
    }

    private void ThrowIfBlocked(ZoomRequestContext context, string scope)
    {
        if (budgets.BlockedUntil.TryGetValue((context.ConnectionId, scope), out var until) && time.GetUtcNow() < until)
        {
            ZoomTelemetry.RateLimited.Add(1, new KeyValuePair<string, object?>("operation", context.Operation));
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
            ZoomTelemetry.RateLimited.Add(1, new KeyValuePair<string, object?>("operation", context.Operation));
            throw new ZoomRateLimitException(
                $"This user has used the {_options.DailyMeetingWritesPerUser} meeting creates and updates Zoom allows a day; nothing is sent until 00:00 UTC.",
                ZoomRateLimitType.Daily, "Light", reset, sent: false);
        }
    }

    private RateLimiter Bucket(ZoomRequestContext context) => budgets.Buckets.GetOrAdd((context.ConnectionId, context.Category), key =>
    {
        var perSecond = key.Category switch
        {
            ZoomRateCategory.Light => _options.PerSecond.Light,
            ZoomRateCategory.Medium => _options.PerSecond.Medium,
            _ => _options.PerSecond.Heavy,
        };
        return new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = perSecond,
            TokensPerPeriod = perSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 100_000,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
    });

    /// <summary>
    /// Daily or per second, and until when. <c>X-RateLimit-Type</c> says which; a 429 without it
    /// (seen for daily limits, [DF 18928]) counts as daily unless <c>Retry-After</c> is a short wait.
    /// </summary>
    private (bool Daily, DateTimeOffset RetryAt) Classify(HttpResponseMessage response)
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
            : retryAt is null || retryAt - now > TimeSpan.FromMinutes(1);
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
    public ConcurrentDictionary<(string Connection, ZoomRateCategory Category), RateLimiter> Buckets { get; } = new();
    public ConcurrentDictionary<(string Connection, DateOnly Day), int> Writes { get; } = new();
    public ConcurrentDictionary<(string Connection, string Scope), DateTimeOffset> BlockedUntil { get; } = new();

    public void Dispose()
    {
        foreach (var bucket in Buckets.Values)
        {
            bucket.Dispose();
        }
    }
}
