using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using ZoomKit.Testing;

namespace ZoomKit.Cli.Tests;

/// <summary>
/// <c>zoomkit login --device</c> as a person on another device finishes it: the real process prints the
/// address and the code, and Chromium signs in on the emulator's activation page, types the code and decides.
/// </summary>
public sealed class DeviceLoginTests : IAsyncLifetime
{
    private readonly CliRunner _cli = new();
    private EmulatorSession _emulator = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        await _cli.InitializeAsync();
        _emulator = await EmulatorSession.StartAsync(Setting("Emulator:DeviceCodeIntervalSeconds", "1"));
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _emulator.DisposeAsync();
        await _cli.DisposeAsync();
    }

    [Fact]
    public async Task LoginDevice_CodeEnteredAndAllowedInChromium_Exits0AndCommandsWork()
    {
        using var login = Start(_emulator);
        var (url, code) = await ReadInstructionsAsync(login);

        await ActivateAsync(url, code, "Allow");
        var (exit, output, errors) = await FinishAsync(login);

        Assert.True(exit == 0, output + errors);
        Assert.Contains("Logged in as demo@zoomkit.local (profile 'default').", output, StringComparison.Ordinal);
        var listed = await _cli.RunWithAsync(_emulator.BaseUrl.AbsoluteUri, "meetings", "list", "--json");
        Assert.True(listed.ExitCode == 0, listed.Err);
        Assert.IsType<JsonArray>(JsonNode.Parse(listed.Out));
        var stats = await _emulator.StatsAsync();
        Assert.True(stats["token_requests"]!["device_code"]!.GetValue<long>() >= 1);
        Assert.Equal(0, stats["token_errors"]!["slow_down"]!.GetValue<long>());
    }

    [Fact]
    public async Task LoginDevice_Denied_Exit7WithWhatToDo()
    {
        using var login = Start(_emulator);
        var (url, code) = await ReadInstructionsAsync(login);

        await ActivateAsync(url, code, "Deny");
        var (exit, output, errors) = await FinishAsync(login);

        Assert.True(exit == 7, $"exit {exit}: {output}{errors}");
        Assert.Contains("Access was denied on Zoom's page (Deny was chosen): log in again and choose Allow", errors, StringComparison.Ordinal);
        var listed = await _cli.RunWithAsync(_emulator.BaseUrl.AbsoluteUri, "meetings", "list");
        Assert.Equal(3, listed.ExitCode);
    }

    [Fact]
    public async Task LoginDevice_CodeNeverEntered_Exit8AfterExpiresInWithWhatToDo()
    {
        await using var shortLived = await EmulatorSession.StartAsync(Setting("Emulator:DeviceCodeIntervalSeconds", "1"), Setting("Emulator:DeviceCodeLifetimeSeconds", "3"));
        using var login = Start(shortLived);
        await ReadInstructionsAsync(login);

        var (exit, output, errors) = await FinishAsync(login);

        Assert.True(exit == 8, $"exit {exit}: {output}{errors}");
        Assert.Contains("The code expired before it was entered and allowed: run 'zoomkit login --device' again", errors, StringComparison.Ordinal);
        Assert.Equal(1, (await shortLived.StatsAsync())["token_errors"]!["expired_token"]!.GetValue<long>());
    }

    private static KeyValuePair<string, string?> Setting(string key, string value) => new(key, value);

    private Process Start(EmulatorSession emulator) => Process.Start(_cli.StartInfo(["login", "--device"], emulator.BaseUrl.AbsoluteUri))!;

    /// <summary>Reads stderr up to the code: the address is the line before it.</summary>
    private static async Task<(string Url, string Code)> ReadInstructionsAsync(Process login)
    {
        string? url = null;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await login.StandardError.ReadLineAsync(timeout.Token) is { } line)
        {
            var text = line.Trim();
            if (text.StartsWith("http", StringComparison.Ordinal))
            {
                url = text;
            }
            else if (text.StartsWith("Code: ", StringComparison.Ordinal))
            {
                return (url ?? throw new InvalidOperationException("No address before the code."), text["Code: ".Length..]);
            }
        }
        throw new InvalidOperationException($"zoomkit login --device printed no code: {await login.StandardOutput.ReadToEndAsync()}");
    }

    private static async Task<(int ExitCode, string Out, string Err)> FinishAsync(Process login)
    {
        var output = login.StandardOutput.ReadToEndAsync();
        var errors = login.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await login.WaitForExitAsync(timeout.Token);
        return (login.ExitCode, await output, await errors);
    }

    /// <summary>The person: opens the address, signs in, types the code, and chooses.</summary>
    private async Task ActivateAsync(string url, string code, string decision)
    {
        var page = await _browser.NewPageAsync();
        await page.GotoAsync(url);
        await page.GetByLabel("Email").FillAsync("demo@zoomkit.local");
        await page.GetByLabel("Password").FillAsync("demo");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.GetByLabel("Code").FillAsync(code);
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = decision }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = decision == "Allow" ? "Device connected" : "Access denied" }).WaitForAsync();
        await page.CloseAsync();
    }
}
