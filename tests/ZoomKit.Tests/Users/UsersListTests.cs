using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using ZoomKit.DependencyInjection;
using ZoomKit.Http;
using ZoomKit.Http.Internal;
using ZoomKit.OAuth;
using ZoomKit.Testing;
using ZoomKit.Tokens;
using ZoomKit.Users;

namespace ZoomKit.Tests.Users;

/// <summary><c>GET /users</c> through ZoomKit against the emulator, and every operation's scopes against Zoom's spec.</summary>
public sealed class UsersListTests : IAsyncLifetime
{
    private const string Account = "emulator-account";

    private EmulatorSession _emulator = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        var settings = new List<KeyValuePair<string, string?>>(EmulatorSession.NativeLoopbackApp)
        {
            new("Emulator:Apps:0:AccountId", Account),
            new("Emulator:Users:0:Email", "owner@zoomkit.local"), new("Emulator:Users:0:Password", "owner"), new("Emulator:Users:0:Role", "Owner"),
        };
        foreach (var (scope, i) in new[] { "meeting:read", "meeting:write", "user:read", "user:read:admin", "meeting:write:admin" }.Select((s, i) => (s, i)))
        {
            settings.Add(new($"Emulator:Apps:0:Scopes:{i}", scope));
        }
        for (var i = 1; i <= 4; i++)
        {
            settings.Add(new($"Emulator:Users:{i}:Email", $"member{i}@zoomkit.local"));
            settings.Add(new($"Emulator:Users:{i}:Password", "member"));
        }
        _emulator = await EmulatorSession.StartAsync([.. settings, new("Emulator:AutoApprove", "false")]);
        var services = new ServiceCollection();
        services.AddZoomKit(o =>
        {
            o.ClientId = EmulatorSession.ClientId;
            o.ClientSecret = EmulatorSession.ClientSecret;
            o.RedirectUri = EmulatorSession.Redirect;
            o.OAuthBaseUrl = _emulator.BaseUrl;
            o.AccountId = Account;
        });
        services.Configure<ZoomApiOptions>(o => o.ApiBaseUrl = new Uri(_emulator.BaseUrl, "/v2"));
        _services = services.BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _emulator.DisposeAsync();
    }

    [Fact]
    public async Task ListAll_TwoAPage_EveryUserOfTheAccountOnce()
    {
        var account = _services.GetRequiredService<ZoomClientFactory>().CreateAccountClient();

        var users = await account.Users.ListAllAsync(new ZoomUserListOptions { PageSize = 2 }).ToListAsync();

        Assert.Equal(["member1@zoomkit.local", "member2@zoomkit.local", "member3@zoomkit.local", "member4@zoomkit.local", "owner@zoomkit.local"], users.Select(u => u.Email));
        Assert.All(users, u => Assert.False(string.IsNullOrEmpty(u.Id)));
        var first = await account.Users.ListAsync(new ZoomUserListOptions { PageSize = 2 });
        Assert.Equal(5, first.TotalRecords);
        Assert.False(string.IsNullOrEmpty(first.NextPageToken));
    }

    [Fact]
    public async Task List_BadPageSize_RefusedNamingTheFieldBeforeSending()
    {
        var account = _services.GetRequiredService<ZoomClientFactory>().CreateAccountClient();
        var before = (await _emulator.StatsAsync())["api_requests"]!.GetValue<long>();

        var error = await Assert.ThrowsAsync<ZoomValidationException>(() => account.Users.ListAsync(new ZoomUserListOptions { PageSize = 2001 }));

        Assert.Equal("page_size", Assert.Single(error.Errors).Field);
        Assert.Equal(before, (await _emulator.StatsAsync())["api_requests"]!.GetValue<long>());
    }

    [Fact]
    public async Task AdminScopes_GrantedToTheOwnerNotToAMember_AndAMemberCannotList()
    {
        var oauth = _services.GetRequiredService<ZoomOAuthClient>();
        var tokens = _services.GetRequiredService<ZoomTokenManager>();
        await tokens.ConnectAsync("owner", await _emulator.AuthorizeAsUserAsync(oauth, "owner@zoomkit.local", "owner"));
        await tokens.ConnectAsync("member", await _emulator.AuthorizeAsUserAsync(oauth, "member1@zoomkit.local", "member"));

        Assert.Contains("user:read:admin", (await tokens.Store.GetAsync("owner"))!.Scopes);
        Assert.DoesNotContain((await tokens.Store.GetAsync("member"))!.Scopes, s => s.EndsWith(":admin", StringComparison.Ordinal));
        var factory = _services.GetRequiredService<ZoomClientFactory>();
        Assert.Equal(5, (await factory.CreateClient("owner").Users.ListAsync()).TotalRecords);
        var refused = await Assert.ThrowsAsync<ZoomApiException>(() => factory.CreateClient("member").Users.ListAsync());
        Assert.Equal(200, refused.Code);
    }

    public static TheoryData<string, string, string> Operations => new()
    {
        { nameof(ZoomOperation.CreateMeeting), "/users/{userId}/meetings", "post" },
        { nameof(ZoomOperation.ListMeetings), "/users/{userId}/meetings", "get" },
        { nameof(ZoomOperation.GetMeeting), "/meetings/{meetingId}", "get" },
        { nameof(ZoomOperation.UpdateMeeting), "/meetings/{meetingId}", "patch" },
        { nameof(ZoomOperation.DeleteMeeting), "/meetings/{meetingId}", "delete" },
        { nameof(ZoomOperation.GetUser), "/users/{userId}", "get" },
        { nameof(ZoomOperation.ListUsers), "/users", "get" },
    };

    [Theory]
    [MemberData(nameof(Operations))]
    public void Operation_Scopes_AreZoomSpecs(string operation, string path, string method)
    {
        var doc = path.StartsWith("/users", StringComparison.Ordinal) && !path.Contains("meetings", StringComparison.Ordinal) ? ZoomSpec.Users : ZoomSpec.Meetings;
        var spec = ZoomSpec.Operation(doc, path, method)["security"]!.AsArray()
            .SelectMany(s => s!["openapi_oauth"]?.AsArray() ?? []).Select(s => s!.GetValue<string>());
        var ours = ((ZoomOperation)typeof(ZoomOperation).GetField(operation)!.GetValue(null)!).Scopes;

        Assert.Equal(spec.Order(StringComparer.Ordinal), ours.Order(StringComparer.Ordinal));
    }
}
