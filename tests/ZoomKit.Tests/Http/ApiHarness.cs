using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using ZoomKit.DependencyInjection;
using ZoomKit.Http;
using ZoomKit.OAuth;
using ZoomKit.Testing;
using ZoomKit.Tokens;

namespace ZoomKit.Tests.Http;

/// <summary>ZoomKit registered with AddZoomKit against an in-process emulator on loopback, one connected user.</summary>
internal sealed class ApiHarness : IAsyncDisposable
{
    public const string User = "user-1";

    private ApiHarness(EmulatorSession emulator, ServiceProvider services, FakeLogCollector logs)
    {
        Emulator = emulator;
        Services = services;
        Logs = logs;
    }

    /// <summary>Every log line of the pipeline, to search for secrets.</summary>
    public FakeLogCollector Logs { get; }

    public EmulatorSession Emulator { get; }
    public ServiceProvider Services { get; }
    public ZoomClient Client => Services.GetRequiredService<ZoomClientFactory>().CreateClient(User);
    public ZoomTokenManager Tokens => Services.GetRequiredService<ZoomTokenManager>();

    public static async Task<ApiHarness> StartAsync(KeyValuePair<string, string?>[]? emulatorSettings = null, Action<ZoomApiOptions>? api = null, Action<IServiceCollection>? configure = null)
    {
        var emulator = await EmulatorSession.StartAsync(emulatorSettings ?? []);
        var logs = new FakeLogCollector();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(logs)));
        services.AddZoomKit(o =>
        {
            o.ClientId = EmulatorSession.ClientId;
            o.ClientSecret = EmulatorSession.ClientSecret;
            o.RedirectUri = EmulatorSession.Redirect;
            o.OAuthBaseUrl = emulator.BaseUrl;
        });
        services.Configure<ZoomApiOptions>(o =>
        {
            o.ApiBaseUrl = new Uri(emulator.BaseUrl, "/v2");
            api?.Invoke(o);
        });
        configure?.Invoke(services);
        var provider = services.BuildServiceProvider();
        var harness = new ApiHarness(emulator, provider, logs);
        var tokens = await emulator.AuthorizeAsync(provider.GetRequiredService<ZoomOAuthClient>());
        await harness.Tokens.ConnectAsync(User, tokens);
        return harness;
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Emulator.DisposeAsync();
    }
}
