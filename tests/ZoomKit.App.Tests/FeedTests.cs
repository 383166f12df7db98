using System.Net;
using System.Text.Json.Nodes;
using Ical.Net;
using Microsoft.Playwright;

namespace ZoomKit.App.Tests;

/// <summary>
/// "Subscribe": a private calendar feed of the person's meetings at a secret address, which calendar
/// apps fetch without a session; "New link" ends the old address (404), and so does disconnecting.
/// </summary>
public sealed class FeedTests(AppHost host) : IClassFixture<AppHost>
{
    [Fact]
    public async Task Feed_HasTheMeetingsWithTheSeriesRule_NewLinkEndsTheOldAddress()
    {
        var page = await host.SignInAsync("ada@example.com", "ada", "feed");
        using var zoom = await host.ZoomApiAsync("ada@example.com", "ada");
        // Within the feed's year ahead.
        var day = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(60);
        await zoom.CreateAsync(new JsonObject
        {
            ["topic"] = "Weekly planning", ["type"] = 8, ["start_time"] = $"{day:yyyy-MM-dd}T09:00:00Z", ["timezone"] = "Europe/London", ["duration"] = 30,
            ["recurrence"] = new JsonObject { ["type"] = 2, ["repeat_interval"] = 1, ["weekly_days"] = "2", ["end_times"] = 6 },
        });
        await zoom.CreateAsync(new JsonObject { ["topic"] = "Offsite", ["type"] = 2, ["start_time"] = $"{day.AddDays(7):yyyy-MM-dd}T10:00:00Z", ["timezone"] = "UTC", ["duration"] = 240 });
        await host.WebhooksSettledAsync();

        await page.GotoAsync("/meetings");
        await page.GetByRole(AriaRole.Link, new() { Name = "Subscribe" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create a link" }).ClickAsync();
        var first = await page.GetByLabel("Feed address").InputValueAsync();
        await AppHost.Shot(page, "feed", "subscribe");

        // A calendar app: no cookie, the address alone.
        using var calendarApp = new HttpClient();
        using var answer = await calendarApp.GetAsync(first);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("text/calendar", answer.Content.Headers.ContentType!.MediaType);
        var calendar = Calendar.Load(await answer.Content.ReadAsStringAsync())!;
        var series = Assert.Single(calendar.Events, e => e.Summary == "Weekly planning");
        Assert.Equal(6, series.RecurrenceRule!.Count);
        Assert.Equal("Europe/London", series.DtStart!.TzId);
        Assert.Contains(calendar.Events, e => e.Summary == "Offsite");

        // A meeting made elsewhere is in the next fetch after its webhook.
        await zoom.CreateAsync(new JsonObject { ["topic"] = "Made later", ["type"] = 2, ["start_time"] = $"{day.AddDays(8):yyyy-MM-dd}T10:00:00Z", ["timezone"] = "UTC", ["duration"] = 30 });
        await host.WebhooksSettledAsync();
        Assert.Contains("SUMMARY:Made later", await calendarApp.GetStringAsync(first), StringComparison.Ordinal);

        await page.GetByRole(AriaRole.Button, new() { Name = "New link" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "New link made" })).ToBeVisibleAsync();
        var second = await page.GetByLabel("Feed address").InputValueAsync();
        Assert.NotEqual(first, second);
        Assert.Equal(HttpStatusCode.NotFound, (await calendarApp.GetAsync(first)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await calendarApp.GetAsync(second)).StatusCode);
        // Bob's page shows no link of Ada's; a made-up address finds no one.
        var bob = await host.SignInAsync("bob@example.com", "bob");
        await bob.GotoAsync("/meetings/subscribe");
        await Assertions.Expect(bob.GetByRole(AriaRole.Button, new() { Name = "Create a link" })).ToBeVisibleAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await calendarApp.GetAsync(new Uri(host.AppUrl, "/feed/" + new string('A', 43) + ".ics"))).StatusCode);

        // Disconnecting Zoom ends the feed too.
        await page.GetByRole(AriaRole.Button, new() { Name = "Disconnect Zoom" }).ClickAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await calendarApp.GetAsync(second)).StatusCode);
    }
}
