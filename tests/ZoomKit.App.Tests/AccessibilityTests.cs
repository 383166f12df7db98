using System.Text.Json.Nodes;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace ZoomKit.App.Tests;

/// <summary>
/// axe-core (Deque.AxeCore.Playwright, offline) on every page of the app, signed out and in, forms with
/// their errors, and the emulator's sign-in, consent and device pages: no serious or critical violation.
/// (Checked once that it finds one: an unlabelled input added to each page fails it as critical.)
/// </summary>
public sealed class AccessibilityTests(AppHost host) : IClassFixture<AppHost>
{
    [Fact]
    public async Task EveryPage_SignedOutAndIn_NoSeriousOrCriticalViolation()
    {
        var found = new List<string>();
        var context = await host.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = host.AppUrl.AbsoluteUri });
        var anonymous = await context.NewPageAsync();
        await CheckAsync(anonymous, "/", found);
        await CheckAsync(anonymous, "/?error=denied", found);
        await anonymous.GetByRole(AriaRole.Button, new() { Name = "Connect Zoom" }).ClickAsync();
        await CheckAsync(anonymous, null, found);
        await anonymous.GetByLabel("Email").FillAsync("carol@example.com");
        await anonymous.GetByLabel("Password").FillAsync("carol");
        await anonymous.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await CheckAsync(anonymous, null, found);
        await CheckAsync(anonymous, new Uri(host.EmulatorUrl, "/oauth/device").AbsoluteUri, found);
        await context.CloseAsync();

        var page = await host.SignInAsync("carol@example.com", "carol");
        using var zoom = await host.ZoomApiAsync("carol@example.com", "carol");
        var series = await zoom.CreateAsync(new JsonObject
        {
            ["topic"] = "Accessible series", ["type"] = 8, ["start_time"] = "2030-09-02T08:00:00Z", ["timezone"] = "Europe/Berlin", ["duration"] = 30,
            ["recurrence"] = new JsonObject { ["type"] = 2, ["repeat_interval"] = 1, ["weekly_days"] = "2", ["end_times"] = 3 },
        });
        var id = series["id"]!.GetValue<long>();
        foreach (var path in new[]
        {
            "/meetings", "/meetings?view=week", "/meetings?view=day", "/meetings/new", $"/meetings/{id}", $"/meetings/{id}/edit", $"/meetings/{id}/delete",
            "/admin/schedule", "/problem?kind=busy&seconds=5", "/reconnect?reason=RefreshTokenRejected",
        })
        {
            await CheckAsync(page, path, found);
        }
        // The forms with their errors shown.
        await page.GotoAsync("/meetings/new");
        await page.GetByLabel("Topic").FillAsync("");
        await page.GetByRole(AriaRole.Button, new() { Name = "Schedule", Exact = true }).ClickAsync();
        await CheckAsync(page, null, found);
        var ada = await host.SignInAsync("ada@example.com", "ada");
        await CheckAsync(ada, "/admin/schedule", found);

        Assert.True(found.Count == 0, string.Join("\n", found));
    }

    private static async Task CheckAsync(IPage page, string? path, List<string> found)
    {
        if (path is not null)
        {
            await page.GotoAsync(path);
        }
        var results = await page.RunAxe();
        foreach (var violation in results.Violations.Where(v => v.Impact is "serious" or "critical"))
        {
            found.Add($"{page.Url}: {violation.Impact} {violation.Id}: {violation.Help} at {string.Join(", ", violation.Nodes.Select(n => n.Target?.ToString()))}");
        }
    }
}
