using Xunit;

namespace ZoomKit.Testing;

/// <summary>
/// A local Zoom for a test class (<c>IClassFixture&lt;ZoomEmulatorFixture&gt;</c>) or a collection:
/// the emulator on a free loopback port, approving every authorization at once, with the default
/// app (<see cref="EmulatorSession.ClientId"/>) registered for <see cref="EmulatorSession.Redirect"/>.
/// Derive and override <see cref="Settings"/> for other users, apps, limits or lifetimes.
/// </summary>
public class ZoomEmulatorFixture : IAsyncLifetime
{
    private EmulatorSession? _session;

    /// <summary>The running emulator, its admin client and helpers.</summary>
    public EmulatorSession Session => _session ?? throw new InvalidOperationException("The emulator starts in InitializeAsync; xunit calls it before the tests.");

    /// <summary>The emulator's base URL.</summary>
    public Uri BaseUrl => Session.BaseUrl;

    /// <summary>
    /// The configuration that points <c>AddZoomKit(configuration.GetSection(section))</c> at this
    /// emulator as its default app: client id and secret, redirect URI, OAuth host and API base.
    /// </summary>
    public IEnumerable<KeyValuePair<string, string?>> ZoomKitSettings(string section = "Zoom") =>
    [
        new($"{section}:ClientId", EmulatorSession.ClientId),
        new($"{section}:ClientSecret", EmulatorSession.ClientSecret),
        new($"{section}:RedirectUri", EmulatorSession.Redirect.AbsoluteUri),
        new($"{section}:OAuthBaseUrl", BaseUrl.AbsoluteUri),
        new($"{section}:ApiBaseUrl", new Uri(BaseUrl, "/v2").AbsoluteUri),
    ];

    /// <summary>Emulator settings (<c>Emulator:Users:0:Email</c>, <c>Emulator:AutoApprove</c>, …); none by default.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings => [];

    /// <inheritdoc />
    public async Task InitializeAsync() => _session = await EmulatorSession.StartAsync([.. Settings]);

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_session is not null)
        {
            await _session.DisposeAsync();
        }
    }
}
