using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace ZoomKit.App.Tests;

/// <summary>The app on its embedded default (emulator and SQLite) on free loopback ports, and a headless Chromium.</summary>
public class AppHost : IAsyncLifetime
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "zoomkit-app-tests", Guid.NewGuid().ToString("N"));

    /// <summary>The app's data folder (tokens, keys, the embedded webhook secret).</summary>
    public string DataFolder => _data;
    private WebApplication? _app;
    private IPlaywright? _playwright;

    protected virtual IEnumerable<string> ExtraArgs => [];

    public Uri AppUrl { get; private set; } = null!;
    public Uri EmulatorUrl { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public HttpClient Admin { get; } = new();

    public static string Screenshots { get; } = FindScreenshots();

    public async Task InitializeAsync()
    {
        var appPort = FreePort();
        var emulatorPort = FreePort();
        AppUrl = new Uri($"http://127.0.0.1:{appPort}");
        EmulatorUrl = new Uri($"http://127.0.0.1:{emulatorPort}");
        _app = await ZoomKitApp.BuildAsync(
        [
            "--urls", AppUrl.AbsoluteUri.TrimEnd('/'),
            "--App:EmulatorUrl", EmulatorUrl.AbsoluteUri,
            "--App:DataFolder", _data,
            "--Logging:LogLevel:Default", "Warning",
            "--Emulator:Users:0:Email", "ada@example.com", "--Emulator:Users:0:Password", "ada", "--Emulator:Users:0:FirstName", "Ada", "--Emulator:Users:0:Timezone", "Europe/London",
            "--Emulator:Users:1:Email", "bob@example.com", "--Emulator:Users:1:Password", "bob", "--Emulator:Users:1:FirstName", "Bob", "--Emulator:Users:1:Timezone", "America/New_York",
            // An admin of the account: "Schedule for others" is hers.
            "--Emulator:Users:2:Email", "carol@example.com", "--Emulator:Users:2:Password", "carol", "--Emulator:Users:2:FirstName", "Carol", "--Emulator:Users:2:Role", "Admin", "--Emulator:Users:2:Timezone", "Europe/Berlin",
            // Another client of the same local Zoom, for tests that make meetings through the API rather than the app.
            "--Emulator:Apps:1:ClientId", ZoomApi.ClientId, "--Emulator:Apps:1:ClientSecret", ZoomApi.ClientSecret, "--Emulator:Apps:1:RedirectUris:0", ZoomApi.Redirect,
            .. ExtraArgs,
        ]);
        await _app.StartAsync();
        Admin.BaseAddress = EmulatorUrl;
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
        _playwright?.Dispose();
        Admin.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>A new browser context (its own cookies) signed in to the app as an emulator user.</summary>
    public async Task<IPage> SignInAsync(string email, string password, string shots = "")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = AppUrl.AbsoluteUri });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await Shot(page, shots, "01-start");
        await page.GetByRole(AriaRole.Button, new() { Name = "Connect Zoom" }).ClickAsync();
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await Shot(page, shots, "02-emulator-sign-in");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Shot(page, shots, "03-emulator-consent");
        await page.GetByRole(AriaRole.Button, new() { Name = "Allow" }).ClickAsync();
        try
        {
            // Polled, not an event: on a loaded machine Chromium was seen at /meetings while WaitForURLAsync,
            // which also waits for the page's load event after a cross-origin redirect chain, timed out.
            await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/meetings$"), new() { Timeout = 60_000 });
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Upcoming meetings" })).ToBeVisibleAsync(new() { Timeout = 60_000 });
        }
        catch (PlaywrightException)
        {
            // Say where the sign-in ended instead, and what that page said.
            throw new Xunit.Sdk.XunitException($"The sign-in of {email} did not reach /meetings: it ended at {page.Url}, saying: {await page.InnerTextAsync("body")}");
        }
        return page;
    }

    public static async Task Shot(IPage page, string prefix, string name)
    {
        if (prefix.Length > 0)
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, $"{prefix}-{name}.png"), FullPage = true });
        }
    }

    /// <summary>A user's Zoom id and the connection the app holds for them (null when none), read from its own token store.</summary>
    public async Task<(string ZoomUserId, ZoomKit.Tokens.ZoomConnection? Connection)> ConnectionOfAsync(string email, string password)
    {
        using var zoom = await ZoomApiAsync(email, password);
        var id = (await zoom.GetMeAsync())["id"]!.GetValue<string>();
        var store = _app!.Services.GetRequiredService<ZoomKit.Tokens.ZoomTokenManager>().Store;
        return (id, await store.GetAsync(id));
    }

    /// <summary>The refresh token the app holds for a user, read from its own token store.</summary>
    public async Task<string> RefreshTokenOfAsync(string email, string password)
    {
        using var zoom = await ZoomApiAsync(email, password);
        var id = (await zoom.GetMeAsync())["id"]!.GetValue<string>();
        var store = _app!.Services.GetRequiredService<ZoomKit.Tokens.ZoomTokenManager>().Store;
        return (await store.GetAsync(id))!.RefreshToken!;
    }

    /// <summary>Whether Zoom (the emulator) still takes a refresh token of the app's (it rotates it if so).</summary>
    public async Task<System.Net.HttpStatusCode> RefreshAtZoomAsync(string refreshToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/oauth/token")
        {
            Content = new FormUrlEncodedContent([new("grant_type", "refresh_token"), new("refresh_token", refreshToken)]),
        };
        request.Headers.Authorization = new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("zoomkit-local:zoomkit-local-secret")));
        using var response = await Admin.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>Zoom's API as another app sees it, signed in as <paramref name="email"/>: meetings made here are not made through the app.</summary>
    public Task<ZoomApi> ZoomApiAsync(string email, string password) => ZoomApi.SignInAsync(EmulatorUrl, email, password);

    public async Task<JsonObject> StatsAsync() => (JsonObject)JsonNode.Parse(await Admin.GetStringAsync("/_emulator/stats"))!;

    /// <summary>Waits until the emulator has delivered (or given up on) every webhook it has sent so far.</summary>
    public async Task WebhooksSettledAsync()
    {
        for (var i = 0; i < 600; i++)
        {
            var webhooks = (await StatsAsync())["webhooks"]!;
            if (webhooks["delivered"]!.GetValue<long>() + webhooks["abandoned"]!.GetValue<long>() >= webhooks["sent"]!.GetValue<long>())
            {
                return;
            }
            await Task.Delay(50);
        }
        throw new Xunit.Sdk.XunitException("The emulator's webhooks were not delivered within 30 s: " + (await StatsAsync())["webhooks"]);
    }

    public async Task AdvanceAsync(TimeSpan by) => (await Admin.PostAsJsonAsync("/_emulator/clock", new { advance_seconds = by.TotalSeconds })).EnsureSuccessStatusCode();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string FindScreenshots()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ZoomKit.slnx")))
        {
            dir = dir.Parent;
        }
        var path = Path.Combine(dir?.FullName ?? AppContext.BaseDirectory, "artifacts", "screenshots");
        Directory.CreateDirectory(path);
        return path;
    }
}

/// <summary>The app with webhooks off, so a user's removal of the app reaches it only through a refused refresh.</summary>
public sealed class AppHostWithoutWebhooks : AppHost
{
    protected override IEnumerable<string> ExtraArgs => ["--Emulator:Webhooks:Url", ""];
}
