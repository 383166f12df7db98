using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ZoomKit.Http;
using ZoomKit.Http.Internal;
using ZoomKit.OAuth;
using ZoomKit.Tokens;

namespace ZoomKit.DependencyInjection;

/// <summary>Registers ZoomKit in a service collection.</summary>
public static class ZoomKitServiceCollectionExtensions
{
    /// <summary>The name of the <see cref="HttpClient"/> that talks to Zoom's OAuth endpoints.</summary>
    public const string OAuthHttpClientName = "ZoomKit.OAuth";

    /// <summary>
    /// Registers ZoomKit with settings from a configuration section (usually <c>Zoom</c>):
    /// <c>ClientId</c>, <c>ClientSecret</c>, <c>RedirectUri</c>, <c>OAuthBaseUrl</c>, <c>ApiBaseUrl</c>,
    /// <c>Plan</c>, <c>RefreshAhead</c> and the rest of <see cref="ZoomOAuthOptions"/>,
    /// <see cref="ZoomApiOptions"/> and <see cref="ZoomTokenManagerOptions"/>.
    /// </summary>
    public static ZoomKitBuilder AddZoomKit(this IServiceCollection services, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var builder = services.AddZoomKit(options => section.Bind(options));
        services.Configure<ZoomApiOptions>(section);
        services.Configure<ZoomTokenManagerOptions>(section);
        return builder;
    }

    /// <summary>
    /// Registers the OAuth client, the token manager, an in-memory token store (replace it with a
    /// durable one through the returned builder) and the API pipeline behind
    /// <see cref="ZoomClientFactory"/>. Options are validated at start-up.
    /// </summary>
    public static ZoomKitBuilder AddZoomKit(this IServiceCollection services, Action<ZoomOAuthOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);

        AddShared(services);
        services.AddOptions<ZoomOAuthOptions>().Configure(configure).ValidateOnStart();
        services.AddOptions<ZoomTokenManagerOptions>().ValidateOnStart();
        services.AddOptions<ZoomApiOptions>().ValidateOnStart();
        services.TryAddSingleton(sp => new ZoomOAuthClient(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(OAuthHttpClientName),
            sp.GetRequiredService<IOptions<ZoomOAuthOptions>>(),
            sp.GetService<Microsoft.Extensions.Logging.ILogger<ZoomOAuthClient>>(),
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new ZoomTokenManager(
            sp.GetRequiredService<ZoomOAuthClient>(),
            sp.GetRequiredService<ITokenStore>(),
            sp.GetRequiredService<IOptions<ZoomTokenManagerOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<Microsoft.Extensions.Logging.ILogger<ZoomTokenManager>>()));
        services.TryAddSingleton<ZoomRateBudgets>();
        services.TryAddSingleton(sp => new ZoomClientFactory(sp.GetRequiredService<IHttpClientFactory>(), sp.GetRequiredService<IOptions<ZoomOAuthOptions>>()));
        AddApiClient(services, ZoomClientFactory.HttpClientName, app: null);
        return new ZoomKitBuilder(services);
    }

    /// <summary>
    /// Registers one more Zoom app under <paramref name="name"/>, beside the unnamed one or instead of it,
    /// with settings from a configuration section (for example <c>Zoom:Apps:production</c>); see
    /// <see cref="AddZoomKit(IServiceCollection, string, Action{ZoomOAuthOptions})"/>.
    /// </summary>
    public static ZoomKitBuilder AddZoomKit(this IServiceCollection services, string name, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var builder = services.AddZoomKit(name, options => section.Bind(options));
        services.Configure<ZoomApiOptions>(name, section);
        services.Configure<ZoomTokenManagerOptions>(name, section);
        return builder;
    }

