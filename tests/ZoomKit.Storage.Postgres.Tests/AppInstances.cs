using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using ZoomKit.Emulator;

namespace ZoomKit.Storage.Postgres.Tests;

/// <summary>
/// One emulator (in this process), and N instances of the web app as separate processes on
/// loopback ports, sharing one PostgreSQL schema: what runs behind a load balancer.
/// </summary>
internal sealed partial class AppInstances : IAsyncDisposable
{
    private readonly List<Process> _processes = [];

    private AppInstances(ZoomEmulatorHost emulator, string connectionString, List<Uri> urls)
    {
        Emulator = emulator;
        ConnectionString = connectionString;
        Urls = urls;
    }

    public ZoomEmulatorHost Emulator { get; }
    public string ConnectionString { get; }
    public List<Uri> Urls { get; }
    public IReadOnlyList<Process> Processes => _processes;

    public static async Task<AppInstances> StartAsync(int instances, int users)
    {
        var settings = new List<KeyValuePair<string, string?>>
        {
            new("Emulator:RateLimits:MeetingCreateUpdatePerUserPerDay", "100000"),
        };
        for (var i = 0; i < users; i++)
        {
            settings.Add(new($"Emulator:Users:{i}:Email", $"user{i}@example.com"));
            settings.Add(new($"Emulator:Users:{i}:Password", "pw"));
            settings.Add(new($"Emulator:Users:{i}:AccountId", $"account-{i}"));
        }
        var emulator = await ZoomEmulatorHost.StartAsync(settings: settings);
        var connectionString = await TestDatabase.NewSchemaAsync();
        var urls = Enumerable.Range(0, instances).Select(_ => new Uri($"http://127.0.0.1:{FreePort()}")).ToList();
        var cluster = new AppInstances(emulator, connectionString, urls);
        foreach (var url in urls)
        {
            cluster.Start(url);
        }
        using var http = new HttpClient();
        foreach (var url in urls)
        {
            await WaitHealthyAsync(http, url);
        }
        return cluster;
    }

    public Process Start(Uri url)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[]
        {
            AppDll, "--urls", url.AbsoluteUri.TrimEnd('/'),
            "--ConnectionStrings:ZoomKit", ConnectionString,
            "--Zoom:ClientId", "zoomkit-local", "--Zoom:ClientSecret", "zoomkit-local-secret",
            // Behind a load balancer every instance names the same public callback; here each its own loopback one,
            // which the emulator accepts on any port (RFC 8252 §7.3).
            "--Zoom:RedirectUri", new Uri(url, "/zoom").AbsoluteUri,
            "--Zoom:OAuthBaseUrl", Emulator.BaseUrl.AbsoluteUri,
            "--Zoom:ApiBaseUrl", new Uri(Emulator.BaseUrl, "/v2").AbsoluteUri,
            "--App:DataFolder", Path.Combine(Path.GetTempPath(), "zoomkit-instances", Guid.NewGuid().ToString("N")),
            "--Logging:LogLevel:Default", "Warning",
        })
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _processes.Add(process);
        return process;
    }

    public static async Task WaitHealthyAsync(HttpClient http, Uri url)
    {
        var started = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                if ((await http.GetAsync(new Uri(url, "/healthz"))).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (started.Elapsed < TimeSpan.FromSeconds(60))
            {
            }
            await Task.Delay(100);
        }
    }

    /// <summary>Signs a user in through one instance and the emulator's pages; the cookie container then speaks for them to every instance.</summary>
    public async Task<HttpClient> SignInAsync(int user, Uri through)
    {
        var handler = new SocketsHttpHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
        var http = new HttpClient(handler);
        var start = await http.GetStringAsync(through);
        using var connect = await http.PostAsync(new Uri(through, "/?handler=Connect"), new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = Token().Match(start).Groups[1].Value }));
        using var emulator = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        var signIn = await emulator.GetStringAsync(connect.Headers.Location);
        var consent = await (await emulator.PostAsync(new Uri(Emulator.BaseUrl, "/oauth/authorize/signin"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["request"] = Hidden().Match(signIn).Groups[1].Value, ["email"] = $"user{user}@example.com", ["password"] = "pw",
        }))).Content.ReadAsStringAsync();
        using var back = await emulator.PostAsync(new Uri(Emulator.BaseUrl, "/oauth/authorize/consent"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["request"] = Hidden().Match(consent).Groups[1].Value, ["decision"] = "allow",
        }));
        using var callback = await http.GetAsync(back.Headers.Location);
        Assert.Equal("/meetings", callback.Headers.Location?.OriginalString);
        return http;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
            process.Dispose();
        }
        await Emulator.DisposeAsync();
    }

    private static string AppDll
    {
        get
        {
            var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var path = Path.Combine(here.Parent!.Parent!.Parent!.Parent!.Parent!.FullName, "src", "ZoomKit.App", "bin", here.Parent.Name, here.Name, "ZoomKit.App.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException($"The app is not built at {path}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    [GeneratedRegex("name=\"request\" value=\"([^\"]+)\"")]
    private static partial Regex Hidden();
}
