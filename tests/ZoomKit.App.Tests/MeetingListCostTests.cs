using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace ZoomKit.App.Tests;

/// <summary>The embedded app with limits off, so that a user can have hundreds of meetings made through the API.</summary>
public sealed class ManyMeetingsHost : AppHost
{
    protected override IEnumerable<string> ExtraArgs => ["--Emulator:RateLimits:Enabled", "false"];
}

/// <summary>
/// A page view asks Zoom for what it shows only: the list one page of 30 ("More" for the next), the week
/// its week. Counted at the emulator, for a user with 310 meetings: one request per view.
/// </summary>
public sealed class MeetingListCostTests(ManyMeetingsHost host) : IClassFixture<ManyMeetingsHost>
{
    private const int Count = 310;

    [Fact]
    public async Task ListAndWeek_310Meetings_OneZoomRequestPerPageView()
    {
        var page = await host.SignInAsync("ada@example.com", "ada");
        using var zoom = await host.ZoomApiAsync("ada@example.com", "ada");
        // One a day from the Monday two weeks ahead, at 12:00 UTC (13:00 or 12:00 in London).
        var london = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, london).DateTime);
        var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7) + 14);
        for (var i = 0; i < Count; i++)
        {
            var day = monday.AddDays(i);
            await zoom.CreateAsync(new JsonObject { ["topic"] = $"Day {i:000}", ["type"] = 2, ["start_time"] = $"{day:yyyy-MM-dd}T12:00:00Z", ["timezone"] = "UTC", ["duration"] = 30 });
        }

        // Their webhooks tell the app that its view of Ada's meetings is stale.
        await host.WebhooksSettledAsync();

        var before = await ApiRequestsAsync();
        await page.GotoAsync("/meetings");
        await Assertions.Expect(page.Locator("ul.meetings li")).ToHaveCountAsync(30);
        await Assertions.Expect(page.Locator("ul.meetings li").First).ToContainTextAsync("Day 000");
        Assert.Equal(1, await ApiRequestsAsync() - before);

        before = await ApiRequestsAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "More" }).ClickAsync();
        await Assertions.Expect(page.Locator("ul.meetings li").First).ToContainTextAsync("Day 030");
        await Assertions.Expect(page.Locator("ul.meetings li")).ToHaveCountAsync(30);
        Assert.Equal(1, await ApiRequestsAsync() - before);

        before = await ApiRequestsAsync();
        await page.GotoAsync("/meetings?view=week&week=2");
        await Assertions.Expect(page.Locator(".week .event")).ToHaveCountAsync(7);
        await Assertions.Expect(page.Locator(".week .event").First).ToContainTextAsync("Day 000");
        Assert.Equal(1, await ApiRequestsAsync() - before);
    }

    private async Task<long> ApiRequestsAsync() =>
        JsonNode.Parse(await host.Admin.GetStringAsync("/_emulator/stats"))!["api_requests"]!.GetValue<long>();
}
