using System.Net.Http.Json;
using Microsoft.Playwright;

namespace ZoomKit.App.Tests;

/// <summary>The scheduler in headless Chromium against the app on its embedded default.</summary>
public sealed class BrowserTests(AppHost host) : IClassFixture<AppHost>
{
    [Fact]
    public async Task Schedule_ConnectSignInAllowScheduleListOpenEditDelete_AtTheRightLocalTime()
    {
        var page = await host.SignInAsync("ada@example.com", "ada", "flow");
        await AppHost.Shot(page, "flow", "04-meetings-empty");

        await page.GetByRole(AriaRole.Link, new() { Name = "Schedule a meeting" }).First.ClickAsync();
        await page.GetByLabel("Topic").FillAsync("Design review");
        await page.GetByLabel("Start").FillAsync("2030-05-06T09:30");
        await page.GetByLabel("Time zone").SelectOptionAsync("America/New_York");
        await page.GetByLabel("Duration (minutes)").FillAsync("45");
        await page.GetByLabel("Agenda").FillAsync("Walk through the new pages.");
        await AppHost.Shot(page, "flow", "05-schedule-form");
        await page.GetByRole(AriaRole.Button, new() { Name = "Schedule" }).ClickAsync();

        // 09:30 in New York in May (UTC-4) is 14:30 in London (UTC+1), Ada's time zone.
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Design review" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("dd").First).ToHaveTextAsync("Monday 6 May 2030, 14:30 (Europe/London)");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Start meeting" })).ToBeVisibleAsync();
        var html = await page.ContentAsync();
        Assert.DoesNotContain("zak=", html, StringComparison.Ordinal);
        Assert.DoesNotContain("/s/", html, StringComparison.Ordinal);
        await AppHost.Shot(page, "flow", "06-meeting");
        var meetingUrl = page.Url;

        await page.GotoAsync("/meetings");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Design review" })).ToContainTextAsync("Mon 6 May 2030, 14:30");
        await AppHost.Shot(page, "flow", "07-meetings-list");
        await page.GotoAsync("/meetings?view=week&week=" + WeeksUntil(new DateOnly(2030, 5, 6)));
        await Assertions.Expect(page.Locator(".event")).ToContainTextAsync("14:30 Design review");
        await AppHost.Shot(page, "flow", "08-meetings-week");

        await page.GotoAsync(meetingUrl);
        await page.GetByRole(AriaRole.Link, new() { Name = "Edit" }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("Topic")).ToHaveValueAsync("Design review");
        await page.GetByLabel("Topic").FillAsync("Design review, take two");
        await AppHost.Shot(page, "flow", "09-edit");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Design review, take two" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Delete" }).ClickAsync();
        await AppHost.Shot(page, "flow", "10-delete-confirm");
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await page.WaitForURLAsync("**/meetings");
        await Assertions.Expect(page.GetByText("No upcoming meetings.")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Schedule_InvalidPasscode_ErrorBesideFieldAndInputKept()
    {
        var page = await host.SignInAsync("ada@example.com", "ada");
        await page.GotoAsync("/meetings/new");
        await page.GetByLabel("Topic").FillAsync("Keep my words");
        await page.GetByLabel("Agenda").FillAsync("A long agenda I would hate to type again.");
        await page.GetByLabel("Passcode").FillAsync("has space");
        await page.GetByRole(AriaRole.Button, new() { Name = "Schedule" }).ClickAsync();

        await Assertions.Expect(page.Locator("#Form_Passcode_error")).ToContainTextAsync("Passcode");
        await Assertions.Expect(page.GetByLabel("Topic")).ToHaveValueAsync("Keep my words");
        await Assertions.Expect(page.GetByLabel("Agenda")).ToHaveValueAsync("A long agenda I would hate to type again.");
        await Assertions.Expect(page.GetByLabel("Passcode")).ToHaveValueAsync("has space");
        await AppHost.Shot(page, "validation", "passcode-error");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Meetings_AccessTokenExpires_UserNoticesNothing()
    {
        var page = await host.SignInAsync("ada@example.com", "ada");
        var refreshes = (await host.StatsAsync())["token_requests"]!["refresh_token"]!.GetValue<long>();

        await host.AdvanceAsync(TimeSpan.FromSeconds(3600));
        // A view not seen yet (the list, seen at sign-in, is kept and asks Zoom nothing).
        await page.GotoAsync("/meetings?view=week");

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Upcoming meetings" })).ToBeVisibleAsync();
        Assert.Equal(refreshes + 1, (await host.StatsAsync())["token_requests"]!["refresh_token"]!.GetValue<long>());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Meetings_SecondUser_NeverSeesTheFirstUsersMeetingsEvenByUrl()
    {
        var ada = await host.SignInAsync("ada@example.com", "ada");
        await ada.GotoAsync("/meetings/new");
        await ada.GetByLabel("Topic").FillAsync("Ada's secret plan");
        await ada.GetByRole(AriaRole.Button, new() { Name = "Schedule" }).ClickAsync();
        await Assertions.Expect(ada.GetByRole(AriaRole.Heading, new() { Name = "Ada's secret plan" })).ToBeVisibleAsync();
        var path = new Uri(ada.Url).AbsolutePath;

        var bob = await host.SignInAsync("bob@example.com", "bob", "second-user");
        await Assertions.Expect(bob.GetByText("Ada's secret plan")).ToHaveCountAsync(0);
        foreach (var url in new[] { path, path + "/edit", path + "/delete" })
        {
            var response = await bob.GotoAsync(url);
            await Assertions.Expect(bob.GetByText("Ada's secret plan")).ToHaveCountAsync(0);
            Assert.Equal(404, response!.Status);
        }
        await AppHost.Shot(bob, "second-user", "not-found");
        await ada.Context.CloseAsync();
        await bob.Context.CloseAsync();
    }

    [Fact]
    public async Task Disconnect_RevokesAndSignsOut()
    {
        var page = await host.SignInAsync("bob@example.com", "bob");
        var refreshToken = await host.RefreshTokenOfAsync("bob@example.com", "bob");

        await page.GetByRole(AriaRole.Button, new() { Name = "Disconnect Zoom" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Connect Zoom" })).ToBeVisibleAsync();
        // Checked at Zoom: the authorization is gone, so the app's last refresh token is refused.
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, await host.RefreshAtZoomAsync(refreshToken));
        await page.GotoAsync("/meetings");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Connect Zoom" })).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AppDeauthorizedWebhook_UserSignedOut()
    {
        var page = await host.SignInAsync("bob@example.com", "bob");

        (await host.Admin.PostAsJsonAsync("/_emulator/deauthorize", new { email = "bob@example.com" })).EnsureSuccessStatusCode();

        // The webhook arrives asynchronously; the next page after it finds the connection gone.
        var connect = page.GetByRole(AriaRole.Button, new() { Name = "Connect Zoom" });
        for (var i = 0; i < 60 && await connect.CountAsync() == 0; i++)
        {
            await Task.Delay(250);
            await page.GotoAsync("/meetings");
        }
        await Assertions.Expect(connect).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    private static int WeeksUntil(DateOnly date)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/London")).DateTime);
        var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        return (date.DayNumber - monday.DayNumber) / 7;
    }
}

public sealed class ReconnectTests(AppHostWithoutWebhooks host) : IClassFixture<AppHostWithoutWebhooks>
{
    [Fact]
    public async Task Meetings_ConnectionRevokedInZoom_ShowsReconnectZoomAndReconnects()
    {
        var page = await host.SignInAsync("ada@example.com", "ada", "reconnect");
        (await host.Admin.PostAsJsonAsync("/_emulator/deauthorize", new { email = "ada@example.com" })).EnsureSuccessStatusCode();
        await host.AdvanceAsync(TimeSpan.FromSeconds(3600));

        // A view that asks Zoom (the list seen at sign-in is kept a minute: without the webhook the app learns at its next call).
        await page.GotoAsync("/meetings?view=week");

        await Assertions.Expect(page.GetByText("Your Zoom connection has expired")).ToBeVisibleAsync();
        await AppHost.Shot(page, "reconnect", "04-reconnect");
        await page.GetByRole(AriaRole.Button, new() { Name = "Reconnect Zoom" }).ClickAsync();
        await page.GetByLabel("Email").FillAsync("ada@example.com");
        await page.GetByLabel("Password").FillAsync("ada");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Allow" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Upcoming meetings" })).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }
}
