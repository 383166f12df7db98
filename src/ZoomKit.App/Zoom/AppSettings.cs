using ZoomKit.OAuth;

namespace ZoomKit.App.Zoom;

/// <summary>
/// Where the app gets Zoom from: the embedded emulator (no <c>Zoom:ClientId</c>) or a real Zoom app
/// (<c>Zoom:ClientId</c>, <c>Zoom:ClientSecret</c>, <c>Zoom:RedirectUri</c>). Checked before the
/// app starts; a missing or malformed setting stops it with a message that names the setting.
/// </summary>
public sealed record AppSettings(bool Embedded, Uri EmulatorUrl, string DataFolder, string DemoEmail, string DemoPassword, KeyProtection KeyProtection)
{
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
        if (!string.IsNullOrWhiteSpace(configuration.GetConnectionString("ZoomKit")) && keyProtection.Current is null && !keyProtection.AllowUnencrypted)
        {
            problems.Add("With ConnectionStrings:ZoomKit the Data Protection keys are kept in PostgreSQL beside the tokens they protect, "
                + "so they must be encrypted: set App:KeyProtection:CertificatePath (a .pfx file) and App:KeyProtection:CertificatePassword, "
                + "or App:KeyProtection:AllowUnencrypted=true to accept that a database backup alone opens every token.");
        }
        if (problems.Count > 0)
        {
            throw new InvalidOperationException("ZoomKit.App cannot start: " + string.Join(" ", problems));
        }
        // The page footer names the emulator user to sign in as: the first configured, or the default.
        var demoEmail = configuration["Emulator:Users:0:Email"] is { Length: > 0 } email ? email : "demo@zoomkit.local";
        var demoPassword = configuration["Emulator:Users:0:Password"] is { Length: > 0 } password ? password : "demo";
        return new AppSettings(embedded, emulatorUrl!, data, demoEmail, demoPassword, keyProtection);
    }
}
