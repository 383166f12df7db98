using Microsoft.Playwright;

namespace ZoomKit.App.Tests;

/// <summary>Invitees in the schedule and edit forms: kept as typed when one is wrong, saved in Zoom as <c>meeting_invitees</c>.</summary>
public sealed class InviteesTests(AppHost host) : IClassFixture<AppHost>
{
    [Fact]
    public async Task Schedule_WithInvitees_AWrongOneIsNamedAndNothingTypedIsLost_ThenZoomHasThem()
    {
        var page = await host.SignInAsync("carol@example.com", "carol");
        await page.GotoAsync("/meetings/new");
        await page.GetByLabel("Topic").FillAsync("Launch review");
        await page.GetByLabel("Invitees").FillAsync("ada@example.com\nbob at example.com");
        await page.GetByRole(AriaRole.Button, new() { Name = "Schedule" }).ClickAsync();

        await Assertions.Expect(page.Locator("#Form_Invitees_error")).ToHaveTextAsync("Invitees: \"bob at example.com\" is not an email address (write them one per line or separated by commas).");
        await Assertions.Expect(page.GetByLabel("Topic")).ToHaveValueAsync("Launch review");
        await Assertions.Expect(page.GetByLabel("Invitees")).ToHaveValueAsync("ada@example.com\nbob at example.com");

        await page.GetByLabel("Invitees").FillAsync("ada@example.com, bob@example.com");
        await page.GetByRole(AriaRole.Button, new() { Name = "Schedule" }).ClickAsync();
        await Assertions.Expect(page.Locator("#invitees")).ToHaveTextAsync("ada@example.com, bob@example.com");
        var id = long.Parse(new Uri(page.Url).Segments[^1], System.Globalization.CultureInfo.InvariantCulture);
        using var zoom = await host.ZoomApiAsync("carol@example.com", "carol");
        var atZoom = await zoom.GetAsync(id);
        Assert.Equal(["ada@example.com", "bob@example.com"], atZoom["settings"]!["meeting_invitees"]!.AsArray().Select(i => i!["email"]!.GetValue<string>()));

        // The edit form shows them, one per line; removing one removes it in Zoom.
        await page.GotoAsync($"/meetings/{id}/edit");
        await Assertions.Expect(page.GetByLabel("Invitees")).ToHaveValueAsync("ada@example.com\nbob@example.com");
        await page.GetByLabel("Invitees").FillAsync("bob@example.com");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#invitees")).ToHaveTextAsync("bob@example.com");
    }
}
