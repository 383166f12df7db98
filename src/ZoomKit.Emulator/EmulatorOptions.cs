namespace ZoomKit.Emulator;

/// <summary>The emulator's configuration, section <c>Emulator</c>. Every value has a default, so nothing needs configuring.</summary>
public sealed class EmulatorOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Emulator";

    /// <summary>The registered OAuth apps. Default: <c>zoomkit-local</c> / <c>zoomkit-local-secret</c>.</summary>
    public List<EmulatorApp> Apps { get; set; } = [];

    /// <summary>The Zoom users who can sign in. Default: <c>demo@zoomkit.local</c> with password <c>demo</c>.</summary>
    public List<EmulatorUser> Users { get; set; } = [];

    /// <summary>Skip the sign-in and consent pages: <c>/oauth/authorize</c> redirects at once with a code for the first user.</summary>
    public bool AutoApprove { get; set; }

    /// <summary>
    /// When set, the admin API under <c>/_emulator/</c> answers only requests that carry it as
    /// <c>Authorization: Bearer &lt;token&gt;</c> (401 otherwise). Default: none (loopback use).
    /// </summary>
    public string? AdminToken { get; set; }

    /// <summary>Access token lifetime in seconds of emulator time. Default 3599, as Zoom.</summary>
    public int AccessTokenLifetimeSeconds { get; set; } = 3599;

    /// <summary>Refresh token lifetime in days of emulator time. Default 90.</summary>
    public int RefreshTokenLifetimeDays { get; set; } = 90;

    /// <summary>
    /// How long a device code (RFC 8628) waits for its user, in seconds of emulator time. Default 600:
    /// Zoom does not document its value, the RFC's example is 1800, and minutes is what Zoom answers.
    /// </summary>
    public int DeviceCodeLifetimeSeconds { get; set; } = 600;

    /// <summary>The polling interval a device is given, in seconds; polling faster answers <c>slow_down</c>. Default 5, as the RFC.</summary>
    public int DeviceCodeIntervalSeconds { get; set; } = 5;

    /// <summary>Rate limits. Default: Zoom's Pro plan and 100 meeting creates and updates per user per day.</summary>
    public EmulatorRateLimits RateLimits { get; set; } = new();

    /// <summary>Where webhooks go; none are sent without a URL.</summary>
    public EmulatorWebhooks Webhooks { get; set; } = new();

    /// <summary>The apps, or the default app when none is configured.</summary>
    public IReadOnlyList<EmulatorApp> EffectiveApps => Apps.Count > 0 ? Apps : [EmulatorApp.Default];

    /// <summary>The users, or the default user when none is configured.</summary>
    public IReadOnlyList<EmulatorUser> EffectiveUsers => Users.Count > 0 ? Users : [EmulatorUser.Default];
}

/// <summary>A registered OAuth app.</summary>
public sealed class EmulatorApp
{
    /// <summary>The default app of DESIGN.md.</summary>
    public static EmulatorApp Default => new()
    {
        ClientId = "zoomkit-local",
        ClientSecret = "zoomkit-local-secret",
        Name = "ZoomKit (local)",
        RedirectUris = ["http://localhost:3000/zoom", "http://127.0.0.1:3000/zoom", "http://127.0.0.1:8765/callback"],
    };

    /// <summary>The client id.</summary>
    public string ClientId { get; set; } = "";

    /// <summary>The client secret.</summary>
    public string ClientSecret { get; set; } = "";

    /// <summary>The name shown on the consent page.</summary>
    public string Name { get; set; } = "ZoomKit app";

    /// <summary>
    /// The allow list. A redirect URI must match one exactly, as Zoom matches it; only an app marked
    /// <see cref="NativeLoopback"/> may vary the port of a loopback entry.
    /// </summary>
    public List<string> RedirectUris { get; set; } = [];

    /// <summary>
    /// A native app (a CLI, a desktop app): a loopback redirect URI (127.0.0.1 or [::1]) on the
    /// allow list matches whatever its port, as RFC 8252 §7.3 asks. Default false: exact match.
    /// </summary>
    public bool NativeLoopback { get; set; }

