using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
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

        services.AddOptions<ZoomOAuthOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ZoomOAuthOptions>, ZoomOAuthOptionsValidator>());
        services.AddOptions<ZoomTokenManagerOptions>().ValidateOnStart();
        services.AddOptions<ZoomApiOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ZoomApiOptions>, ZoomApiOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ZoomTokenManagerOptions>, ZoomApiOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        // IHttpClientFactory's own request logging carries the raw header values in its structured state
        // at Trace (the Basic credentials here, the bearer token below), whatever its message redacts:
        // ZoomKit logs its own requests instead, without secrets.
        services.AddHttpClient(OAuthHttpClientName).RemoveAllLoggers();
        services.TryAddSingleton(sp => new ZoomOAuthClient(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(OAuthHttpClientName),
            sp.GetRequiredService<IOptions<ZoomOAuthOptions>>(),
            sp.GetService<Microsoft.Extensions.Logging.ILogger<ZoomOAuthClient>>(),
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<ITokenStore>(sp => new InMemoryTokenStore(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<Webhooks.IWebhookDeliveryLog>(sp => new Webhooks.InMemoryWebhookDeliveryLog(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new ZoomTokenManager(
            sp.GetRequiredService<ZoomOAuthClient>(),
            sp.GetRequiredService<ITokenStore>(),
            sp.GetRequiredService<IOptions<ZoomTokenManagerOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<Microsoft.Extensions.Logging.ILogger<ZoomTokenManager>>()));
        AddApiPipeline(services);
        return new ZoomKitBuilder(services);
    }

    // auth (bearer, scopes, one forced refresh) → rate limits (budgets, 429s) → resilience (retries of GET and DELETE only) → Zoom
    private static void AddApiPipeline(IServiceCollection services)
    {
        services.TryAddSingleton<ZoomRateBudgets>();
        services.TryAddTransient(sp => new ZoomAuthHandler(sp.GetRequiredService<ZoomTokenManager>()));
        services.TryAddTransient(sp => new ZoomRateLimitHandler(sp.GetRequiredService<IOptions<ZoomApiOptions>>(), sp.GetRequiredService<ZoomRateBudgets>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new ZoomClientFactory(sp.GetRequiredService<IHttpClientFactory>(), sp.GetRequiredService<IOptions<ZoomOAuthOptions>>()));
        var api = services.AddHttpClient(ZoomClientFactory.HttpClientName, (sp, http) =>
            {
                var options = sp.GetRequiredService<IOptions<ZoomApiOptions>>().Value;
                var baseUrl = options.ApiBaseUrl.AbsoluteUri;
                http.BaseAddress = new Uri(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/");
                // Deadlines are per attempt, in the resilience pipeline; a queued request must not time out in HttpClient.
                http.Timeout = Timeout.InfiniteTimeSpan;
            })
            .RemoveAllLoggers();
        AddPipelineHandlers(api);
    }

    /// <summary>ZoomKit's handlers on a client: auth, rate limits, then retries of idempotent calls with a deadline per attempt.</summary>
    internal static void AddPipelineHandlers(IHttpClientBuilder builder) =>
        builder
            .AddHttpMessageHandler<ZoomAuthHandler>()
            .AddHttpMessageHandler<ZoomRateLimitHandler>()
            .AddResilienceHandler("zoomkit", (pipeline, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<ZoomApiOptions>>().Value;
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = Math.Max(1, options.MaxRetries),
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = TimeSpan.FromMilliseconds(200),
                    ShouldHandle = args => ValueTask.FromResult(options.MaxRetries > 0 && ShouldRetry(args.Context.GetRequestMessage(), args.Outcome)),
                });
                pipeline.AddTimeout(options.AttemptTimeout);
            });

    /// <summary>
    /// Only requests that change nothing when repeated are retried: GET and DELETE. A POST or PATCH
    /// that may have reached Zoom is never sent again. 429 belongs to the rate-limit handler.
    /// </summary>
    private static bool ShouldRetry(HttpRequestMessage? request, Outcome<HttpResponseMessage> outcome)
    {
        if (request is null || (request.Method != HttpMethod.Get && request.Method != HttpMethod.Delete))
        {
            return false;
        }
        if (outcome.Result is { } response)
        {
            var status = (int)response.StatusCode;
            return status >= 500 || response.StatusCode == HttpStatusCode.RequestTimeout;
        }
        return outcome.Exception is HttpRequestException or Polly.Timeout.TimeoutRejectedException;
    }
}
