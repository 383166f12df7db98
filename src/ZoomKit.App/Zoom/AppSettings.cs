using ZoomKit.OAuth;

namespace ZoomKit.App.Zoom;

/// <summary>
/// Where the app gets Zoom from: the embedded emulator (no <c>Zoom:ClientId</c>) or a real Zoom app
/// (<c>Zoom:ClientId</c>, <c>Zoom:ClientSecret</c>, <c>Zoom:RedirectUri</c>). Checked before the
/// app starts; a missing or malformed setting stops it with a message that names the setting.
/// </summary>
public sealed record AppSettings(bool Embedded, Uri EmulatorUrl, string DataFolder, string DemoEmail, string DemoPassword, KeyProtection KeyProtection)
{
    /// <summary>The origin people reach the app at, when it is HTTPS: the origin of <c>Zoom:RedirectUri</c>. Turns on HSTS and HTTPS redirection.</summary>
    public Uri? PublicHttpsOrigin { get; init; }

    /// <summary>Proxies whose <c>X-Forwarded-*</c> headers are believed (<c>App:KnownProxies</c>), besides loopback.</summary>
    public IReadOnlyList<System.Net.IPAddress> KnownProxies { get; init; } = [];

    /// <summary>Networks whose <c>X-Forwarded-*</c> headers are believed (<c>App:KnownNetworks</c>, CIDR).</summary>
    public IReadOnlyList<System.Net.IPNetwork> KnownNetworks { get; init; } = [];

    /// <summary>
    /// How long a person's meeting views are kept between changes (<c>App:MeetingCacheSeconds</c>): 60 s
    /// on one instance (SQLite); none by default with PostgreSQL, where a change seen by one instance is
    /// not seen by the others' memory. Zero turns it off.
    /// </summary>
    public TimeSpan MeetingCacheLifetime { get; init; }

    public const string DefaultEmulatorUrl = "http://localhost:3001";

    public static AppSettings Read(IConfiguration configuration, string contentRoot)
    {
        var embedded = string.IsNullOrWhiteSpace(configuration["Zoom:ClientId"]);
        var data = configuration["App:DataFolder"] is { Length: > 0 } folder ? folder : Path.Combine(contentRoot, "data");
        var emulatorText = configuration["App:EmulatorUrl"] is { Length: > 0 } url ? url : DefaultEmulatorUrl;
        var problems = new List<string>();
        if (!Uri.TryCreate(emulatorText, UriKind.Absolute, out var emulatorUrl))
        {
            problems.Add($"App:EmulatorUrl must be an absolute URL such as {DefaultEmulatorUrl}.");
        }
        if (!embedded)
        {
            var options = new ZoomOAuthOptions
            {
                ClientId = configuration["Zoom:ClientId"] ?? "",
                ClientSecret = configuration["Zoom:ClientSecret"] ?? "",
            };
            if (string.IsNullOrWhiteSpace(configuration["Zoom:RedirectUri"]))
            {
                problems.Add("Zoom:RedirectUri is required with Zoom:ClientId: the redirect URL on the app's allow list, such as http://localhost:3000/zoom.");
            }
            else if (!Uri.TryCreate(configuration["Zoom:RedirectUri"], UriKind.Absolute, out var redirect) || redirect.Scheme is not ("http" or "https"))
            {
                problems.Add("Zoom:RedirectUri must be an absolute http or https URL, such as http://localhost:3000/zoom.");
            }
            else if (redirect.Scheme == Uri.UriSchemeHttp && !redirect.IsLoopback)
            {
                problems.Add("Zoom:RedirectUri must be https unless its host is loopback (localhost, 127.0.0.1): over plain HTTP the sign-in cookie and the authorization code travel in clear.");
            }
            else
            {
                options.RedirectUri = redirect;
            }
            foreach (var key in new[] { "Zoom:OAuthBaseUrl", "Zoom:ApiBaseUrl" })
            {
                if (configuration[key] is { Length: > 0 } value && !Uri.TryCreate(value, UriKind.Absolute, out _))
                {
                    problems.Add($"{key} must be an absolute URL.");
                }
            }
            problems.AddRange(ZoomOAuthOptionsValidator.Check(options).Where(p => !p.StartsWith("Zoom:RedirectUri", StringComparison.Ordinal)));
        }
        var keyProtection = KeyProtection.Read(configuration, problems);
        var proxies = Parse<System.Net.IPAddress>(configuration, "App:KnownProxies", (string text, out System.Net.IPAddress value) => System.Net.IPAddress.TryParse(text, out value!), "an IP address such as 10.0.0.5", problems);
        var networks = Parse<System.Net.IPNetwork>(configuration, "App:KnownNetworks", System.Net.IPNetwork.TryParse, "a network in CIDR notation such as 10.0.0.0/8", problems);
        if (!string.IsNullOrWhiteSpace(configuration.GetConnectionString("ZoomKit")) && keyProtection.Current is null && !keyProtection.AllowUnencrypted)
        {
            problems.Add("With ConnectionStrings:ZoomKit the Data Protection keys are kept in PostgreSQL beside the tokens they protect, "
                + "so they must be encrypted: set App:KeyProtection:CertificatePath (a .pfx file) and App:KeyProtection:CertificatePassword, "
                + "or App:KeyProtection:AllowUnencrypted=true to accept that a database backup alone opens every token.");
        }
        var shared = !string.IsNullOrWhiteSpace(configuration.GetConnectionString("ZoomKit"));
        var cacheSeconds = shared ? 0 : 60;
        if (configuration["App:MeetingCacheSeconds"] is { Length: > 0 } cacheText
            && (!int.TryParse(cacheText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out cacheSeconds) || cacheSeconds > 3600))
        {
            problems.Add("App:MeetingCacheSeconds must be a whole number of seconds from 0 (off) to 3600.");
        }
        if (problems.Count > 0)
        {
            throw new InvalidOperationException("ZoomKit.App cannot start: " + string.Join(" ", problems));
        }
        // The page footer names the emulator user to sign in as: the first configured, or the default.
        var demoEmail = configuration["Emulator:Users:0:Email"] is { Length: > 0 } email ? email : "demo@zoomkit.local";
        var demoPassword = configuration["Emulator:Users:0:Password"] is { Length: > 0 } password ? password : "demo";
        var redirectUri = embedded ? null : configuration["Zoom:RedirectUri"];
        return new AppSettings(embedded, emulatorUrl!, data, demoEmail, demoPassword, keyProtection)
        {
            PublicHttpsOrigin = Uri.TryCreate(redirectUri, UriKind.Absolute, out var publicUri) && publicUri.Scheme == Uri.UriSchemeHttps
                ? new Uri(publicUri.GetLeftPart(UriPartial.Authority))
                : null,
            KnownProxies = proxies,
            KnownNetworks = networks,
            MeetingCacheLifetime = TimeSpan.FromSeconds(cacheSeconds),
        };
    }

    private delegate bool TryParse<T>(string text, out T value);

    // A list setting, as App:KnownProxies:0 … or one comma-separated value.
    private static List<T> Parse<T>(IConfiguration configuration, string key, TryParse<T> parse, string rule, List<string> problems)
    {
        var section = configuration.GetSection(key);
        var texts = section.GetChildren().Select(c => c.Value).Append(section.Value)
            .SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        var values = new List<T>();
        foreach (var text in texts)
        {
            if (parse(text, out var value))
            {
                values.Add(value);
            }
            else
            {
                problems.Add($"{key} has '{text}', which is not {rule}.");
            }
        }
        return values;
    }
}