    /// <summary>The scopes the app is granted. Default (when empty): <c>meeting:read meeting:write user:read</c>.</summary>
    /// <remarks>Empty by default because configuration binding adds to a list rather than replacing it.</remarks>
    public List<string> Scopes { get; set; } = [];

    /// <summary>The scopes granted: <see cref="Scopes"/>, or the default ones.</summary>
    public IReadOnlyList<string> GrantedScopes => Scopes.Count > 0 ? Scopes : ["meeting:read", "meeting:write", "user:read"];

    /// <summary>The account id a server-to-server (<c>account_credentials</c>) token is issued for; empty refuses that grant.</summary>
    public string AccountId { get; set; } = "";
}

/// <summary>A Zoom user.</summary>
public sealed class EmulatorUser
{
    /// <summary>The default user of DESIGN.md.</summary>
    public static EmulatorUser Default => new() { Email = "demo@zoomkit.local", Password = "demo", FirstName = "Demo", LastName = "User", Role = "Owner" };

    /// <summary>The user id; derived from the email when empty.</summary>
    public string Id { get; set; } = "";

    /// <summary>The email, also the sign-in name.</summary>
    public string Email { get; set; } = "";

    /// <summary>The password of the sign-in page.</summary>
    public string Password { get; set; } = "";

    /// <summary>First name.</summary>
    public string FirstName { get; set; } = "";

    /// <summary>Last name.</summary>
    public string LastName { get; set; } = "";

    /// <summary>The user's time zone, an IANA name from Zoom's list. Default <c>America/New_York</c>.</summary>
    public string Timezone { get; set; } = "America/New_York";

    /// <summary>
    /// The user's role in the account: <c>Owner</c>, <c>Admin</c> or <c>Member</c> (the default; the default
    /// user is the owner). A member's user-level tokens never carry an app's <c>:admin</c> scopes, as Zoom
    /// grants those only to users whose role has the privileges.
    /// </summary>
    public string Role { get; set; } = "Member";

    /// <summary>Whether the role administers the account.</summary>
    public bool IsAdmin => Role is "Owner" or "Admin";

    /// <summary>The account id; users of one account share rate limits. Default <c>emulator-account</c>.</summary>
    public string AccountId { get; set; } = "emulator-account";
}

/// <summary>Rate limits per category and plan, and the per-user daily meeting quota.</summary>
public sealed class EmulatorRateLimits
{
    /// <summary><c>Free</c>, <c>Pro</c> (default) or <c>Business</c>, with Zoom's numbers.</summary>
    public string Plan { get; set; } = "Pro";

    /// <summary>Overrides the plan's Light requests per second.</summary>
    public int? LightPerSecond { get; set; }

    /// <summary>Overrides the plan's Medium requests per second.</summary>
    public int? MediumPerSecond { get; set; }

    /// <summary>Overrides the plan's Heavy requests per second.</summary>
    public int? HeavyPerSecond { get; set; }

    /// <summary>Meeting creates and updates per host user per day, reset at 00:00 UTC. Default 100.</summary>
    public int MeetingCreateUpdatePerUserPerDay { get; set; } = 100;

    /// <summary>Set to false to turn every limit off (for load tests of something else).</summary>
    public bool Enabled { get; set; } = true;
}

/// <summary>Where and how webhooks are delivered.</summary>
public sealed class EmulatorWebhooks
{
    /// <summary>The event notification endpoint URL; empty sends nothing.</summary>
    public string Url { get; set; } = "";

    /// <summary>The secret token that signs deliveries.</summary>
    public string SecretToken { get; set; } = "zoomkit-local-webhook-secret";

    /// <summary>
    /// Delays between retries of a failed delivery, in seconds. Zoom waits 5, 20 and 60 minutes;
    /// the default (when empty) is 1, 5 and 20 seconds, faster for local work.
    /// </summary>
    public List<int> RetryDelaysSeconds { get; set; } = [];

    /// <summary>The retry delays in force.</summary>
    public IReadOnlyList<int> EffectiveRetryDelays => RetryDelaysSeconds.Count > 0 ? RetryDelaysSeconds : [1, 5, 20];
}