    /// <summary>
    /// Registers one more Zoom app under <paramref name="name"/> (development and production apps, or an
    /// app per customer account): its own credentials and endpoints (Zoom or an emulator), its own API
    /// budgets, and its own <see cref="ZoomOAuthClient"/>, <see cref="ZoomTokenManager"/> and
    /// <see cref="ZoomClientFactory"/>, resolved as keyed services
    /// (<c>[FromKeyedServices("name")] ZoomClientFactory</c>). Its connections live in the one token store
    /// under <c>{name}/{connectionId}</c>: each app sees, refreshes and deletes only its own, always with
    /// its own credentials. The unnamed registration is unaffected.
    /// </summary>
    public static ZoomKitBuilder AddZoomKit(this IServiceCollection services, string name, Action<ZoomOAuthOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(configure);
        if (name.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException("An app name cannot contain '/': it separates the app from the connection id in the token store.", nameof(name));
        }

        AddShared(services);
        services.AddOptions<ZoomOAuthOptions>(name).Configure(configure).ValidateOnStart();
        services.AddOptions<ZoomTokenManagerOptions>(name).ValidateOnStart();
        services.AddOptions<ZoomApiOptions>(name).ValidateOnStart();
        services.TryAddKeyedSingleton(name, (sp, _) => new ZoomOAuthClient(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(OAuthHttpClientName),
            Options.Create(sp.GetRequiredService<IOptionsMonitor<ZoomOAuthOptions>>().Get(name)),
            sp.GetService<Microsoft.Extensions.Logging.ILogger<ZoomOAuthClient>>(),
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddKeyedSingleton(name, (sp, _) => new ZoomTokenManager(
            sp.GetRequiredKeyedService<ZoomOAuthClient>(name),
            new Tokens.Internal.AppTokenStore(sp.GetRequiredService<ITokenStore>(), name),
            Options.Create(sp.GetRequiredService<IOptionsMonitor<ZoomTokenManagerOptions>>().Get(name)),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<Microsoft.Extensions.Logging.ILogger<ZoomTokenManager>>()));
        services.TryAddKeyedSingleton(name, (_, _) => new ZoomRateBudgets());
        var httpClientName = ZoomClientFactory.HttpClientName + "/" + name;
        services.TryAddKeyedSingleton(name, (sp, _) => new ZoomClientFactory(sp.GetRequiredService<IHttpClientFactory>(), httpClientName,
            sp.GetRequiredService<IOptionsMonitor<ZoomOAuthOptions>>().Get(name).AccountId));
        AddApiClient(services, httpClientName, name);
        return new ZoomKitBuilder(services);
    }

    // What every app shares: validators, the clock, the OAuth HTTP client, the token store and the webhook log.
    private static void AddShared(IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ZoomOAuthOptions>, ZoomOAuthOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ZoomApiOptions>, ZoomApiOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ZoomTokenManagerOptions>, ZoomApiOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        // IHttpClientFactory's own request logging carries the raw header values in its structured state
        // at Trace (the Basic credentials here, the bearer token below), whatever its message redacts:
        // ZoomKit logs its own requests instead, without secrets.
        services.AddHttpClient(OAuthHttpClientName).RemoveAllLoggers();
        services.TryAddSingleton<ITokenStore>(sp => new InMemoryTokenStore(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<Webhooks.IWebhookDeliveryLog>(sp => new Webhooks.InMemoryWebhookDeliveryLog(sp.GetRequiredService<TimeProvider>()));
    }

    // auth (bearer, scopes, one forced refresh) → rate limits (budgets, 429s) → resilience (retries of GET and DELETE only) → Zoom
    private static void AddApiClient(IServiceCollection services, string httpClientName, string? app)
    {
        var api = services.AddHttpClient(httpClientName, (sp, http) =>
            {
                var baseUrl = ApiOptions(sp, app).ApiBaseUrl.AbsoluteUri;
                http.BaseAddress = new Uri(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/");
                // Deadlines are per attempt, in the resilience pipeline; a queued request must not time out in HttpClient.
                http.Timeout = Timeout.InfiniteTimeSpan;
            })
            .RemoveAllLoggers();
        AddPipelineHandlers(api, app);
    }

    private static ZoomApiOptions ApiOptions(IServiceProvider services, string? app) =>
        app is null ? services.GetRequiredService<IOptions<ZoomApiOptions>>().Value : services.GetRequiredService<IOptionsMonitor<ZoomApiOptions>>().Get(app);

    /// <summary>ZoomKit's handlers on a client: auth, rate limits, then retries of idempotent calls with a deadline per attempt; those of the app named <paramref name="app"/>, or of the unnamed one.</summary>
    internal static void AddPipelineHandlers(IHttpClientBuilder builder, string? app = null) =>
        builder
            .AddHttpMessageHandler(sp => new ZoomAuthHandler(() => app is null ? sp.GetRequiredService<ZoomTokenManager>() : sp.GetRequiredKeyedService<ZoomTokenManager>(app)))
            .AddHttpMessageHandler(sp => new ZoomRateLimitHandler(
                Options.Create(ApiOptions(sp, app)),
                app is null ? sp.GetRequiredService<ZoomRateBudgets>() : sp.GetRequiredKeyedService<ZoomRateBudgets>(app),
                sp.GetRequiredService<TimeProvider>()))
            .AddHttpMessageHandler(sp => new ZoomRetryHandler(ApiOptions(sp, app), sp.GetRequiredService<TimeProvider>()));
}
