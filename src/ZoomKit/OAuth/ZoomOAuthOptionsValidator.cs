using Microsoft.Extensions.Options;

namespace ZoomKit.OAuth;

/// <summary>Checks <see cref="ZoomOAuthOptions"/> at start-up, naming the setting and the rule that failed.</summary>
public sealed class ZoomOAuthOptionsValidator : IValidateOptions<ZoomOAuthOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, ZoomOAuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = Check(options);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Returns one message per broken rule; empty when the options are usable.</summary>
    public static IReadOnlyList<string> Check(ZoomOAuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ClientId))
        {
            failures.Add("Zoom:ClientId is required: the client id of the app on the Zoom Marketplace.");
        }
        if (string.IsNullOrWhiteSpace(options.ClientSecret))
        {
            failures.Add("Zoom:ClientSecret is required: the client secret of the app on the Zoom Marketplace.");
        }
        if (options.RedirectUri is { } redirect && !IsAbsoluteHttp(redirect))
        {
            failures.Add("Zoom:RedirectUri must be an absolute http or https URI, for example http://localhost:3000/zoom.");
        }
        if (options.OAuthBaseUrl is null || !IsAbsoluteHttp(options.OAuthBaseUrl))
        {
            failures.Add("Zoom:OAuthBaseUrl must be an absolute http or https URI, for example https://zoom.us.");
        }
        if (options.AccountId is { } account && (account.Length == 0 || account.Any(char.IsWhiteSpace)))
        {
            failures.Add("Zoom:AccountId must be the account id of the server-to-server app, without spaces, or not set at all.");
        }
        if (options.TokenRequestTimeout <= TimeSpan.Zero)
        {
            failures.Add("Zoom:TokenRequestTimeout must be positive.");
        }
        return failures;
    }

    internal static void ThrowIfInvalid(ZoomOAuthOptions options)
    {
        var failures = Check(options);
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(nameof(ZoomOAuthOptions), typeof(ZoomOAuthOptions), failures);
        }
    }

    private static bool IsAbsoluteHttp(Uri uri) =>
        uri.IsAbsoluteUri && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
