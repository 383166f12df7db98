namespace ZoomKit.OAuth;

/// <summary>How ZoomKit reaches Zoom's OAuth endpoints as one registered app.</summary>
public sealed class ZoomOAuthOptions
{
    /// <summary>The app's client id from the Zoom Marketplace. Required.</summary>
    public string ClientId { get; set; } = "";

    /// <summary>The app's client secret. Required; never logged.</summary>
    public string ClientSecret { get; set; } = "";

    /// <summary>
    /// The redirect URI registered on the app's allow list, absolute, for example
    /// <c>http://localhost:3000/zoom</c>. Required for the authorization code flow.
    /// </summary>
    public Uri? RedirectUri { get; set; }

    /// <summary>The OAuth host. Default <c>https://zoom.us</c>; point it at the emulator to run locally.</summary>
    public Uri OAuthBaseUrl { get; set; } = new(ZoomOAuthConstants.DefaultBaseUrl);

    /// <summary>
    /// The Zoom account of a server-to-server OAuth app (<c>Zoom:AccountId</c>). With it, the
    /// connection <see cref="Tokens.ZoomTokenManager.AccountConnectionId"/> connects itself with the
    /// <c>account_credentials</c> grant on first use (<c>ZoomClientFactory.CreateAccountClient()</c>),
    /// and its token is renewed through the token store like any other: the processes and instances
    /// sharing a store fetch one token per hour between them.
    /// </summary>
    public string? AccountId { get; set; }

    /// <summary>How long one token request may take before it counts as a transient failure. Default 30 s.</summary>
    public TimeSpan TokenRequestTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
