using System.Text.Json.Nodes;
using Ical.Net;
using Ical.Net.DataTypes;
using Microsoft.Playwright;

namespace ZoomKit.App.Tests;

/// <summary>"Add to calendar" and "Copy invitation" on a meeting's page, checked against Zoom's own answer.</summary>
public sealed class CalendarTests(AppHost host) : IClassFixture<AppHost>
{
    [Fact]
    public async Task AddToCalendar_WeeklySeries_ReadBackHasZoomsStartZoneRuleCountAndEveryOccurrence()
    {
        var page = await host.SignInAsync("bob@example.com", "bob");
        using var zoom = await host.ZoomApiAsync("bob@example.com", "bob");
        var created = await zoom.CreateAsync(new JsonObject
        {
            ["topic"] = "Weekly sync",
            ["type"] = 8,
            ["start_time"] = "2030-05-06T13:30:00Z",
            ["timezone"] = "America/New_York",
            ["duration"] = 45,
            ["recurrence"] = new JsonObject { ["type"] = 2, ["repeat_interval"] = 1, ["weekly_days"] = "2,4", ["end_times"] = 8 },
        });
        var id = created["id"]!.GetValue<long>();
        var atZoom = await zoom.GetAsync(id);

        await page.GotoAsync($"/meetings/{id}");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Add to calendar" }).ClickAsync());
        var ics = await File.ReadAllTextAsync((await download.PathAsync())!);

        Assert.Equal($"meeting-{id}.ics", download.SuggestedFilename);
        var calendar = Calendar.Load(ics)!;
        var e = Assert.Single(calendar.Events);
        Assert.Equal("Weekly sync", e.Summary);
        Assert.Equal("America/New_York", e.DtStart!.TzId);
        Assert.Equal(new DateTime(2030, 5, 6, 9, 30, 0), e.DtStart.Value);
        Assert.Equal(TimeSpan.FromMinutes(45), e.Duration!.Value.ToTimeSpanUnspecified());
        Assert.Contains(calendar.TimeZones, z => z.TzId == "America/New_York");
        var rule = e.RecurrenceRule!;
        Assert.Equal(FrequencyType.Weekly, rule.Frequency);
        Assert.Equal(8, rule.Count);
        Assert.Equal([DayOfWeek.Monday, DayOfWeek.Wednesday], rule.ByDay.Select(d => d.DayOfWeek).Order());
        Assert.Equal(atZoom["join_url"]!.GetValue<string>(), e.Url!.AbsoluteUri);
        // Every occurrence the calendar computes is one Zoom lists, at the same instant.
        var zoomOccurrences = atZoom["occurrences"]!.AsArray().Select(o => DateTimeOffset.Parse(o!["start_time"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture).UtcDateTime).ToList();
        var computed = calendar.GetOccurrences(new CalDateTime(2030, 1, 1, 0, 0, 0, CalDateTime.UtcTzId), null).Select(o => o.Period.StartTime.AsUtc).ToList();
        Assert.Equal(8, zoomOccurrences.Count);
        Assert.Equal(zoomOccurrences, computed);
        Assert.DoesNotContain("zak=", ics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CopyInvitation_ClipboardHoldsTimeJoinLinkIdAndPasscode()
    {
        var page = await host.SignInAsync("bob@example.com", "bob");
        await page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"], new() { Origin = host.AppUrl.AbsoluteUri.TrimEnd('/') });
        using var zoom = await host.ZoomApiAsync("bob@example.com", "bob");
        var created = await zoom.CreateAsync(new JsonObject { ["topic"] = "Pairing", ["type"] = 2, ["start_time"] = "2030-06-03T08:00:00Z", ["timezone"] = "Europe/Berlin", ["duration"] = 30, ["password"] = "pair42" });
        var id = created["id"]!.GetValue<long>();

        await page.GotoAsync($"/meetings/{id}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Copy invitation" }).ClickAsync();

        await Assertions.Expect(page.Locator("#invitation-status")).ToHaveTextAsync("Invitation copied.");
        var copied = await page.EvaluateAsync<string>("navigator.clipboard.readText()");
        Assert.Contains("Topic: Pairing", copied, StringComparison.Ordinal);
        Assert.Contains("Time: Monday 3 June 2030, 10:00 (Europe/Berlin)", copied, StringComparison.Ordinal);
        Assert.Contains(created["join_url"]!.GetValue<string>(), copied, StringComparison.Ordinal);
        Assert.Contains("Passcode: pair42", copied, StringComparison.Ordinal);
        var digits = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains($"Meeting ID: {digits[..3]} {digits[3..7]} {digits[7..]}", copied, StringComparison.Ordinal);
        Assert.DoesNotContain("zak=", copied, StringComparison.Ordinal);
    }
}
