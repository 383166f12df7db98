using System.Net;
using System.Text.Json.Nodes;

namespace ZoomKit.Emulator.Tests.OAuth;

/// <summary>The authorization code flow through the real pages over HTTP, and each refusal.</summary>
public sealed class OAuthFlowTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>, IAsyncLifetime
{
    private const string Verifier = "verifier-0123456789-0123456789-0123456789-abc";

    public Task InitializeAsync() => emulator.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Authorize_SignInAndAllow_CodeExchangesForRotatingTokens()
    {
        var tokens = await emulator.AuthorizeAsync();

        Assert.Equal("bearer", tokens["token_type"]!.GetValue<string>());
        Assert.Equal(3599, tokens["expires_in"]!.GetValue<int>());
        Assert.Equal("meeting:read meeting:write user:read", tokens["scope"]!.GetValue<string>());
        Assert.True(tokens["access_token"]!.GetValue<string>().Length >= 40);
        Assert.NotNull(tokens["refresh_token"]);
        var me = await emulator.ApiAsync(HttpMethod.Get, "/v2/users/me", tokens["access_token"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, me.Status);
    }

    [Fact]
    public async Task Authorize_WrongPassword_SignInPageAgainWithError()
    {
        var page = await (await emulator.Http.GetAsync($"/oauth/authorize?response_type=code&client_id={EmulatorFixture.ClientId}&redirect_uri={Uri.EscapeDataString(EmulatorFixture.Redirect)}&state=s")).Content.ReadAsStringAsync();
        var answer = await emulator.Http.PostAsync("/oauth/authorize/signin", new FormUrlEncodedContent([new("request", EmulatorFixture.Hidden(page, "request")), new("email", "demo@zoomkit.local"), new("password", "wrong")]));

        Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
        var again = await answer.Content.ReadAsStringAsync();
        Assert.Contains("The email or password is wrong.", again, StringComparison.Ordinal);
        Assert.Contains("value=\"demo@zoomkit.local\"", again, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Authorize_Deny_RedirectsWithAccessDeniedAndState()
    {
        var page = await (await emulator.Http.GetAsync($"/oauth/authorize?response_type=code&client_id={EmulatorFixture.ClientId}&redirect_uri={Uri.EscapeDataString(EmulatorFixture.Redirect)}&state=keep%20me")).Content.ReadAsStringAsync();
        var consent = await (await emulator.Http.PostAsync("/oauth/authorize/signin", new FormUrlEncodedContent([new("request", EmulatorFixture.Hidden(page, "request")), new("email", "demo@zoomkit.local"), new("password", "demo")]))).Content.ReadAsStringAsync();
        var answer = await emulator.Http.PostAsync("/oauth/authorize/consent", new FormUrlEncodedContent([new("request", EmulatorFixture.Hidden(consent, "request")), new("decision", "deny")]));

        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.Equal("http://localhost:3000/zoom?error=access_denied&state=keep%20me", answer.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Authorize_RedirectNotOnAllowList_ErrorPageAndNoRedirect()
    {
        var answer = await emulator.Http.GetAsync($"/oauth/authorize?response_type=code&client_id={EmulatorFixture.ClientId}&redirect_uri={Uri.EscapeDataString("http://evil.example/zoom")}&state=s");

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Null(answer.Headers.Location);
        Assert.Contains("allow list", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_PkceMismatch_InvalidGrant()
    {
        var code = await emulator.GetCodeAsync(Verifier);
        var (status, body) = await emulator.TokenAsync(("grant_type", "authorization_code"), ("code", code), ("redirect_uri", EmulatorFixture.Redirect), ("code_verifier", Verifier + "x"));
        AssertError(status, body, HttpStatusCode.BadRequest, "invalid_grant");
    }

    [Fact]
    public async Task Token_ReusedCode_InvalidGrant()
    {
        var code = await emulator.GetCodeAsync(Verifier);
        var first = await emulator.TokenAsync(("grant_type", "authorization_code"), ("code", code), ("redirect_uri", EmulatorFixture.Redirect), ("code_verifier", Verifier));
        var (status, body) = await emulator.TokenAsync(("grant_type", "authorization_code"), ("code", code), ("redirect_uri", EmulatorFixture.Redirect), ("code_verifier", Verifier));

        Assert.Equal(HttpStatusCode.OK, first.Status);
        AssertError(status, body, HttpStatusCode.BadRequest, "invalid_grant");
        Assert.Equal("Invalid authorization code", body!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Token_CodeOlderThanFiveMinutes_InvalidGrant()
    {
        var code = await emulator.GetCodeAsync(Verifier);
        await emulator.AdvanceAsync(TimeSpan.FromSeconds(301));
        var (status, body) = await emulator.TokenAsync(("grant_type", "authorization_code"), ("code", code), ("redirect_uri", EmulatorFixture.Redirect), ("code_verifier", Verifier));
        AssertError(status, body, HttpStatusCode.BadRequest, "invalid_grant");
    }

    [Fact]
    public async Task Token_WrongSecret_InvalidClient401()
    {
        var code = await emulator.GetCodeAsync(Verifier);
        var (status, body) = await emulator.TokenWithAsync("wrong-secret", ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", EmulatorFixture.Redirect), ("code_verifier", Verifier));
        AssertError(status, body, HttpStatusCode.Unauthorized, "invalid_client");
    }

    [Fact]
    public async Task Token_OtherRedirectUri_InvalidRequest()
    {
        var code = await emulator.GetCodeAsync(Verifier);
        var (status, body) = await emulator.TokenAsync(("grant_type", "authorization_code"), ("code", code), ("redirect_uri", "http://localhost:3000/other"), ("code_verifier", Verifier));
        AssertError(status, body, HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task Token_ReusedRefreshToken_InvalidGrantAndNewOneWorks()
    {
        var tokens = await emulator.AuthorizeAsync();
        var refresh = tokens["refresh_token"]!.GetValue<string>();

        var rotated = await emulator.TokenAsync(("grant_type", "refresh_token"), ("refresh_token", refresh));
        var reused = await emulator.TokenAsync(("grant_type", "refresh_token"), ("refresh_token", refresh));
        var next = await emulator.TokenAsync(("grant_type", "refresh_token"), ("refresh_token", rotated.Body!["refresh_token"]!.GetValue<string>()));

        Assert.Equal(HttpStatusCode.OK, rotated.Status);
        Assert.NotEqual(refresh, rotated.Body!["refresh_token"]!.GetValue<string>());
        AssertError(reused.Status, reused.Body, HttpStatusCode.BadRequest, "invalid_grant");
        Assert.Equal("Invalid Token!", reused.Body!["reason"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, next.Status);
        var stats = await emulator.StatsAsync();
        Assert.Equal(3, stats["token_requests"]!["refresh_token"]!.GetValue<long>());
        Assert.Equal(1, stats["token_errors"]!["invalid_grant"]!.GetValue<long>());
    }

    [Fact]
    public async Task Token_FromBeforeReauthorization_Dead()
    {
        var old = await emulator.AuthorizeAsync();
        await emulator.AuthorizeAsync();

        var api = await emulator.ApiAsync(HttpMethod.Get, "/v2/users/me", old["access_token"]!.GetValue<string>());
        var refresh = await emulator.TokenAsync(("grant_type", "refresh_token"), ("refresh_token", old["refresh_token"]!.GetValue<string>()));

        Assert.Equal((HttpStatusCode.Unauthorized, 124), (api.Status, api.Code));
        AssertError(refresh.Status, refresh.Body, HttpStatusCode.BadRequest, "invalid_grant");
    }

    [Fact]
    public async Task Token_ParametersInQueryString_AcceptedAsZoomDoes()
    {
        var code = await emulator.GetCodeAsync(Verifier);
        using var request = new HttpRequestMessage(HttpMethod.Post,
            $"/oauth/token?grant_type=authorization_code&code={Uri.EscapeDataString(code)}&redirect_uri={Uri.EscapeDataString(EmulatorFixture.Redirect)}&code_verifier={Verifier}");
        request.Headers.Authorization = new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{EmulatorFixture.ClientId}:{EmulatorFixture.ClientSecret}")));
        using var answer = await emulator.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
    }

    [Fact]
    public async Task Revoke_AccessToken_KillsGrant()
    {
        var tokens = await emulator.AuthorizeAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/oauth/revoke")
        {
            Content = new FormUrlEncodedContent([new("token", tokens["access_token"]!.GetValue<string>())]),
        };
        request.Headers.Authorization = new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{EmulatorFixture.ClientId}:{EmulatorFixture.ClientSecret}")));
        using var answer = await emulator.Http.SendAsync(request);

        Assert.Equal("""{"status":"success"}""", await answer.Content.ReadAsStringAsync());
        var refresh = await emulator.TokenAsync(("grant_type", "refresh_token"), ("refresh_token", tokens["refresh_token"]!.GetValue<string>()));
        AssertError(refresh.Status, refresh.Body, HttpStatusCode.BadRequest, "invalid_grant");
        Assert.Equal(HttpStatusCode.Unauthorized, (await emulator.ApiAsync(HttpMethod.Get, "/v2/users/me", tokens["access_token"]!.GetValue<string>())).Status);
    }

    [Fact]
    public async Task Token_UnsupportedGrant_Refused()
    {
        var (status, body) = await emulator.TokenAsync(("grant_type", "password"));
        AssertError(status, body, HttpStatusCode.BadRequest, "unsupported_grant_type");
    }

    private static void AssertError(HttpStatusCode status, JsonNode? body, HttpStatusCode expectedStatus, string error)
    {
        Assert.Equal(expectedStatus, status);
        Assert.Equal(error, body!["error"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(body["reason"]!.GetValue<string>()));
    }
}
