using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ZoomKit.Emulator.Admin;
using ZoomKit.Emulator.Internal;
using ZoomKit.Emulator.Meetings;
using ZoomKit.Emulator.OAuth;
using ZoomKit.Emulator.Users;
using ZoomKit.Emulator.Webhooks;

namespace ZoomKit.Emulator;

/// <summary>Adds the emulator to an ASP.NET Core app: standalone, in tests, or inside another app's host.</summary>
public static class ZoomEmulatorExtensions
{
    /// <summary>The largest request body the emulator reads: 1 MiB.</summary>
    public const long MaxRequestBodyBytes = 1 << 20;

    /// <summary>Registers the emulator's services, bound to the <c>Emulator</c> configuration section.</summary>
    public static IServiceCollection AddZoomEmulator(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<EmulatorOptions>().Bind(configuration.GetSection(EmulatorOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new EmulatorClock(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp =>
        {
            var state = new EmulatorState();
            state.Load(sp.GetRequiredService<IOptionsMonitor<EmulatorOptions>>().CurrentValue);
            return state;
        });
        services.AddSingleton<RateLimits>();
        services.AddSingleton<ApiGate>();
        services.AddSingleton<FaultInjector>();
        services.AddSingleton<WebhookDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookDispatcher>());
        services.AddHttpClient(WebhookDispatcher.HttpClientName);
        return services;
    }

    /// <summary>Maps the OAuth host, the API, the admin API and the fault injector.</summary>
    public static WebApplication UseZoomEmulator(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var faults = app.Services.GetRequiredService<FaultInjector>();
        app.Use((context, next) =>
        {
            // Nothing Zoom takes comes near 1 MB; a larger body is refused (413) before it is read.
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = MaxRequestBodyBytes;
            }
            return next(context);
        });
        app.Use((context, next) => faults.InvokeAsync(context, () => next(context)));
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/v2"))
            {
                // Every API answer carries a tracking id, which support requests quote.
                context.Response.Headers["x-zm-trackingid"] = "v=2.0;clid=us05;rid=WEB_" + Ids.Alnum(32);
            }
            await next(context);
        });
        OAuthEndpoints.Map(app);
        UsersEndpoints.Map(app);
        MeetingsEndpoints.Map(app);
        Recordings.RecordingsEndpoints.Map(app);
        AdminEndpoints.Map(app);
        app.MapGet("/", () => Pages.Html.Page("Zoom emulator", """
            <h1>Zoom emulator</h1>
            <p>A local stand-in for Zoom's OAuth host and REST API, for ZoomKit's app, CLI and tests.</p>
            <p>OAuth: <code>/oauth/authorize</code>, <code>/oauth/token</code>, <code>/oauth/revoke</code>.
            API: <code>/v2/users/me</code>, <code>/v2/users/{userId}/meetings</code>, <code>/v2/meetings/{meetingId}</code>.
            Admin: <code>/_emulator/stats</code>.</p>
            """));
        return app;
    }
}
