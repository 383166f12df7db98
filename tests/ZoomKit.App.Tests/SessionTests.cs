using Microsoft.Playwright;

namespace ZoomKit.App.Tests;

/// <summary>A session cookie is tied to its Zoom connection's stamp: reconnecting or "Sign out everywhere" ends every older one.</summary>
public sealed class SessionTests(AppHost host) : IClassFixture<AppHost>
{
    [Fact]
    public async Task CopiedCookie_AfterDisconnectAndConnectAgain_NoLongerWorks()
    {
        var page = await host.SignInAsync("ada@example.com", "ada");
        var stolen = await CopyAsync(page);
        Assert.True(await SignedInAsync(stolen));

        await page.GetByRole(AriaRole.Button, new() { Name = "Disconnect Zoom" }).ClickAsync();
        await page.Context.CloseAsync();
        var again = await host.SignInAsync("ada@example.com", "ada");

        Assert.False(await SignedInAsync(stolen));
        Assert.True(await SignedInAsync(again));
        await stolen.Context.CloseAsync();
        await again.Context.CloseAsync();
    }

    [Fact]
    public async Task ConnectAgain_EndsTheOlderSession()
    {
        var first = await host.SignInAsync("ada@example.com", "ada");
        var copy = await CopyAsync(first);

        var second = await host.SignInAsync("ada@example.com", "ada");

        // Zoom's new authorization killed the older tokens; the sessions of that authorization end with them.
        Assert.False(await SignedInAsync(copy));
        Assert.True(await SignedInAsync(second));
        await first.Context.CloseAsync();
        await copy.Context.CloseAsync();
        await second.Context.CloseAsync();
    }

    [Fact]
    public async Task SignOutEverywhere_EndsEveryCopyOfTheSessionButKeepsTheConnection()
    {
        var laptop = await host.SignInAsync("bob@example.com", "bob");
        var copy = await CopyAsync(laptop);
        var refreshToken = await host.RefreshTokenOfAsync("bob@example.com", "bob");
        Assert.True(await SignedInAsync(copy));

        await laptop.GetByRole(AriaRole.Button, new() { Name = "Sign out everywhere" }).ClickAsync();
        await Assertions.Expect(laptop.GetByRole(AriaRole.Button, new() { Name = "Connect Zoom" })).ToBeVisibleAsync();

        Assert.False(await SignedInAsync(copy));
        // The Zoom connection stays: the same refresh token is still the app's.
        Assert.Equal(refreshToken, await host.RefreshTokenOfAsync("bob@example.com", "bob"));
        await laptop.Context.CloseAsync();
        await copy.Context.CloseAsync();
    }

    /// <summary>Another browser with a copy of the page's cookies, as a thief would hold them.</summary>
    private async Task<IPage> CopyAsync(IPage page)
    {
        var state = await page.Context.StorageStateAsync();
        var context = await host.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = host.AppUrl.AbsoluteUri, StorageState = state });
        return await context.NewPageAsync();
    }

    private static async Task<bool> SignedInAsync(IPage page)
    {
        await page.GotoAsync("/meetings");
        return new Uri(page.Url).AbsolutePath == "/meetings";
    }
}
