using System.Diagnostics;
using Microsoft.Playwright;

namespace ZoomKit.App.Tests;

/// <summary>
/// The README's run command, as a separate process with nothing configured: the start page is
/// served within seconds and the flow works in a browser. It uses the default ports 3000 and 3001;
/// no other test does.
/// </summary>
public sealed class ReadmeCommandTests : IAsyncLifetime
{
    private Process? _app;
    private readonly System.Text.StringBuilder _output = new();

    public async Task InitializeAsync()
    {
        var repo = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(repo.FullName, "ZoomKit.slnx")))
        {
            repo = repo.Parent!;
        }
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        // `dotnet run --project src/ZoomKit.App`, with the build the test run already made.
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = repo.FullName, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "run", "--project", "src/ZoomKit.App", "-c", configuration, "--no-build" })
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment.Remove("ASPNETCORE_URLS");
        start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        _app = Process.Start(start)!;
        _app.OutputDataReceived += (_, e) => { lock (_output) { _output.AppendLine(e.Data); } };
        _app.ErrorDataReceived += (_, e) => { lock (_output) { _output.AppendLine(e.Data); } };
        _app.BeginOutputReadLine();
        _app.BeginErrorReadLine();
        await Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        if (_app is { HasExited: false })
        {
            _app.Kill(entireProcessTree: true);
            _app.WaitForExit(10_000);
        }
        _app?.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task RunCommand_NothingConfigured_StartPageWithinSecondsAndFlowWorks()
    {
        using var http = new HttpClient();
        var started = Stopwatch.StartNew();
        HttpResponseMessage? page = null;
        while (started.Elapsed < TimeSpan.FromSeconds(60) && page is null)
        {
            try
            {
                page = await http.GetAsync("http://localhost:3000/");
            }
            catch (HttpRequestException)
            {
                Assert.False(_app!.HasExited, "the app stopped: " + _output);
                await Task.Delay(200);
            }
        }
        Assert.NotNull(page);
        Assert.Contains("Connect Zoom", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        lock (_output)
        {
            Assert.Contains("embedded Zoom emulator", _output.ToString(), StringComparison.Ordinal);
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
        var browserPage = await browser.NewPageAsync();
        await browserPage.GotoAsync("http://localhost:3000/");
        await browserPage.GetByRole(AriaRole.Button, new() { Name = "Connect Zoom" }).ClickAsync();
        await browserPage.GetByLabel("Email").FillAsync("demo@zoomkit.local");
        await browserPage.GetByLabel("Password").FillAsync("demo");
        await browserPage.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await browserPage.GetByRole(AriaRole.Button, new() { Name = "Allow" }).ClickAsync();
        await browserPage.GotoAsync("http://localhost:3000/meetings/new");
        await browserPage.GetByLabel("Topic").FillAsync("From the README");
        await browserPage.GetByRole(AriaRole.Button, new() { Name = "Schedule" }).ClickAsync();
        await Assertions.Expect(browserPage.GetByRole(AriaRole.Heading, new() { Name = "From the README" })).ToBeVisibleAsync();
        await AppHost.Shot(browserPage, "readme", "meeting");
    }
}
