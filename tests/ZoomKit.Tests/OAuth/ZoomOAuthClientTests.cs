using System.Net;
using System.Text;
using Microsoft.Extensions.Options;
using ZoomKit.OAuth;
using ZoomKit.Testing;

namespace ZoomKit.Tests.OAuth;

public sealed class ZoomOAuthClientTests
{
    private static readonly ZoomOAuthOptions Settings = new()
    {
        ClientId = FakeTokenEndpoint.ClientId,
        ClientSecret = FakeTokenEndpoint.ClientSecret,
        RedirectUri = new Uri("http://localhost:3000/zoom"),
        OAuthBaseUrl = new Uri("https://zoom.test"),
    };

    private static ZoomOAuthClient Client(HttpMessageHandler handler) => new(new HttpClient(handler), Options.Create(Settings));

    [Fact]
    public void CreateAuthorizationRequest_Always_CarriesStateAndS256ChallengeOfA43CharVerifier()
    {
        var client = Client(new StubHandler(HttpStatusCode.OK, "{}"));

        var request = client.CreateAuthorizationRequest();
        var query = AuthorizationCallback.ParseQuery(request.AuthorizationUri.Query);

        Assert.Equal("https://zoom.test/oauth/authorize", request.AuthorizationUri.GetLeftPart(UriPartial.Path));
        Assert.Equal("code", query["response_type"]);
        Assert.Equal(FakeTokenEndpoint.ClientId, query["client_id"]);
        Assert.Equal("http://localhost:3000/zoom", query["redirect_uri"]);
        Assert.Equal(request.State, query["state"]);
        Assert.Equal("S256", query["code_challenge_method"]);
        Assert.Equal(PkceCodes.FromVerifier(request.Pkce.Verifier).Challenge, query["code_challenge"]);
        Assert.Equal(43, request.Pkce.Verifier.Length);
        Assert.DoesNotContain(request.Pkce.Verifier, request.AuthorizationUri.ToString(), StringComparison.Ordinal);
        Assert.NotEqual(request.State, client.CreateAuthorizationRequest().State);
    }

