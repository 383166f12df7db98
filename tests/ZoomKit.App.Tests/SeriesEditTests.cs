using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace ZoomKit.App.Tests;

/// <summary>
/// Series made outside the app (through the API, as Zoom's own pages make them) survive an edit in
/// the app: changing only the topic changes only the topic; removing one occurrence removes one.
/// </summary>
public sealed class SeriesEditTests(AppHost host) : IClassFixture<AppHost>
{
    public static TheoryData<string> Series => ["ends-by-date", "monthly-second-monday", "no-fixed-time", "weekly-three-days"];

    private static JsonObject Made(string name) => name switch
    {
        "ends-by-date" => new() { ["topic"] = "Weekly until March", ["type"] = 8, ["start_time"] = "2031-01-06T10:00:00Z", ["timezone"] = "Europe/London", ["recurrence"] = new JsonObject { ["type"] = 2, ["weekly_days"] = "2", ["end_date_time"] = "2031-03-24T23:59:00Z" } },
        "monthly-second-monday" => new() { ["topic"] = "Second Mondays", ["type"] = 8, ["start_time"] = "2031-01-13T10:00:00Z", ["timezone"] = "Europe/London", ["recurrence"] = new JsonObject { ["type"] = 3, ["monthly_week"] = 2, ["monthly_week_day"] = 2, ["end_times"] = 6 } },
        "no-fixed-time" => new() { ["topic"] = "Any time", ["type"] = 3, ["recurrence"] = new JsonObject { ["type"] = 1, ["end_times"] = 3 } },
        _ => new() { ["topic"] = "Mon Wed Fri", ["type"] = 8, ["start_time"] = "2031-01-06T10:00:00Z", ["timezone"] = "Europe/London", ["recurrence"] = new JsonObject { ["type"] = 2, ["weekly_days"] = "2,4,6", ["end_times"] = 9 } },
    };

    [Theory]
    [MemberData(nameof(Series))]
    public async Task EditTopicOnly_SeriesMadeThroughTheApi_SameRecurrenceAndOccurrences(string name)
    {
        var page = await host.SignInAsync("ada@example.com", "ada");
        using var zoom = await host.ZoomApiAsync("ada@example.com", "ada");
        var id = (await zoom.CreateAsync(Made(name)))["id"]!.GetValue<long>();
        var before = await zoom.GetAsync(id);

        await page.GotoAsync($"/meetings/{id}/edit");
        await page.GetByLabel("Topic").FillAsync("Renamed in the app");
        await AppHost.Shot(page, "series", $"edit-{name}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Renamed in the app" })).ToBeVisibleAsync();
        var after = await zoom.GetAsync(id);

        Assert.Equal("Renamed in the app", after["topic"]!.GetValue<string>());
        foreach (var field in new[] { "type", "recurrence", "occurrences", "start_time", "duration", "timezone", "password", "agenda", "settings" })
        {
            Assert.True(JsonNode.DeepEquals(before[field], after[field]), $"{name}: {field} was {before[field]?.ToJsonString()}, is {after[field]?.ToJsonString()}");
        }
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task DeleteThisOccurrence_OnlyThatOneGoes()
    {
        var page = await host.SignInAsync("ada@example.com", "ada");
        using var zoom = await host.ZoomApiAsync("ada@example.com", "ada");
        var id = (await zoom.CreateAsync(Made("weekly-three-days")))["id"]!.GetValue<long>();
        var before = (await zoom.GetAsync(id))["occurrences"]!.AsArray();
        var second = before[1]!["occurrence_id"]!.GetValue<string>();

        await page.GotoAsync($"/meetings/{id}");
        await page.Locator($"tr[data-occurrence='{second}']").GetByRole(AriaRole.Link, new() { Name = "Remove" }).ClickAsync();
        await page.GetByLabel("This occurrence").CheckAsync();
        await AppHost.Shot(page, "series", "delete-occurrence");
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Mon Wed Fri" })).ToBeVisibleAsync();
        var after = (await zoom.GetAsync(id))["occurrences"]!.AsArray();

        Assert.Equal(before.Count - 1, after.Count);
        Assert.True(JsonNode.DeepEquals(new JsonArray(before.Where(o => o!["occurrence_id"]!.GetValue<string>() != second).Select(o => o!.DeepClone()).ToArray()), after));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task EditThisOccurrence_OnlyItsDurationChanges()
    {
        var page = await host.SignInAsync("ada@example.com", "ada");
        using var zoom = await host.ZoomApiAsync("ada@example.com", "ada");
        var id = (await zoom.CreateAsync(Made("weekly-three-days")))["id"]!.GetValue<long>();
        var third = (await zoom.GetAsync(id))["occurrences"]![2]!["occurrence_id"]!.GetValue<string>();

        await page.GotoAsync($"/meetings/{id}");
        await page.Locator($"tr[data-occurrence='{third}']").GetByRole(AriaRole.Link, new() { Name = "Change" }).ClickAsync();
        await page.GetByLabel("This occurrence").CheckAsync();
        await page.GetByLabel("Duration (minutes)").FillAsync("20");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Mon Wed Fri" })).ToBeVisibleAsync();
        var after = await zoom.GetAsync(id);

        Assert.Equal(60, after["duration"]!.GetValue<int>());
        Assert.All(after["occurrences"]!.AsArray(), o => Assert.Equal(o!["occurrence_id"]!.GetValue<string>() == third ? 20 : 60, o["duration"]!.GetValue<int>()));
        await page.Context.CloseAsync();
    }
}
