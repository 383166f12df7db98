using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace ZoomKit.App.Tests;

/// <summary>Scheduling over another meeting warns, keeps the form, and still lets the person schedule.</summary>
public sealed class ConflictTests(AppHost host) : IClassFixture<AppHost>
{
    [Fact]
    public async Task Schedule_OverAnotherMeeting_WarnsKeepsTheFormAndSchedulesOnlyWhenConfirmed()
    {
        var page = await host.SignInAsync("ada@example.com", "ada");
        using var zoom = await host.ZoomApiAsync("ada@example.com", "ada");
        // 10:00 to 11:00 in London (BST, UTC+1), made outside the app.
        await zoom.CreateAsync(new JsonObject { ["topic"] = "Existing review", ["type"] = 2, ["start_time"] = "2030-07-01T09:00:00Z", ["timezone"] = "Europe/London", ["duration"] = 60 });

        await page.GotoAsync("/meetings/new");
        await page.GetByLabel("Topic").FillAsync("Overlapping plan");
        await page.GetByLabel("Start").FillAsync("2030-07-01T10:30");
        await page.GetByLabel("Time zone").SelectOptionAsync("Europe/London");
        await page.GetByLabel("Duration (minutes)").FillAsync("30");
        await page.GetByRole(AriaRole.Button, new() { Name = "Schedule", Exact = true }).ClickAsync();

        var warning = page.Locator("#conflicts");
        await Assertions.Expect(warning).ToContainTextAsync("This overlaps a meeting of yours:");
        await Assertions.Expect(warning).ToContainTextAsync("Existing review, Mon 1 Jul, 10:00–11:00");
        await Assertions.Expect(page.GetByLabel("Topic")).ToHaveValueAsync("Overlapping plan");
        Assert.Single(await zoom.ListAsync());

        await page.GetByRole(AriaRole.Button, new() { Name = "Schedule anyway" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overlapping plan" })).ToBeVisibleAsync();
        Assert.Equal(2, (await zoom.ListAsync()).Count);
    }

    [Fact]
    public async Task Schedule_BackToBack_NoWarning()
    {
        var page = await host.SignInAsync("bob@example.com", "bob");
        using var zoom = await host.ZoomApiAsync("bob@example.com", "bob");
        // 10:00 to 11:00 in New York (EDT, UTC-4).
        await zoom.CreateAsync(new JsonObject { ["topic"] = "Standup", ["type"] = 2, ["start_time"] = "2030-07-02T14:00:00Z", ["timezone"] = "America/New_York", ["duration"] = 60 });

        await page.GotoAsync("/meetings/new");
        await page.GetByLabel("Topic").FillAsync("Right after");
        await page.GetByLabel("Start").FillAsync("2030-07-02T11:00");
        await page.GetByLabel("Time zone").SelectOptionAsync("America/New_York");
        await page.GetByRole(AriaRole.Button, new() { Name = "Schedule", Exact = true }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Right after" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Schedule_WarnedThenMovedToAnotherOverlap_WarnedAgain()
    {
        var page = await host.SignInAsync("carol@example.com", "carol");
        using var zoom = await host.ZoomApiAsync("carol@example.com", "carol");
        await zoom.CreateAsync(new JsonObject { ["topic"] = "Morning", ["type"] = 2, ["start_time"] = "2030-07-03T07:00:00Z", ["timezone"] = "Europe/Berlin", ["duration"] = 60 });
        await zoom.CreateAsync(new JsonObject { ["topic"] = "Afternoon", ["type"] = 2, ["start_time"] = "2030-07-03T13:00:00Z", ["timezone"] = "Europe/Berlin", ["duration"] = 60 });

        await page.GotoAsync("/meetings/new");
        await page.GetByLabel("Topic").FillAsync("Moving target");
        await page.GetByLabel("Start").FillAsync("2030-07-03T09:30");
        await page.GetByLabel("Time zone").SelectOptionAsync("Europe/Berlin");
        await page.GetByRole(AriaRole.Button, new() { Name = "Schedule", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#conflicts")).ToContainTextAsync("Morning");
        // The accepted overlap was 09:30; at 15:30 the afternoon meeting is in the way, and that is said first.
        await page.GetByLabel("Start").FillAsync("2030-07-03T15:30");
        await page.GetByRole(AriaRole.Button, new() { Name = "Schedule anyway" }).ClickAsync();

        await Assertions.Expect(page.Locator("#conflicts")).ToContainTextAsync("Afternoon");
        Assert.Equal(2, (await zoom.ListAsync()).Count);
    }

    [Fact]
    public async Task Edit_MovedOntoAnotherMeeting_WarnsWithoutItselfAndSavesWhenConfirmed()
    {
        var page = await host.SignInAsync("carol@example.com", "carol");
        using var zoom = await host.ZoomApiAsync("carol@example.com", "carol");
        await zoom.CreateAsync(new JsonObject { ["topic"] = "Lunch talk", ["type"] = 2, ["start_time"] = "2030-07-04T12:00:00Z", ["timezone"] = "Europe/Berlin", ["duration"] = 60 });
        var review = await zoom.CreateAsync(new JsonObject { ["topic"] = "Design review", ["type"] = 2, ["start_time"] = "2030-07-04T13:00:00Z", ["timezone"] = "Europe/Berlin", ["duration"] = 60 });
        var id = review["id"]!.GetValue<long>();

        await page.GotoAsync($"/meetings/{id}/edit");
        // Only the duration changes: still a new time, still checked (it does not overlap anything).
        await page.GetByLabel("Duration (minutes)").FillAsync("45");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Design review" })).ToBeVisibleAsync();

        await page.GotoAsync($"/meetings/{id}/edit");
        // 14:30 to 15:15 in Berlin: over the talk (14:00 to 15:00) and over the review's own old time (15:00), which is no conflict.
        await page.GetByLabel("Start").FillAsync("2030-07-04T14:30");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();

        var warning = page.Locator("#conflicts");
        await Assertions.Expect(warning).ToContainTextAsync("This overlaps a meeting of yours:");
        await Assertions.Expect(warning).ToContainTextAsync("Lunch talk");
        await Assertions.Expect(warning).Not.ToContainTextAsync("Design review");
        Assert.Equal("2030-07-04T13:00:00Z", (await zoom.GetAsync(id))["start_time"]!.GetValue<string>());
        await page.GetByRole(AriaRole.Button, new() { Name = "Save anyway" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Design review" })).ToBeVisibleAsync();
        Assert.Equal("2030-07-04T12:30:00Z", (await zoom.GetAsync(id))["start_time"]!.GetValue<string>());
    }
}
