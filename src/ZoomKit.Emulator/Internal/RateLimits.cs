using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace ZoomKit.Emulator.Internal;

/// <summary>Zoom's rate-limit categories, as the spec labels each endpoint.</summary>
internal enum RateCategory
{
    Light,
    Medium,
    Heavy,
}

/// <summary>
/// Per-account requests-per-second budgets by category (System.Threading.RateLimiting fixed
/// windows of one second), the Free plan's daily caps, and the per-user daily quota of meeting
/// creates and updates, reset at 00:00 UTC of emulator time.
/// </summary>
internal sealed class RateLimits(IOptionsMonitor<EmulatorOptions> options, EmulatorClock clock, EmulatorState state)
{
    private readonly ConcurrentDictionary<(string Account, RateCategory Category), FixedWindowRateLimiter> _perSecond = new();
    private readonly ConcurrentDictionary<(string Account, RateCategory Category, DateOnly Day), int> _daily = new();

    public void Reset()
    {
        foreach (var limiter in _perSecond.Values)
        {
            limiter.Dispose();
        }
        _perSecond.Clear();
        _daily.Clear();
    }

    /// <summary>Takes one request from the account's budget; a 429 result when there is none.</summary>
    public IResult? TryAcquire(string accountId, RateCategory category, HttpResponse response)
    {
        var settings = options.CurrentValue.RateLimits;
        if (!settings.Enabled)
        {
            return null;
        }
        var (perSecond, perDay) = Budget(settings, category);
        var limiter = _perSecond.GetOrAdd((accountId, category), _ => new FixedWindowRateLimiter(new FixedWindowRateLimiterOptions
        {
            PermitLimit = perSecond,
            Window = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
        var now = clock.UtcNow;
        if (perDay is { } dailyLimit)
        {
            var count = _daily.AddOrUpdate((accountId, category, DateOnly.FromDateTime(now.UtcDateTime)), 1, (_, c) => c + 1);
            if (count > dailyLimit)
            {
                return Daily(response, category, dailyLimit, now,
                    $"You have exceeded the daily rate limit of \"{dailyLimit}\" requests for \"{category}\" APIs. You may resume these requests at GMT 00:00:00.");
            }
        }
        using var lease = limiter.AttemptAcquire();
        if (lease.IsAcquired)
        {
            return null;
        }
        state.Stats.Increment("rate_limited");
        Headers(response, category, "QPS", perSecond, 0);
        response.Headers.RetryAfter = "1";
        return ApiResults.Error(429, 429, "You have reached the maximum per-second rate limit for this API. Try again later.");
    }

    /// <summary>Counts one meeting create or update against the host's daily quota.</summary>
    public IResult? TryCountMeetingWrite(string userId, HttpResponse response)
    {
        var settings = options.CurrentValue.RateLimits;
        if (!settings.Enabled)
        {
            return null;
        }
        var now = clock.UtcNow;
        var limit = settings.MeetingCreateUpdatePerUserPerDay;
        lock (state.Gate)
        {
            var key = (userId, DateOnly.FromDateTime(now.UtcDateTime));
            var used = state.DailyMeetingWrites.GetValueOrDefault(key);
            if (used >= limit)
            {
                return Daily(response, RateCategory.Light, limit, now,
                    $"You have exceeded the daily rate limit ({limit}) of Meeting Create/Update API requests permitted for this particular user. You may resume these requests at GMT 00:00:00.");
            }
            state.DailyMeetingWrites[key] = used + 1;
        }
        return null;
    }

    private IResult Daily(HttpResponse response, RateCategory category, int limit, DateTimeOffset now, string message)
    {
        state.Stats.Increment("rate_limited");
        state.Stats.Increment("rate_limited_daily");
        Headers(response, category, "Daily-limit", limit, 0);
        var reset = new DateTimeOffset(now.UtcDateTime.Date.AddDays(1), TimeSpan.Zero);
        response.Headers.RetryAfter = reset.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return ApiResults.Error(429, 429, message);
    }

    private static void Headers(HttpResponse response, RateCategory category, string type, int limit, int remaining)
    {
        response.Headers["X-RateLimit-Category"] = category.ToString();
        response.Headers["X-RateLimit-Type"] = type;
        response.Headers["X-RateLimit-Limit"] = limit.ToString(CultureInfo.InvariantCulture);
        response.Headers["X-RateLimit-Remaining"] = remaining.ToString(CultureInfo.InvariantCulture);
    }

    private static (int PerSecond, int? PerDay) Budget(EmulatorRateLimits settings, RateCategory category)
    {
        // Zoom's table by plan [RL]; only the Free plan has daily caps per category.
        var (light, medium, heavy, daily) = settings.Plan.ToUpperInvariant() switch
        {
            "FREE" => (4, 2, 1, true),
            "BUSINESS" or "BUSINESS+" or "ENTERPRISE" => (80, 60, 40, false),
            _ => (30, 20, 10, false),
        };
        return category switch
        {
            RateCategory.Light => (settings.LightPerSecond ?? light, daily ? 6000 : null),
            RateCategory.Medium => (settings.MediumPerSecond ?? medium, daily ? 2000 : null),
            _ => (settings.HeavyPerSecond ?? heavy, daily ? 1000 : null),
        };
    }
}
