using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace ZoomKit.App.Tests;

/// <summary>
/// The meetings page from Zoom's webhooks: a page view without a change costs no Zoom request; a
/// meeting made elsewhere shows at the first view after its <c>meeting.created</c>; a change made in the
/// app shows at once; <c>meeting.started</c> turns the "Live now" badge on in an open page, without a
/// reload, and only in the host's pages.
/// </summary>
public sealed class LiveStatusTests(AppHost host) : IClassFixture<AppHost>
{
    [Fact]
    public async Task MeetingMadeThroughTheApi_ShowsAtTheFirstViewAfterItsWebhook_AndUnchangedViewsCostNothing()
    {
        var page = await host.SignInAsync("ada@example.com", "ada");
        using var zoom = await host.ZoomApiAsync("ada@example.com", "ada");
        await page.GotoAsync("/meetings");
        var before = await ApiRequestsAsync();
        await page.GotoAsync("/meetings");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Upcoming meetings" })).ToBeVisibleAsync();
        Assert.Equal(0, await ApiRequestsAsync() - before);

        var made = await zoom.CreateAsync(new JsonObject { ["topic"] = "Made elsewhere", ["type"] = 2, ["start_time"] = "2031-03-04T10:00:00Z", ["timezone"] = "UTC", ["duration"] = 30 });
        await host.WebhooksSettledAsync();
        await page.GotoAsync("/meetings");
        await Assertions.Expect(page.Locator("ul.meetings")).ToContainTextAsync("Made elsewhere");

        // A change in the app: no webhook needed to see it.
        await page.GotoAsync($"/meetings/{made["id"]}/edit");
        await page.GetByLabel("Topic").FillAsync("Renamed in the app");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await page.GotoAsync("/meetings");
        await Assertions.Expect(page.Locator("ul.meetings")).ToContainTextAsync("Renamed in the app");
    }

    [Fact]
    public async Task MeetingStarted_TurnsTheBadgeOnInAnOpenPage_WithinTwoSeconds_ForItsHostOnly()
    {
        var ada = await host.SignInAsync("ada@example.com", "ada");
        var bob = await host.SignInAsync("bob@example.com", "bob");
        using var zoom = await host.ZoomApiAsync("ada@example.com", "ada");
        var id = (await zoom.CreateAsync(new JsonObject { ["topic"] = "Stand-up", ["type"] = 2, ["start_time"] = "2031-03-05T09:00:00Z", ["timezone"] = "UTC", ["duration"] = 15 }))["id"]!.GetValue<long>();
        await host.WebhooksSettledAsync();
        await ada.GotoAsync("/meetings");
        var badge = ada.Locator($"[data-live='{id}']");
        await Assertions.Expect(badge).ToBeHiddenAsync();
        // Bob's open page listens too, and must hear nothing of Ada's meetings.
        await bob.GotoAsync("/meetings");
        await bob.EvaluateAsync("""
            () => { window.heard = []; const s = new EventSource('/meetings/live');
                    for (const name of ['snapshot', 'live', 'changed']) s.addEventListener(name, e => window.heard.push(name + ' ' + e.data)); }
            """);
        await Assertions.Expect(ada.Locator("body")).ToHaveAttributeAsync("data-listening", "true");
        await WaitForAsync(bob, "window.heard.length > 0");

        (await host.Admin.PostAsJsonAsync($"/_emulator/meetings/{id}/start", new { })).EnsureSuccessStatusCode();
        await Assertions.Expect(badge).ToBeVisibleAsync(new() { Timeout = 2_000 });
        await Assertions.Expect(badge).ToHaveTextAsync("Live now");

        (await host.Admin.PostAsJsonAsync($"/_emulator/meetings/{id}/end", new { })).EnsureSuccessStatusCode();
        await Assertions.Expect(badge).ToBeHiddenAsync(new() { Timeout = 2_000 });
        await host.WebhooksSettledAsync();
        Assert.Equal(["snapshot []"], await bob.EvaluateAsync<string[]>("() => window.heard"));

        // A page opened while it runs shows it as served, without JavaScript's help.
        (await host.Admin.PostAsJsonAsync($"/_emulator/meetings/{id}/start", new { })).EnsureSuccessStatusCode();
        await host.WebhooksSettledAsync();
        var response = await ada.Context.APIRequest.GetAsync($"/meetings/{id}");
        Assert.DoesNotContain($"data-live=\"{id}\" hidden", await response.TextAsync());
    }

    private static async Task WaitForAsync(IPage page, string condition) =>
        await page.WaitForFunctionAsync("() => " + condition, null, new() { Timeout = 10_000 });

    private async Task<long> ApiRequestsAsync() => (await host.StatsAsync())["api_requests"]!.GetValue<long>();
}
