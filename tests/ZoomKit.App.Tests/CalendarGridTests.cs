using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace ZoomKit.App.Tests;

/// <summary>The week and day calendar in Chromium: hours down the side, blocks at their hour and for their duration, overlaps side by side.</summary>
public sealed class CalendarGridTests(AppHost host) : IClassFixture<AppHost>
{
    [Fact]
    public async Task Week_PlacesA90MinuteMeetingAtItsHour_AndOverlapsSideBySide()
    {
        var page = await host.SignInAsync("ada@example.com", "ada", "calendar");
        using var zoom = await host.ZoomApiAsync("ada@example.com", "ada");
        var london = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, london).DateTime);
        var tuesday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7) + 15);
        async Task<long> MakeAsync(string topic, string time, int minutes) =>
            (await zoom.CreateAsync(new JsonObject { ["topic"] = topic, ["type"] = 2, ["start_time"] = $"{tuesday:yyyy-MM-dd}T{time}:00", ["timezone"] = "Europe/London", ["duration"] = minutes }))["id"]!.GetValue<long>();
        var review = await MakeAsync("Quarterly review", "10:00", 90);
        var first = await MakeAsync("Design crit", "14:00", 60);
        var second = await MakeAsync("Hiring sync", "14:30", 60);
        await host.WebhooksSettledAsync();

        await page.GotoAsync("/meetings?view=week&week=2");
        var column = page.Locator($".day-column[data-day='{tuesday:yyyy-MM-dd}']");
        await Assertions.Expect(column.Locator(".block")).ToHaveCountAsync(3);
        await AppHost.Shot(page, "calendar", "week");
        var day = (await column.BoundingBoxAsync())!;
        var block = (await column.Locator($"[data-meeting-id='{review}']").BoundingBoxAsync())!;
        var hour = day.Height / 24;
        Assert.InRange(block.Y - day.Y, (10 * hour) - 1, (10 * hour) + 1);
        Assert.InRange(block.Height, (1.5 * hour) - 1, (1.5 * hour) + 1);
        await Assertions.Expect(column.Locator($"[data-meeting-id='{review}']")).ToContainTextAsync("10:00 Quarterly review until 11:30");

        var a = (await column.Locator($"[data-meeting-id='{first}']").BoundingBoxAsync())!;
        var b = (await column.Locator($"[data-meeting-id='{second}']").BoundingBoxAsync())!;
        // Side by side: the same day column, one beside the other, each half its width, at their own hours.
        Assert.True(a.X + a.Width <= b.X + 1, $"'Design crit' ({a.X}..{a.X + a.Width}) should be left of 'Hiring sync' ({b.X}..)");
        Assert.InRange(a.Width, (day.Width / 2) - 2, day.Width / 2);
        Assert.InRange(b.Y - a.Y, (0.5 * hour) - 1, (0.5 * hour) + 1);
        Assert.InRange(b.X + b.Width, day.X, day.X + day.Width + 1);

        // Keyboard: the blocks are links in reading order; Enter opens the meeting.
        await column.Locator($"[data-meeting-id='{review}']").FocusAsync();
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(column.Locator($"[data-meeting-id='{first}']")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Design crit" })).ToBeVisibleAsync();

        // The day view shows the same day alone, and reads without JavaScript.
        var days = tuesday.DayNumber - today.DayNumber;
        var plain = await host.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = host.AppUrl.AbsoluteUri, JavaScriptEnabled = false, StorageState = await page.Context.StorageStateAsync() });
        var noScript = await plain.NewPageAsync();
        await noScript.GotoAsync($"/meetings?view=day&day={days}");
        await Assertions.Expect(noScript.Locator(".day-column")).ToHaveCountAsync(1);
        await Assertions.Expect(noScript.Locator(".block")).ToHaveCountAsync(3);
        await Assertions.Expect(noScript.Locator(".block").First).ToContainTextAsync("Quarterly review");
        await plain.CloseAsync();
    }

    [Fact]
    public async Task Today_HasTheNowLine()
    {
        var page = await host.SignInAsync("bob@example.com", "bob");
        await page.GotoAsync("/meetings?view=day");
        var now = page.Locator(".day-column .now");
        await Assertions.Expect(now).ToHaveCountAsync(1);
        var newYork = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("America/New_York"));
        var top = double.Parse((await now.GetAttributeAsync("style"))!.Split(':')[1].TrimEnd('%', ' ', ';'), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(top, (newYork.TimeOfDay.TotalMinutes - 2) / 1440 * 100, (newYork.TimeOfDay.TotalMinutes + 2) / 1440 * 100);
        await Assertions.Expect(page.Locator(".day-column .now")).ToContainTextAsync($"Now, ");
    }
}
