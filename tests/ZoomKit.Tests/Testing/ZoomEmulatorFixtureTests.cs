using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ZoomKit.DependencyInjection;
using ZoomKit.Http;
using ZoomKit.Meetings;
using ZoomKit.OAuth;
using ZoomKit.Testing;
using ZoomKit.Tokens;

namespace ZoomKit.Tests.Testing;

/// <summary>The packaged fixture as a consumer uses it: AddZoomKit from its settings, a user connected, a meeting scheduled.</summary>
public sealed class ZoomEmulatorFixtureTests(ZoomEmulatorFixture zoom) : IClassFixture<ZoomEmulatorFixture>
{
    [Fact]
    public async Task ZoomKitSettings_AddZoomKit_ConnectsAndSchedulesAgainstTheFixture()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddZoomKit(new ConfigurationBuilder().AddInMemoryCollection(zoom.ZoomKitSettings()).Build().GetSection("Zoom"));
        await using var provider = services.BuildServiceProvider();
        var oauth = provider.GetRequiredService<ZoomOAuthClient>();
        var tokens = await zoom.Session.AuthorizeAsync(oauth);
        await provider.GetRequiredService<ZoomTokenManager>().ConnectAsync("user-1", tokens);

        var meetings = provider.GetRequiredService<ZoomClientFactory>().CreateClient("user-1").Meetings;
        var created = await meetings.CreateAsync(new MeetingCreateRequest { Topic = "Fixture", StartTime = DateTimeOffset.UtcNow.AddDays(1), Duration = 30 });
        var listed = await meetings.ListAsync();

        Assert.Contains(listed.Meetings, m => m.Id == created.Id);
        Assert.Equal(1, (await zoom.Session.StatsAsync())["token_requests"]!["authorization_code"]!.GetValue<long>());
    }
}
