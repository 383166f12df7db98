using Microsoft.Playwright;

namespace ZoomKit.App.Tests;

/// <summary>"Schedule for others": an account admin schedules for another user through the server-to-server app; a member is refused.</summary>
public sealed class AdminScheduleTests(AppHost host) : IClassFixture<AppHost>
{
    [Fact]
    public async Task Admin_PicksASecondUserAndSchedules_TheMeetingIsTheirs()
    {
        var page = await host.SignInAsync("carol@example.com", "carol", "admin");

        await page.GetByRole(AriaRole.Link, new() { Name = "Schedule for others" }).ClickAsync();
        await page.GetByLabel("Schedule for").SelectOptionAsync(new SelectOptionValue { Label = "Bob (bob@example.com)" });
        await page.GetByLabel("Topic").FillAsync("Quarterly plan, hosted by Bob");
        await page.GetByLabel("Start").FillAsync("2030-05-07T10:00");
        await page.GetByLabel("Time zone").SelectOptionAsync("Europe/Berlin");
        await page.GetByLabel("Duration (minutes)").FillAsync("30");
        await AppHost.Shot(page, "admin", "04-schedule-for-others");
        await page.GetByRole(AriaRole.Button, new() { Name = "Schedule for them" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Scheduled “Quarterly plan, hosted by Bob”");
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("for bob@example.com, Tuesday 7 May 2030, 10:00 (Europe/Berlin)");
        await AppHost.Shot(page, "admin", "05-scheduled");
        using var bob = await host.ZoomApiAsync("bob@example.com", "bob");
        Assert.Contains(await bob.ListAsync(), m => m!["topic"]!.GetValue<string>() == "Quarterly plan, hosted by Bob");
        using var carol = await host.ZoomApiAsync("carol@example.com", "carol");
        Assert.DoesNotContain(await carol.ListAsync(), m => m!["topic"]!.GetValue<string>() == "Quarterly plan, hosted by Bob");
    }

    [Fact]
    public async Task Admin_NoUserChosen_FormKeptWithTheErrorBesideTheField()
    {
        var page = await host.SignInAsync("carol@example.com", "carol");
        await page.GotoAsync("/admin/schedule");
        await page.GetByLabel("Topic").FillAsync("For whom?");

        await page.GetByRole(AriaRole.Button, new() { Name = "Schedule for them" }).ClickAsync();

        await Assertions.Expect(page.Locator("#HostId_error")).ToHaveTextAsync("Choose whom the meeting is for.");
        await Assertions.Expect(page.GetByLabel("Topic")).ToHaveValueAsync("For whom?");
    }

    [Fact]
    public async Task Member_WithoutAdminScopes_RefusedWithWhatToDo()
    {
        var page = await host.SignInAsync("ada@example.com", "ada");

        var answer = await page.GotoAsync("/admin/schedule");

        Assert.Equal(403, answer!.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Scheduling for others is for your Zoom account's owner and admins");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Ask an admin to schedule for you");
        Assert.Equal(0, await page.GetByLabel("Schedule for").CountAsync());
    }
}
