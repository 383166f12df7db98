namespace ZoomKit.Http;

/// <summary>How ZoomKit calls Zoom's REST API.</summary>
public sealed class ZoomApiOptions
{
    /// <summary>The API base, up to and including <c>/v2</c>. Default <c>https://api.zoom.us/v2</c>.</summary>
    public Uri ApiBaseUrl { get; set; } = new("https://api.zoom.us/v2");

    /// <summary>The account's plan, which sets the per-second budgets: <c>Free</c>, <c>Pro</c> (default) or <c>Business</c>.</summary>
    public string Plan { get; set; } = "Pro";

    /// <summary>Overrides the plan's Light requests per second (create, get, update, delete a meeting; get a user).</summary>
    public int? LightPerSecond { get; set; }

    /// <summary>Overrides the plan's Medium requests per second (list meetings).</summary>
    public int? MediumPerSecond { get; set; }

    /// <summary>Meeting creates and updates per user per day before ZoomKit stops sending them. Default 100, Zoom's.</summary>
    public int DailyMeetingWritesPerUser { get; set; } = 100;

    /// <summary>The longest <c>Retry-After</c> ZoomKit waits out on a per-second 429 before giving up. Default 10 s.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long one attempt may take. Default 30 s.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries of a failed GET or DELETE (network, 5xx, 408). Default 3. POST and PATCH are never retried.</summary>
    public int MaxRetries { get; set; } = 3;

    internal (int Light, int Medium, int Heavy) PerSecond
    {
        get
        {
            // Zoom's table by plan (ZOOM.md, Rate limits).
            var (light, medium, heavy) = Plan.ToUpperInvariant() switch
            {
                "FREE" => (4, 2, 1),
                "BUSINESS" or "BUSINESS+" or "ENTERPRISE" => (80, 60, 40),
                _ => (30, 20, 10),
            };
            return (LightPerSecond ?? light, MediumPerSecond ?? medium, heavy);
        }
    }
}
