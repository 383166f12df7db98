using System.Net;
using System.Text.Json.Nodes;

namespace ZoomKit.Emulator.Tests.Meetings;

/// <summary>Every answer of every implemented operation, checked against Zoom's OpenAPI documents.</summary>
public sealed class ConformanceTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>, IAsyncLifetime
{
    private string _token = "";

    public async Task InitializeAsync()
    {
        await emulator.ResetAsync();
        _token = (await emulator.AuthorizeAsync())["access_token"]!.GetValue<string>();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static readonly JsonObject FullCreate = new()
    {
        ["topic"] = "Conformance",
        ["type"] = 8,
        ["start_time"] = "2030-03-04T09:30:00",
        ["timezone"] = "Europe/Berlin",
        ["duration"] = 45,
        ["agenda"] = new string('a', 300),
        ["password"] = "ab-12_*@",
        ["recurrence"] = new JsonObject { ["type"] = 2, ["repeat_interval"] = 1, ["weekly_days"] = "2,4", ["end_times"] = 4 },
        ["tracking_fields"] = new JsonArray(new JsonObject { ["field"] = "team", ["value"] = "red" }),
        ["settings"] = new JsonObject { ["waiting_room"] = true, ["jbh_time"] = 10, ["auto_recording"] = "cloud", ["alternative_hosts"] = "a@example.com;b@example.com" },
    };

    [Fact]
    public async Task CreateMeeting_Created_MatchesSchemaAndDeclaresEveryField()
    {
        var answer = await emulator.ApiAsync(HttpMethod.Post, "/v2/users/me/meetings", _token, FullCreate.DeepClone());

        Assert.Equal(HttpStatusCode.Created, answer.Status);
        var schema = Spec.ResponseSchema(Spec.Meetings, "/users/{userId}/meetings", "post", "201");
        Assert.Empty(Spec.Validate(schema, answer.Body!));
        Assert.Empty(Spec.Undeclared(schema, answer.Body));
        var body = answer.Body!;
        Assert.Equal("2030-03-04T08:30:00Z", body["start_time"]!.GetValue<string>());
        Assert.Equal("Europe/Berlin", body["timezone"]!.GetValue<string>());
        Assert.Equal(4, body["occurrences"]!.AsArray().Count);
        Assert.True(body["id"]!.GetValue<long>() > 9_999_999_999);
        Assert.Matches("/j/[0-9]+\\?pwd=", body["join_url"]!.GetValue<string>());
        Assert.Matches("/s/[0-9]+\\?zak=", body["start_url"]!.GetValue<string>());
        Assert.NotEmpty(answer.Header("x-zm-trackingid"));
    }

    [Fact]
    public async Task GetMeeting_Ok_MatchesSchemaAndDeclaresEveryField()
    {
        var created = await emulator.ApiAsync(HttpMethod.Post, "/v2/users/me/meetings", _token, FullCreate.DeepClone());
        var answer = await emulator.ApiAsync(HttpMethod.Get, $"/v2/meetings/{created.Body!["id"]}", _token);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        var schema = Spec.ResponseSchema(Spec.Meetings, "/meetings/{meetingId}", "get", "200");
        Assert.Empty(Spec.Validate(schema, answer.Body!));
        Assert.Empty(Spec.Undeclared(schema, answer.Body));
        Assert.Equal(new string('a', 300), answer.Body!["agenda"]!.GetValue<string>());
    }

    [Fact]
    public async Task ListMeetings_Ok_MatchesSchemaAndTruncatesAgenda()
    {
        await emulator.ApiAsync(HttpMethod.Post, "/v2/users/me/meetings", _token, FullCreate.DeepClone());
        await emulator.ApiAsync(HttpMethod.Post, "/v2/users/me/meetings", _token, new JsonObject { ["topic"] = "Plain", ["start_time"] = "2030-01-01T10:00:00Z" });

        var answer = await emulator.ApiAsync(HttpMethod.Get, "/v2/users/me/meetings?page_size=1", _token);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        var schema = Spec.ResponseSchema(Spec.Meetings, "/users/{userId}/meetings", "get", "200");
        Assert.Empty(Spec.Validate(schema, answer.Body!));
        Assert.Empty(Spec.Undeclared(schema, answer.Body));
        Assert.Equal(2, answer.Body!["total_records"]!.GetValue<int>());
        Assert.NotEqual("", answer.Body["next_page_token"]!.GetValue<string>());
        var next = await emulator.ApiAsync(HttpMethod.Get, $"/v2/users/me/meetings?page_size=1&next_page_token={answer.Body["next_page_token"]}", _token);
        Assert.Equal("", next.Body!["next_page_token"]!.GetValue<string>());
        Assert.Equal(250, next.Body["meetings"]![0]!["agenda"]!.GetValue<string>().Length);
    }

    [Fact]
    public async Task GetUser_Me_MatchesUsersSchema()
    {
        var answer = await emulator.ApiAsync(HttpMethod.Get, "/v2/users/me", _token);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        var schema = Spec.ResponseSchema(Spec.Users, "/users/{userId}", "get", "200");
        Assert.Empty(Spec.Validate(schema, answer.Body!));
        Assert.Empty(Spec.Undeclared(schema, answer.Body));
        Assert.Equal("demo@zoomkit.local", answer.Body!["email"]!.GetValue<string>());
    }

    [Fact]
    public async Task Errors_EachKind_CarryZoomsCodeAndMessage()
    {
        var cases = new (Func<Task<ApiAnswer>> Call, HttpStatusCode Status, int Code, string Message)[]
        {
            (() => emulator.ApiAsync(HttpMethod.Get, "/v2/users/me", null), HttpStatusCode.Unauthorized, 124, "Requires an access token."),
            (() => emulator.ApiAsync(HttpMethod.Get, "/v2/users/me", "not-a-token"), HttpStatusCode.Unauthorized, 124, "Invalid access token."),
            (() => emulator.ApiAsync(HttpMethod.Get, "/v2/meetings/12345678901", _token), HttpStatusCode.NotFound, 3001, "Meeting does not exist: 12345678901."),
            (() => emulator.ApiAsync(HttpMethod.Get, "/v2/users/nobody@example.com/meetings", _token), HttpStatusCode.NotFound, 1001, "User does not exist: nobody@example.com."),
            (() => emulator.ApiAsync(HttpMethod.Post, "/v2/users/me/meetings", _token, new JsonObject { ["duration"] = 0 }), HttpStatusCode.BadRequest, 300, "Validation Failed."),
            (() => emulator.ApiAsync(HttpMethod.Get, "/v2/users/me/meetings?next_page_token=stale", _token), HttpStatusCode.BadRequest, 300, "The next page token is invalid or expired."),
        };
        foreach (var (call, status, code, message) in cases)
        {
            var answer = await call();
            Assert.Equal(status, answer.Status);
            Assert.Equal(code, answer.Code);
            Assert.Equal(message, answer.Body!["message"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Error_ExpiredToken_Code124AccessTokenIsExpired()
    {
        await emulator.AdvanceAsync(TimeSpan.FromSeconds(3600));

        var answer = await emulator.ApiAsync(HttpMethod.Get, "/v2/users/me", _token);

        Assert.Equal((HttpStatusCode.Unauthorized, 124, "Access token is expired."), (answer.Status, answer.Code, answer.Body!["message"]!.GetValue<string>()));
    }
}
