using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ZoomKit.DependencyInjection;
using ZoomKit.Http;
using ZoomKit.OAuth;
using ZoomKit.Storage.Sqlite;
using ZoomKit.Tokens;

namespace ZoomKit.Cli;

/// <summary>Documented exit codes.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int Usage = 2;
    public const int ReauthorizationRequired = 3;
    public const int RateLimited = 4;
    public const int ZoomError = 5;
    public const int Network = 6;
    public const int AccessDenied = 7;
    public const int CodeExpired = 8;
}

/// <summary>
/// Settings, in rising precedence: defaults, the settings file (<c>$XDG_CONFIG_HOME/zoomkit/settings.json</c>,
/// section <c>Profiles:&lt;name&gt;</c>), environment variables (<c>ZOOMKIT_Zoom__ClientId</c>, or for a
/// profile <c>ZOOMKIT_Profiles__work__Zoom__ClientId</c>), and flags. With no client id, the CLI targets
/// the local emulator and says so.
/// </summary>
public sealed class CliContext : IAsyncDisposable
{
    public const string EmulatorDefault = "http://127.0.0.1:3001";

    private CliContext(string profile, IConfiguration zoom, bool emulator, string dataFolder, ServiceProvider services)
    {
        Profile = profile;
        Zoom = zoom;
        UsesEmulator = emulator;
        DataFolder = dataFolder;
        Services = services;
    }

    public string Profile { get; }

    /// <summary>The account of a server-to-server app (<c>Zoom:AccountId</c>), or null for a user login.</summary>
    public string? AccountId => Zoom["AccountId"] is { Length: > 0 } account ? account : null;

    /// <summary>The connection the commands act as: the account's with <c>Zoom:AccountId</c>, else the profile's login.</summary>
    public string ConnectionId => AccountId is { } account ? ZoomTokenManager.AccountConnectionId(account) : Profile;

    public IConfiguration Zoom { get; }
    public bool UsesEmulator { get; }
    public string DataFolder { get; }
    public ServiceProvider Services { get; }

    public ZoomTokenManager Tokens => Services.GetRequiredService<ZoomTokenManager>();
    public ZoomOAuthClient OAuth => Services.GetRequiredService<ZoomOAuthClient>();
    public ZoomClient Client => Services.GetRequiredService<ZoomClientFactory>().CreateClient(ConnectionId);

    public static string ConfigFolder => Path.Combine(Environment.GetEnvironmentVariable("XDG_CONFIG_HOME") is { Length: > 0 } c ? c : Path.Combine(Home, ".config"), "zoomkit");

    private static string Home => Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

    public static CliContext Create(string? profileFlag)
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(ConfigFolder, "settings.json"), optional: true)
            .AddEnvironmentVariables("ZOOMKIT_")
            .Build();
        var profile = profileFlag ?? configuration["Profile"] ?? "default";
        // A profile's own section wins over the top-level Zoom section.
        var zoom = new ConfigurationBuilder()
            .AddConfiguration(configuration.GetSection("Zoom"))
            .AddConfiguration(configuration.GetSection($"Profiles:{profile}:Zoom"))
            .Build();
        var emulator = string.IsNullOrWhiteSpace(zoom["ClientId"]);
        var emulatorUrl = configuration["EmulatorUrl"] is { Length: > 0 } u ? u : EmulatorDefault;
        var dataFolder = configuration["DataFolder"] is { Length: > 0 } d
            ? d
            : Path.Combine(Environment.GetEnvironmentVariable("XDG_DATA_HOME") is { Length: > 0 } x ? x : Path.Combine(Home, ".local", "share"), "zoomkit");
        // Nothing is made here: the store creates the folder (0700), its key and its files (0600) when
        // the first request needs a token, so a command that needs none (help, a refused value) touches nothing.
        var database = Path.Combine(dataFolder, "tokens.db");

        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning).AddFilter("System.Net.Http", LogLevel.None).AddFilter("ZoomKit", LogLevel.None));
        services.AddZoomKit(o =>
        {
            if (emulator)
            {
                o.ClientId = "zoomkit-local";
                o.ClientSecret = "zoomkit-local-secret";
                o.OAuthBaseUrl = new Uri(emulatorUrl);
                o.AccountId = zoom["AccountId"] is { Length: > 0 } account ? account : null;
            }
            else
            {
                zoom.Bind(o);
            }
        }).UseSqliteTokenStore(o => o.DatabasePath = database);
        services.Configure<ZoomApiOptions>(o =>
        {
            zoom.Bind(o);
            if (emulator)
            {
                o.ApiBaseUrl = new Uri(new Uri(emulatorUrl), "/v2");
            }
        });
        services.Configure<ZoomTokenManagerOptions>(zoom);
        return new CliContext(profile, zoom, emulator, dataFolder, services.BuildServiceProvider());
    }

    /// <summary>Keeps the token database readable by its owner only.</summary>
    public void ProtectFiles()
    {
        if (OperatingSystem.IsWindows() || !Directory.Exists(DataFolder))
        {
            return;
        }
        foreach (var file in Directory.GetFiles(DataFolder, "tokens.db*"))
        {
            try
            {
                File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
            catch (FileNotFoundException)
            {
                // A journal or WAL file that another zoomkit process removed meanwhile: nothing left to protect.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        ProtectFiles();
        await Services.DisposeAsync();
    }
}
