using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ZoomKit.DependencyInjection;
using ZoomKit.Http;
using ZoomKit.Meetings;
using ZoomKit.OAuth;
using ZoomKit.Testing;
using ZoomKit.Tokens;

namespace ZoomKit.Tests.Tokens;

/// <summary>Server-to-server OAuth selected by configuration: <c>Zoom:AccountId</c> and <c>CreateAccountClient()</c>.</summary>
public sealed class ServerToServerConfigurationTests
{
    [Fact]
    public async Task AccountIdConfigured_AccountClient_ConnectsItselfOnceAndSchedules()
    {
        await using var emulator = await EmulatorSession.StartAsync(new("Emulator:Apps:0:ClientId", EmulatorSession.ClientId),
            new("Emulator:Apps:0:ClientSecret", EmulatorSession.ClientSecret), new("Emulator:Apps:0:RedirectUris:0", EmulatorSession.Redirect.AbsoluteUri),
            new("Emulator:Apps:0:AccountId", "emulator-account"));
        await using var provider = Services(emulator, "emulator-account");
        var factory = provider.GetRequiredService<ZoomClientFactory>();

        var created = await factory.CreateAccountClient().Meetings.CreateAsync(new MeetingCreateRequest { Topic = "Account", StartTime = DateTimeOffset.UtcNow.AddDays(1), Duration = 30 });
        var listed = await factory.CreateAccountClient().Meetings.ListAsync();
        var stored = await provider.GetRequiredService<ITokenStore>().GetAsync(ZoomTokenManager.AccountConnectionId("emulator-account"));

        Assert.Contains(listed.Meetings, m => m.Id == created.Id);
        Assert.Equal(1, (await emulator.StatsAsync())["token_requests"]!["account_credentials"]!.GetValue<long>());
        Assert.Equal((ConnectionKind.ServerToServer, "emulator-account"), (stored!.Kind, stored.AccountId));
    }

    [Fact]
    public async Task NoAccountId_AccountClient_SaysWhichSettingIsMissing()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        await using var provider = Services(emulator, accountId: null);

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<ZoomClientFactory>().CreateAccountClient());

        Assert.Contains("Zoom:AccountId", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("an account")]
    public void MalformedAccountId_RefusedNamingTheSetting(string accountId)
    {
        var failures = ZoomOAuthOptionsValidator.Check(new ZoomOAuthOptions { ClientId = "id", ClientSecret = "secret", AccountId = accountId });

        Assert.Contains(failures, f => f.StartsWith("Zoom:AccountId", StringComparison.Ordinal));
    }

    private static ServiceProvider Services(EmulatorSession emulator, string? accountId)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Zoom:ClientId"] = EmulatorSession.ClientId,
            ["Zoom:ClientSecret"] = EmulatorSession.ClientSecret,
            ["Zoom:OAuthBaseUrl"] = emulator.BaseUrl.AbsoluteUri,
            ["Zoom:ApiBaseUrl"] = new Uri(emulator.BaseUrl, "/v2").AbsoluteUri,
            ["Zoom:AccountId"] = accountId,
        };
        var services = new ServiceCollection().AddLogging();
        services.AddZoomKit(new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection("Zoom"));
        return services.BuildServiceProvider();
    }
}
