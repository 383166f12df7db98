using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace ZoomKit.Emulator;

/// <summary>A running emulator on its own Kestrel listener: embedded in the web app and the CLI, and started by tests.</summary>
public sealed class ZoomEmulatorHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ZoomEmulatorHost(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    /// <summary>Where the emulator listens (both its OAuth host and its API host).</summary>
    public Uri BaseUrl { get; }

    /// <summary>The emulator's services.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>
    /// Starts the emulator on <paramref name="url"/> (port 0 picks a free port) with configuration
    /// keys such as <c>Emulator:AutoApprove</c> from <paramref name="settings"/>.
    /// </summary>
    public static async Task<ZoomEmulatorHost> StartAsync(string url = "http://127.0.0.1:0", IEnumerable<KeyValuePair<string, string?>>? settings = null, Action<ILoggingBuilder>? logging = null, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddInMemoryCollection(settings ?? []);
        builder.WebHost.UseKestrel().UseUrls(url);
        if (logging is not null)
        {
            logging(builder.Logging);
        }
        else
        {
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
        }
        builder.Services.AddZoomEmulator(builder.Configuration);
        var app = builder.Build();
        app.UseZoomEmulator();
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ZoomEmulatorHost(app, new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal)));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
