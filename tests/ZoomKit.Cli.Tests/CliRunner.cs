using System.Diagnostics;
using System.Text;
using ZoomKit.Testing;

namespace ZoomKit.Cli.Tests;

/// <summary>
/// Runs the real zoomkit process against an in-process emulator, with its own settings and data
/// folders: the .NET tool's build, or the native (AOT) executable named by ZOOMKIT_TEST_CLI_NATIVE,
/// which ./test.sh publishes and runs these tests with a second time.
/// </summary>
public sealed class CliRunner : IAsyncLifetime
{
    private readonly string _home = Path.Combine(Path.GetTempPath(), "zoomkit-cli-tests", Guid.NewGuid().ToString("N"));

    public EmulatorSession Emulator { get; private set; } = null!;

    public string DataFolder => Path.Combine(_home, "data", "zoomkit");

    public string SettingsPath => Path.Combine(_home, "config", "zoomkit", "settings.json");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_home);
        Emulator = await EmulatorSession.StartAsync([.. EmulatorSession.NativeLoopbackApp, new("Emulator:Apps:0:AccountId", "emulator-account"), new("Emulator:RateLimits:MeetingCreateUpdatePerUserPerDay", "3")]);
    }

    public async Task DisposeAsync()
    {
        await Emulator.DisposeAsync();
        try
        {
            Directory.Delete(_home, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    public static string Dll
    {
        get
        {
            var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var path = Path.Combine(here.Parent!.Parent!.Parent!.Parent!.Parent!.FullName, "src", "ZoomKit.Cli", "bin", here.Parent.Name, here.Name, "ZoomKit.Cli.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException($"zoomkit is not built at {path}");
        }
    }

    /// <summary>The native executable under test, or null for the .NET tool's build.</summary>
    public static string? Native => Environment.GetEnvironmentVariable("ZOOMKIT_TEST_CLI_NATIVE") is { Length: > 0 } path
        ? (File.Exists(path) ? path : throw new FileNotFoundException($"ZOOMKIT_TEST_CLI_NATIVE names no file: {path}"))
        : null;

    public ProcessStartInfo StartInfo(IEnumerable<string> args, string? emulatorUrl = null)
    {
        var start = new ProcessStartInfo(Native ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (Native is null)
        {
            start.ArgumentList.Add(Dll);
        }
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["XDG_CONFIG_HOME"] = Path.Combine(_home, "config");
        start.Environment["XDG_DATA_HOME"] = Path.Combine(_home, "data");
        start.Environment["ZOOMKIT_EmulatorUrl"] = emulatorUrl ?? Emulator.BaseUrl.AbsoluteUri;
        return start;
    }

    public async Task<(int ExitCode, string Out, string Err)> RunAsync(params string[] args) => await RunWithAsync(null, args);

    public async Task<(int ExitCode, string Out, string Err)> RunWithEnvironmentAsync(string name, string value, params string[] args) =>
        await RunWithEnvironmentAsync(new Dictionary<string, string> { [name] = value }, args);

    public async Task<(int ExitCode, string Out, string Err)> RunWithEnvironmentAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = StartInfo(args);
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        return await RunAsync(start);
    }

    public async Task<(int ExitCode, string Out, string Err)> RunWithAsync(string? emulatorUrl, params string[] args) =>
        await RunAsync(StartInfo(args, emulatorUrl));

    private static async Task<(int ExitCode, string Out, string Err)> RunAsync(ProcessStartInfo start)
    {
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    /// <summary><c>zoomkit login --no-browser</c>, with this test as the browser: it follows the printed URL.</summary>
    public async Task LoginAsync(string profile = "default")
    {
        var port = AppSignIn.FreePort();
        using var process = Process.Start(StartInfo(["login", "--no-browser", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--timeout", "60", "--profile", profile]))!;
        var url = await process.StandardOutput.ReadLineAsync();
        Assert.StartsWith(Emulator.BaseUrl.AbsoluteUri + "oauth/authorize?", url, StringComparison.Ordinal);
        using var browser = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        var approve = await browser.GetAsync(url);
        var code = Uri.UnescapeDataString(approve.Headers.Location!.Query.Split("code=")[1].Split('&')[0]);
        using var callback = await browser.GetAsync(approve.Headers.Location);
        var rest = await process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, rest + errors);
        Assert.Contains("Logged in as demo@zoomkit.local", rest, StringComparison.Ordinal);
        // The authorization code never reaches the terminal (the URL printed carries only the PKCE challenge).
        Assert.DoesNotContain(code, url + rest + errors, StringComparison.Ordinal);
    }

    /// <summary><c>zoomkit login</c> against an emulator that shows its pages: this test signs in as <paramref name="email"/> and allows.</summary>
    public async Task LoginThroughPagesAsync(Uri emulator, string profile, string email, string password, int? loopbackPort = null)
    {
        var port = loopbackPort ?? AppSignIn.FreePort();
        var start = StartInfo(["login", "--no-browser", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--timeout", "60", "--profile", profile], emulator.AbsoluteUri);
        using var process = Process.Start(start)!;
        var url = await process.StandardOutput.ReadLineAsync();
        if (url is null || !url.StartsWith(emulator.AbsoluteUri, StringComparison.Ordinal))
        {
            await process.WaitForExitAsync();
            Assert.Fail($"zoomkit login printed no URL (exit {process.ExitCode}): {url} {await process.StandardOutput.ReadToEndAsync()} {await process.StandardError.ReadToEndAsync()}");
        }
        using var browser = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        var location = await EmulatorPages.SignInAndAllowAsync(browser, emulator, url!, email, password);
        using var callback = await browser.GetAsync(location);
        var rest = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, rest + await process.StandardError.ReadToEndAsync());
    }
}