    [Fact]
    public void PkceCodes_Rfc7636AppendixB_MatchesTheStandardsExample()
    {
        // RFC 7636 Appendix B.
        var codes = PkceCodes.FromVerifier("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
        Assert.Equal("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", codes.Challenge);
    }

    [Fact]
    public async Task ExchangeCodeAsync_Always_SendsBasicAuthAndFormBodyWithVerifier()
    {
        var handler = new StubHandler(HttpStatusCode.OK, """{"access_token":"a","token_type":"bearer","refresh_token":"r","expires_in":3599,"scope":"meeting:read user:read"}""");

        var result = await Client(handler).ExchangeCodeAsync("the-code", "the-verifier");

        Assert.True(result.Succeeded);
        Assert.Equal(["meeting:read", "user:read"], result.Tokens.Scopes);
        Assert.Equal(TimeSpan.FromSeconds(3599), result.Tokens.ExpiresIn);
        var sent = handler.Requests.Single();
        Assert.Equal("https://zoom.test/oauth/token", sent.Uri.ToString());
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{FakeTokenEndpoint.ClientId}:{FakeTokenEndpoint.ClientSecret}")), sent.Authorization);
        Assert.Equal("application/x-www-form-urlencoded", sent.ContentType);
        var form = OAuthForm.Parse(sent.Body);
        Assert.Equal("authorization_code", form["grant_type"]);
        Assert.Equal("the-code", form["code"]);
        Assert.Equal("the-verifier", form["code_verifier"]);
        Assert.Equal("http://localhost:3000/zoom", form["redirect_uri"]);
        Assert.DoesNotContain("code", sent.Uri.Query, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(400, """{"reason":"Invalid Token!","error":"invalid_grant"}""", OAuthErrorKind.InvalidGrant)]
    [InlineData(401, """{"reason":"Invalid Token!","error":"invalid_grant"}""", OAuthErrorKind.InvalidGrant)]
    [InlineData(401, """{"reason":"Invalid client_id or client_secret","error":"invalid_client"}""", OAuthErrorKind.InvalidClient)]
    [InlineData(400, """{"reason":"Invalid authorization code the-code","error":"invalid_request"}""", OAuthErrorKind.Rejected)]
    [InlineData(400, """{"reason":"unsupported","error":"unsupported_grant_type"}""", OAuthErrorKind.Rejected)]
    [InlineData(500, """{"reason":"Internal","error":"server_error"}""", OAuthErrorKind.Transient)]
    [InlineData(503, "<html>Service Unavailable</html>", OAuthErrorKind.Transient)]
    [InlineData(429, """{"code":429,"message":"Too many requests"}""", OAuthErrorKind.Transient)]
    [InlineData(400, "<html><body>Bad Request</body></html>", OAuthErrorKind.ProtocolViolation)]
    [InlineData(404, "Not Found", OAuthErrorKind.ProtocolViolation)]
    [InlineData(200, "<!doctype html><html>Sign in</html>", OAuthErrorKind.ProtocolViolation)]
    [InlineData(200, "", OAuthErrorKind.ProtocolViolation)]
    [InlineData(200, """{"token_type":"bearer","expires_in":3599}""", OAuthErrorKind.ProtocolViolation)]
    [InlineData(200, """{"access_token":"","expires_in":3599}""", OAuthErrorKind.ProtocolViolation)]
    [InlineData(200, """{"access_token":"a","expires_in":3599""", OAuthErrorKind.ProtocolViolation)]
    public async Task RefreshAsync_Answer_ClassifiedByStatusAndErrorNeverByReason(int status, string body, OAuthErrorKind expected)
    {
        var result = await Client(new StubHandler((HttpStatusCode)status, body)).RefreshAsync("the-code");

        Assert.False(result.Succeeded);
        Assert.Equal(expected, result.Error.Kind);
        Assert.DoesNotContain("the-code", result.Error.ToString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(result.Error.Description));
    }

    /// <summary>Once Zoom answered a refresh with a token it has rotated: an odd field gets a safe default, never a refusal.</summary>
    [Theory]
    [InlineData("""{"access_token":"a","refresh_token":"r","expires_in":-1}""", 600, true)]
    [InlineData("""{"access_token":"a","refresh_token":"r","expires_in":0}""", 600, true)]
    [InlineData("""{"access_token":"a","refresh_token":"r","expires_in":315360000}""", 600, true)]
    [InlineData("""{"access_token":"a","refresh_token":"r","expires_in":"soon"}""", 600, true)]
    [InlineData("""{"access_token":"a","refresh_token":"r"}""", 600, true)]
    [InlineData("""{"access_token":"a","refresh_token":"r","token_type":"mac","expires_in":3599}""", 3599, true)]
    [InlineData("""{"access_token":"a","refresh_token":"r","api_url":"not a url","expires_in":3599}""", 3599, true)]
    [InlineData("""{"token_type":"bearer","expires_in":3599,"refresh_token":"r"}""", 0, false)]
    public async Task RefreshAsync_OddSuccessfulAnswer_TakenWithSafeDefaults(string body, int lifetimeSeconds, bool hasAccessToken)
    {
        var result = await Client(new StubHandler(HttpStatusCode.OK, body)).RefreshAsync("old");

        Assert.True(result.Succeeded, result.Error?.Description);
        Assert.Equal("r", result.Tokens.RefreshToken);
        Assert.Equal(TimeSpan.FromSeconds(lifetimeSeconds), result.Tokens.ExpiresIn);
        Assert.Equal(hasAccessToken, result.Tokens.AccessToken.Length > 0);
        Assert.Null(result.Tokens.ApiUrl);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public async Task RefreshAsync_ServerOrGatewayError_OutcomeUnknown(int status)
    {
        var result = await Client(new StubHandler((HttpStatusCode)status, "<html>Bad Gateway</html>")).RefreshAsync("r");

        Assert.Equal(OAuthErrorKind.Transient, result.Error!.Kind);
        Assert.True(result.Error.OutcomeUnknown);
    }

    [Fact]
    public async Task RefreshAsync_ReasonTextThatSaysSuccess_StillClassifiedByError()
    {
        var result = await Client(new StubHandler(HttpStatusCode.BadRequest, """{"reason":"Transient network problem, try again","error":"invalid_grant"}""")).RefreshAsync("r");
        Assert.Equal(OAuthErrorKind.InvalidGrant, result.Error!.Kind);
    }

    [Fact]
    public async Task RefreshAsync_ExpiresInAsNumericString_Accepted()
    {
        var result = await Client(new StubHandler(HttpStatusCode.OK, """{"access_token":"a","refresh_token":"r","expires_in":"3600","token_type":"bearer"}""")).RefreshAsync("r0");
        Assert.Equal(TimeSpan.FromHours(1), result.Tokens!.ExpiresIn);
    }

    [Fact]
    public async Task RefreshAsync_ConnectionRefused_TransientWithKnownOutcome()
    {
        var handler = new StubHandler(_ => throw new HttpRequestException(HttpRequestError.ConnectionError, "refused"));
        var result = await Client(handler).RefreshAsync("r");
        Assert.Equal((OAuthErrorKind.Transient, false), (result.Error!.Kind, result.Error.OutcomeUnknown));
    }

    [Fact]
    public async Task RefreshAsync_ResponseEnded_TransientWithUnknownOutcome()
    {
        var handler = new StubHandler(_ => throw new HttpRequestException(HttpRequestError.ResponseEnded, "ended"));
        var result = await Client(handler).RefreshAsync("r");
        Assert.Equal((OAuthErrorKind.Transient, true), (result.Error!.Kind, result.Error.OutcomeUnknown));
    }

    [Fact]
    public async Task RefreshAsync_NoAnswerBeforeDeadline_TransientTimeout()
    {
        var handler = new StubHandler(async (_, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return new HttpResponseMessage();
        });
        var options = new ZoomOAuthOptions { ClientId = "c", ClientSecret = "s", TokenRequestTimeout = TimeSpan.FromMilliseconds(100) };
        var client = new ZoomOAuthClient(new HttpClient(handler), Options.Create(options));

        var result = await client.RefreshAsync("r");

        Assert.Equal(OAuthErrorKind.Transient, result.Error!.Kind);
        Assert.Contains("no answer", result.Error.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefreshAsync_CallerCancels_ThrowsOperationCanceled()
    {
        var handler = new StubHandler(async (_, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return new HttpResponseMessage();
        });
        using var cancel = new CancellationTokenSource(50);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Client(handler).RefreshAsync("r", cancel.Token));
    }

    [Fact]
    public async Task RequestAccountTokenAsync_Always_SendsAccountCredentialsGrant()
    {
        var handler = new StubHandler(HttpStatusCode.OK, """{"access_token":"a","token_type":"bearer","expires_in":3599,"scope":"meeting:read:admin"}""");

        var result = await Client(handler).RequestAccountTokenAsync("acct-1");

        Assert.Null(result.Tokens!.RefreshToken);
        var form = OAuthForm.Parse(handler.Requests.Single().Body);
        Assert.Equal(("account_credentials", "acct-1"), (form["grant_type"], form["account_id"]));
    }

    [Fact]
    public async Task RevokeAsync_Success_PostsTokenToRevokeEndpoint()
    {
        var handler = new StubHandler(HttpStatusCode.OK, """{"status":"success"}""");

        await Client(handler).RevokeAsync("the-access-token");

        var sent = handler.Requests.Single();
        Assert.Equal("https://zoom.test/oauth/revoke", sent.Uri.ToString());
        Assert.Equal("the-access-token", OAuthForm.Parse(sent.Body)["token"]);
    }

    [Fact]
    public async Task RevokeAsync_Refused_ThrowsWithoutTheToken()
    {
        var handler = new StubHandler(HttpStatusCode.BadRequest, """{"reason":"Invalid Token the-access-token","error":"invalid_request"}""");

        var error = await Assert.ThrowsAsync<ZoomOAuthException>(() => Client(handler).RevokeAsync("the-access-token"));

        Assert.DoesNotContain("the-access-token", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_EmptyClientIdAndRelativeRedirect_ThrowsNamingEachSetting()
    {
        var options = new ZoomOAuthOptions { ClientId = "", ClientSecret = "s", RedirectUri = new Uri("/zoom", UriKind.Relative) };

        var error = Assert.Throws<OptionsValidationException>(() => new ZoomOAuthClient(new HttpClient(), Options.Create(options)));

        Assert.Contains(error.Failures, f => f.Contains("Zoom:ClientId is required", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("Zoom:RedirectUri must be an absolute", StringComparison.Ordinal));
    }

    internal sealed record Sent(Uri Uri, string? Authorization, string? ContentType, string Body);

    [Fact]
    public async Task WaitForDeviceTokens_LastPollGoesOutAfterTheCodeExpires_SoZoomsAnswerDecides()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 9, 0, 0, TimeSpan.Zero));
        var polls = new List<DateTimeOffset>();
        var pending = new StubHandler(_ =>
        {
            polls.Add(time.GetUtcNow());
            return new HttpResponseMessage(HttpStatusCode.BadRequest) { Content = new StringContent("""{"error":"authorization_pending"}""", Encoding.UTF8, "application/json") };
        });
        var client = new ZoomOAuthClient(new HttpClient(pending), Options.Create(Settings), timeProvider: time);
        var authorization = new DeviceAuthorization("device-code", "ABCD-EFGH", new Uri("https://zoom.us/oauth_device"), null, time.GetUtcNow().AddSeconds(3), TimeSpan.FromSeconds(1));

        var waiting = client.WaitForDeviceTokensAsync(authorization);
        while (!waiting.IsCompleted)
        {
            time.Advance(TimeSpan.FromMilliseconds(10));
            await Task.Delay(1);
        }
        var result = await waiting;

        Assert.Equal(ZoomOAuthConstants.Errors.ExpiredToken, result.Error?.Error);
        // A poll at the very instant of expiry could land a hair before Zoom's and only hear "pending".
        Assert.True(polls[^1] > authorization.ExpiresAt, $"last poll at {polls[^1]:HH:mm:ss.fff}, the code expires at {authorization.ExpiresAt:HH:mm:ss.fff}");
    }

    internal sealed class StubHandler : HttpMessageHandler
    {
        private readonly Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> _answer;

        public StubHandler(HttpStatusCode status, string body)
            : this((_, _) => Task.FromResult(new HttpResponseMessage(status)
            {
                Content = new StringContent(body, Encoding.UTF8, body.TrimStart().StartsWith('<') ? "text/html" : "application/json"),
            }))
        {
        }

        public StubHandler(Func<HttpRequestMessage, HttpResponseMessage> answer) : this((r, _) => Task.FromResult(answer(r))) { }

        public StubHandler(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> answer) => _answer = answer;

        public List<Sent> Requests { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
            Requests.Add(new Sent(request.RequestUri!, request.Headers.Authorization?.ToString(), request.Content?.Headers.ContentType?.MediaType, body));
            return await _answer(request, cancellationToken);
        }
    }
}
