using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;
using ZoomKit.Emulator;
using ZoomKit.Testing;

namespace ZoomKit.App.Tests;

/// <summary>
/// The deployment of docs/MANY-MACHINES.md on one machine: nginx (from Debian) terminates TLS with a
/// self-signed certificate for the public name <c>zoomkit.test</c> and forwards plain HTTP to the app;
/// Chromium reaches the app only through it. Cookies, HSTS and the OAuth redirect follow the public origin.
/// </summary>
public sealed class ReverseProxyTests : IAsyncLifetime
{
    private const string PublicHost = "zoomkit.test";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "zoomkit-proxy-tests", Guid.NewGuid().ToString("N"));
    private readonly int _proxyPort = AppSignIn.FreePort();
    private readonly int _appPort = AppSignIn.FreePort();
    private ZoomEmulatorHost? _emulator;
    private WebApplication? _app;
    private Process? _nginx;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    private string PublicOrigin => $"https://{PublicHost}:{_proxyPort.ToString(CultureInfo.InvariantCulture)}";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        _emulator = await ZoomEmulatorHost.StartAsync(settings:
        [
            new("Emulator:Apps:0:ClientId", "proxied"), new("Emulator:Apps:0:ClientSecret", "proxied-secret"),
            new("Emulator:Apps:0:RedirectUris:0", PublicOrigin + "/zoom"),
            new("Emulator:Users:0:Email", "ada@example.com"), new("Emulator:Users:0:Password", "ada"),
        ]);
        _app = await ZoomKitApp.BuildAsync(
        [
            "--urls", $"http://127.0.0.1:{_appPort}",
            "--Zoom:ClientId", "proxied", "--Zoom:ClientSecret", "proxied-secret", "--Zoom:RedirectUri", PublicOrigin + "/zoom",
            "--Zoom:OAuthBaseUrl", _emulator.BaseUrl.AbsoluteUri, "--Zoom:ApiBaseUrl", new Uri(_emulator.BaseUrl, "/v2").AbsoluteUri,
            "--App:KnownProxies", "127.0.0.1",
            "--App:DataFolder", Path.Combine(_folder, "data"),
            "--Logging:LogLevel:Default", "Warning",
        ]);
        await _app.StartAsync();
        _nginx = await StartNginxAsync();
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                $"--host-resolver-rules=MAP {PublicHost} 127.0.0.1"],
        });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
        _playwright?.Dispose();
        if (_nginx is { HasExited: false })
        {
            _nginx.Kill(entireProcessTree: true);
            await _nginx.WaitForExitAsync();
        }
        _nginx?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task ThroughNginxOverHttps_SecureCookiesHstsAndThePublicRedirectUri()
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions { BaseURL = PublicOrigin, IgnoreHTTPSErrors = true });
        var page = await context.NewPageAsync();

        var home = await page.GotoAsync("/");
        var hsts = await home!.HeaderValueAsync("strict-transport-security");
        await page.GetByRole(AriaRole.Button, new() { Name = "Connect Zoom" }).ClickAsync();
        var authorize = new Uri(page.Url);
        await page.GetByLabel("Email").FillAsync("ada@example.com");
        await page.GetByLabel("Password").FillAsync("ada");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Allow" }).ClickAsync();
        // Polled, as in AppHost's sign-in: after the cross-origin redirect chain a loaded machine's Chromium
        // was seen at /meetings while WaitForURLAsync, which also waits for the load event, timed out.
        await Assertions.Expect(page).ToHaveURLAsync(PublicOrigin + "/meetings", new() { Timeout = 60_000 });
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Upcoming meetings" })).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await AppHost.Shot(page, "proxy", "01-meetings-through-nginx");

        Assert.StartsWith("max-age=31536000", hsts, StringComparison.Ordinal);
        Assert.Contains("redirect_uri=" + Uri.EscapeDataString(PublicOrigin + "/zoom"), authorize.Query, StringComparison.Ordinal);
        var cookies = await context.CookiesAsync();
        var session = Assert.Single(cookies, c => c.Name == "zoomkit");
        Assert.True(session.Secure);
        Assert.True(session.HttpOnly);
        Assert.Equal(SameSiteAttribute.Lax, session.SameSite);
        Assert.Equal(PublicHost, session.Domain);
        Assert.All(cookies.Where(c => c.Domain == PublicHost), c => Assert.True(c.Secure, c.Name));
        await context.CloseAsync();
    }

    [Fact]
    public async Task PlainHttpPastTheProxy_RedirectedToThePublicOrigin_HealthStaysOpen()
    {
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri($"http://127.0.0.1:{_appPort}") };

        using var meetings = await http.GetAsync("/meetings?view=week");
        using var health = await http.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.PermanentRedirect, meetings.StatusCode);
        Assert.Equal(PublicOrigin + "/meetings?view=week", meetings.Headers.Location!.AbsoluteUri);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    private async Task<Process> StartNginxAsync()
    {
        var (certificate, key) = TestCertificates.WriteTlsPem(_folder);
        foreach (var temp in new[] { "body", "proxy", "fastcgi", "uwsgi", "scgi" })
        {
            Directory.CreateDirectory(Path.Combine(_folder, temp));
        }
        var config = Path.Combine(_folder, "nginx.conf");
        await File.WriteAllTextAsync(config, $$"""
            daemon off;
            master_process off;
            worker_processes 1;
            pid {{_folder}}/nginx.pid;
            error_log {{_folder}}/error.log warn;
            events { worker_connections 64; }
            http {
                access_log off;
                client_body_temp_path {{_folder}}/body;
                proxy_temp_path {{_folder}}/proxy;
                fastcgi_temp_path {{_folder}}/fastcgi;
                uwsgi_temp_path {{_folder}}/uwsgi;
                scgi_temp_path {{_folder}}/scgi;
                server {
                    listen 127.0.0.1:{{_proxyPort}} ssl;
                    server_name {{PublicHost}};
                    ssl_certificate {{certificate}};
                    ssl_certificate_key {{key}};
                    location / {
                        proxy_pass http://127.0.0.1:{{_appPort}};
                        proxy_set_header Host $http_host;
                        proxy_set_header X-Forwarded-Proto $scheme;
                        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                        proxy_set_header X-Forwarded-Host $http_host;
                    }
                }
            }
            """);
        var start = new ProcessStartInfo(File.Exists("/usr/sbin/nginx") ? "/usr/sbin/nginx" : "nginx") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { "-p", _folder, "-c", config, "-e", Path.Combine(_folder, "error.log") })
        {
            start.ArgumentList.Add(arg);
        }
        var nginx = Process.Start(start)!;
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, _proxyPort);
                return nginx;
            }
            catch (SocketException) when (!nginx.HasExited)
            {
                await Task.Delay(50);
            }
        }
        throw new InvalidOperationException($"nginx did not start: {await nginx.StandardError.ReadToEndAsync()} {File.ReadAllText(Path.Combine(_folder, "error.log"))}");
    }
}
