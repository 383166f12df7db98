using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ZoomKit.OAuth;
using ZoomKit.Tokens;

namespace ZoomKit.DependencyInjection;

/// <summary>Registers ZoomKit in a service collection.</summary>
public static class ZoomKitServiceCollectionExtensions
{
    /// <summary>The name of the <see cref="HttpClient"/> that talks to Zoom's OAuth endpoints.</summary>
    public const string OAuthHttpClientName = "ZoomKit.OAuth";

    /// <summary>
    /// Registers the OAuth client, the token manager and an in-memory token store (replace it with
    /// a durable one through the returned builder). Options are validated at start-up.
    /// </summary>
    public static ZoomKitBuilder AddZoomKit(this IServiceCollection services, Action<ZoomOAuthOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);

        services.AddOptions<ZoomOAuthOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ZoomOAuthOptions>, ZoomOAuthOptionsValidator>());
        services.AddOptions<ZoomTokenManagerOptions>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(OAuthHttpClientName);
        services.TryAddSingleton(sp => new ZoomOAuthClient(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(OAuthHttpClientName),
            sp.GetRequiredService<IOptions<ZoomOAuthOptions>>(),
            sp.GetService<Microsoft.Extensions.Logging.ILogger<ZoomOAuthClient>>()));
        services.TryAddSingleton<ITokenStore>(sp => new InMemoryTokenStore(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new ZoomTokenManager(
            sp.GetRequiredService<ZoomOAuthClient>(),
            sp.GetRequiredService<ITokenStore>(),
            sp.GetRequiredService<IOptions<ZoomTokenManagerOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<Microsoft.Extensions.Logging.ILogger<ZoomTokenManager>>()));
        return new ZoomKitBuilder(services);
    }
}
