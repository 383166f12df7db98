using System.Diagnostics;
using ZoomKit.Emulator;
using ZoomKit.Testing;

namespace ZoomKit.Storage.Postgres.Tests;

/// <summary>
/// One emulator (in this process), and N instances of the web app as separate processes on
/// loopback ports, sharing one PostgreSQL schema: what runs behind a load balancer.
/// </summary>
internal sealed class AppInstances : IAsyncDisposable
{
    private readonly List<Process> _processes = [];

    private AppInstances(ZoomEmulatorHost emulator, string connectionString, List<Uri> urls)
    {
        Emulator = emulator;
        ConnectionString = connectionString;
        Urls = urls;
    }

    /// <summary>The webhook secret every instance is configured with.</summary>
    public const string WebhookSecret = "instances-webhook-secret";

    /// <summary>The password of <see cref="KeyCertificate"/>.</summary>
    public const string KeyCertificatePassword = "key-protection-password";

    /// <summary>The certificate that encrypts every instance's Data Protection keys in the database (App:KeyProtection).</summary>
    public static string KeyCertificate { get; } = TestCertificates.WritePfx(
        Path.Combine(Path.GetTempPath(), "zoomkit-instances", $"keys-{Environment.ProcessId}.pfx"), KeyCertificatePassword);

    public ZoomEmulatorHost Emulator { get; }
    public string ConnectionString { get; }
    public List<Uri> Urls { get; }
    public IReadOnlyList<Process> Processes => _processes;

    public static async Task<AppInstances> StartAsync(int instances, int users)
    {
        var urls = Enumerable.Range(0, instances).Select(_ => new Uri($"http://127.0.0.1:{AppSignIn.FreePort()}")).ToList();
        var settings = new List<KeyValuePair<string, string?>>
        {
            new("Emulator:RateLimits:MeetingCreateUpdatePerUserPerDay", "100000"),
            new("Emulator:Apps:0:ClientId", "zoomkit-local"), new("Emulator:Apps:0:ClientSecret", "zoomkit-local-secret"),
        };
        // Zoom matches redirect URIs exactly: every instance's callback is on the app's allow list.
        for (var i = 0; i < urls.Count; i++)
        {
            settings.Add(new($"Emulator:Apps:0:RedirectUris:{i}", new Uri(urls[i], "/zoom").AbsoluteUri));
        }
        for (var i = 0; i < users; i++)
        {
            settings.Add(new($"Emulator:Users:{i}:Email", $"user{i}@example.com"));
            settings.Add(new($"Emulator:Users:{i}:Password", "pw"));
            settings.Add(new($"Emulator:Users:{i}:AccountId", $"account-{i}"));
        }
        var emulator = await ZoomEmulatorHost.StartAsync(settings: settings);
        // Every instance's pools together must fit under the server's max_connections (300 here):
        // 60 per instance, and ZoomKit's 20 for refresh attempts, is 240 for three.
        var connectionString = new Npgsql.NpgsqlConnectionStringBuilder(await TestDatabase.NewSchemaAsync()) { MaxPoolSize = 60 }.ConnectionString;
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
            // each on the emulator app's allow list.
            "--Zoom:RedirectUri", new Uri(url, "/zoom").AbsoluteUri,
            "--Zoom:OAuthBaseUrl", Emulator.BaseUrl.AbsoluteUri,
            "--Zoom:ApiBaseUrl", new Uri(Emulator.BaseUrl, "/v2").AbsoluteUri,
            "--Zoom:WebhookSecretToken", WebhookSecret,
            "--App:KeyProtection:CertificatePath", KeyCertificate, "--App:KeyProtection:CertificatePassword", KeyCertificatePassword,
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
    public Task<HttpClient> SignInAsync(int user, Uri through) => AppSignIn.SignInAsync(through, Emulator.BaseUrl, $"user{user}@example.com", "pw");

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

    public static string AppDll
    {
        get
        {
            var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var path = Path.Combine(here.Parent!.Parent!.Parent!.Parent!.Parent!.FullName, "src", "ZoomKit.App", "bin", here.Parent.Name, here.Name, "ZoomKit.App.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException($"The app is not built at {path}");
        }
    }
}
