using System.Net;
using System.Text.Json.Nodes;

namespace ZoomKit.Emulator.Tests.Meetings;

public sealed class TwoUserFixture : EmulatorFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Emulator:Users:0:Email", "ada@example.com"), new("Emulator:Users:0:Password", "ada"), new("Emulator:Users:0:Timezone", "Europe/London"),
        new("Emulator:Users:1:Email", "bob@example.com"), new("Emulator:Users:1:Password", "bob"),
    ];
}

/// <summary>Behaviour beyond the schemas: isolation between users, paging, time zones, recurrence rules.</summary>
public sealed class MeetingsApiTests(TwoUserFixture emulator) : IClassFixture<TwoUserFixture>, IAsyncLifetime
{
    private string _ada = "";
    private string _bob = "";

    public async Task InitializeAsync()
    {
        await emulator.ResetAsync();
        _ada = (await emulator.AuthorizeAsync("ada@example.com", "ada"))["access_token"]!.GetValue<string>();
        _bob = (await emulator.AuthorizeAsync("bob@example.com", "bob"))["access_token"]!.GetValue<string>();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task OtherUsersMeeting_GetUpdateDelete_AllAnswer3001AndNothingChanges()
    {
        var created = await emulator.ApiAsync(HttpMethod.Post, "/v2/users/me/meetings", _ada, new JsonObject { ["topic"] = "Ada's" });
        var id = created.Body!["id"]!.GetValue<long>();

        var get = await emulator.ApiAsync(HttpMethod.Get, $"/v2/meetings/{id}", _bob);
        var patch = await emulator.ApiAsync(HttpMethod.Patch, $"/v2/meetings/{id}", _bob, new JsonObject { ["topic"] = "Bob's now" });
        var delete = await emulator.ApiAsync(HttpMethod.Delete, $"/v2/meetings/{id}", _bob);
        var list = await emulator.ApiAsync(HttpMethod.Get, "/v2/users/me/meetings", _bob);
        var listOther = await emulator.ApiAsync(HttpMethod.Get, "/v2/users/ada@example.com/meetings", _bob);

        Assert.All([get, patch, delete], a => Assert.Equal((HttpStatusCode.NotFound, 3001), (a.Status, a.Code)));
        Assert.Equal(0, list.Body!["total_records"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.BadRequest, listOther.Status);
        var still = await emulator.ApiAsync(HttpMethod.Get, $"/v2/meetings/{id}", _ada);
        Assert.Equal("Ada's", still.Body!["topic"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_DefaultsFromUser_TimezoneAndType()
    {
        var created = await emulator.ApiAsync(HttpMethod.Post, "/v2/users/me/meetings", _ada, new JsonObject { ["start_time"] = "2030-07-01T09:00:00" });

        Assert.Equal("Europe/London", created.Body!["timezone"]!.GetValue<string>());
        Assert.Equal("2030-07-01T08:00:00Z", created.Body["start_time"]!.GetValue<string>());
        Assert.Equal(2, created.Body["type"]!.GetValue<int>());
        Assert.Equal(60, created.Body["duration"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("""{"topic":"x","timezone":"Mars/Olympus"}""", "timezone")]
    [InlineData("""{"password":"has space"}""", "password")]
    [InlineData("""{"password":"12345678901"}""", "password")]
    [InlineData("""{"type":8,"start_time":"2030-01-01T10:00:00Z"}""", "recurrence")]
    [InlineData("""{"type":8,"start_time":"2030-01-01T10:00:00Z","recurrence":{"type":1,"end_times":3,"end_date_time":"2030-02-01T00:00:00Z"}}""", "recurrence.end_date_time")]
    [InlineData("""{"type":8,"start_time":"2030-01-01T10:00:00Z","recurrence":{"type":2,"weekly_days":"8"}}""", "recurrence.weekly_days")]
    [InlineData("""{"type":8,"start_time":"2030-01-01T10:00:00Z","recurrence":{"type":1,"end_times":61}}""", "recurrence.end_times")]
    [InlineData("""{"start_time":"next tuesday"}""", "start_time")]
    [InlineData("""{"settings":{"alternative_hosts":"not-an-email"}}""", "settings.alternative_hosts")]
    [InlineData("""{"duration":1441}""", "duration")]
    [InlineData("""{"agenda":"__2001__"}""", "agenda")]
    public async Task Create_BrokenRule_300NamingTheField(string json, string field)
    {
        var body = JsonNode.Parse(json.Replace("__2001__", new string('a', 2001), StringComparison.Ordinal))!;
        var answer = await emulator.ApiAsync(HttpMethod.Post, "/v2/users/me/meetings", _ada, body);

        Assert.Equal((HttpStatusCode.BadRequest, 300), (answer.Status, answer.Code));
        Assert.Contains(answer.Body!["errors"]!.AsArray(), e => e!["field"]!.GetValue<string>() == field);
    }

    [Fact]
    public async Task Create_NotAnObject_300()
    {
        var answer = await emulator.ApiAsync(HttpMethod.Post, "/v2/users/me/meetings", _ada, new JsonArray());
        Assert.Equal((HttpStatusCode.BadRequest, 300), (answer.Status, answer.Code));
    }

    [Fact]
    public async Task List_PagesOfThree_EachMeetingOnceAndTokenExpiresAfter15Minutes()
    {
        for (var i = 0; i < 7; i++)
        {
            await emulator.ApiAsync(HttpMethod.Post, "/v2/users/me/meetings", _ada, new JsonObject { ["topic"] = $"M{i}", ["start_time"] = $"2030-01-0{i + 1}T10:00:00Z" });
        }
        var seen = new List<string>();
        var token = "";
        do
        {
            var page = await emulator.ApiAsync(HttpMethod.Get, $"/v2/users/me/meetings?page_size=3&next_page_token={token}", _ada);
            seen.AddRange(page.Body!["meetings"]!.AsArray().Select(m => m!["topic"]!.GetValue<string>()));
            token = page.Body["next_page_token"]!.GetValue<string>();
        }
        while (token.Length > 0);

        Assert.Equal(["M0", "M1", "M2", "M3", "M4", "M5", "M6"], seen);

        var first = await emulator.ApiAsync(HttpMethod.Get, "/v2/users/me/meetings?page_size=3", _ada);
        await emulator.AdvanceAsync(TimeSpan.FromMinutes(16));
        _ada = (await emulator.AuthorizeAsync("ada@example.com", "ada"))["access_token"]!.GetValue<string>();
        var stale = await emulator.ApiAsync(HttpMethod.Get, $"/v2/users/me/meetings?page_size=3&next_page_token={first.Body!["next_page_token"]}", _ada);
        Assert.Equal((HttpStatusCode.BadRequest, 300), (stale.Status, stale.Code));
    }

    [Fact]
    public async Task List_ChangesBetweenPages_LaterPagesNeitherRepeatNorSkipAndTotalStaysTheFirstPages()
    {
        var ids = new List<long>();
        for (var i = 0; i < 6; i++)
        {
            var made = await emulator.ApiAsync(HttpMethod.Post, "/v2/users/me/meetings", _ada, new JsonObject { ["topic"] = $"M{i}", ["start_time"] = $"2030-01-0{i + 1}T10:00:00Z" });
            ids.Add(made.Body!["id"]!.GetValue<long>());
        }
        var first = await emulator.ApiAsync(HttpMethod.Get, "/v2/users/me/meetings?page_size=3", _ada);

        // Between the pages: a meeting made before all the others, one of the first page moved to the end, one of the next page deleted.
        await emulator.ApiAsync(HttpMethod.Post, "/v2/users/me/meetings", _ada, new JsonObject { ["topic"] = "Earliest", ["start_time"] = "2029-12-01T10:00:00Z" });
        await emulator.ApiAsync(HttpMethod.Patch, $"/v2/meetings/{ids[0]}", _ada, new JsonObject { ["start_time"] = "2030-02-01T10:00:00Z" });
        await emulator.ApiAsync(HttpMethod.Delete, $"/v2/meetings/{ids[4]}", _ada);
        var second = await emulator.ApiAsync(HttpMethod.Get, $"/v2/users/me/meetings?page_size=3&next_page_token={first.Body!["next_page_token"]}", _ada);

        Assert.Equal(["M0", "M1", "M2"], first.Body["meetings"]!.AsArray().Select(m => m!["topic"]!.GetValue<string>()));
        Assert.Equal(["M3", "M5"], second.Body!["meetings"]!.AsArray().Select(m => m!["topic"]!.GetValue<string>()));
        Assert.Equal((6, 6), (first.Body["total_records"]!.GetValue<int>(), second.Body["total_records"]!.GetValue<int>()));
        Assert.Equal("", second.Body["next_page_token"]!.GetValue<string>());
    }

    [Fact]
    public async Task List_Types_ScheduledUpcomingPrevious()
    {
        await emulator.ApiAsync(HttpMethod.Post, "/v2/users/me/meetings", _ada, new JsonObject { ["topic"] = "Future", ["start_time"] = "2099-01-01T10:00:00Z" });
        await emulator.ApiAsync(HttpMethod.Post, "/v2/users/me/meetings", _ada, new JsonObject { ["topic"] = "Past", ["start_time"] = "2020-01-01T10:00:00Z" });

        async Task<string[]> Topics(string type) => (await emulator.ApiAsync(HttpMethod.Get, $"/v2/users/me/meetings?type={type}", _ada)).Body!["meetings"]!.AsArray().Select(m => m!["topic"]!.GetValue<string>()).ToArray();

        Assert.Equal(["Future"], await Topics("scheduled"));
        Assert.Equal(["Future"], await Topics("upcoming"));
        Assert.Equal(["Past"], await Topics("previous_meetings"));
        Assert.Empty(await Topics("live"));
        Assert.Equal(HttpStatusCode.BadRequest, (await emulator.ApiAsync(HttpMethod.Get, "/v2/users/me/meetings?type=someday", _ada)).Status);
    }

    [Fact]
    public async Task Update_PartialPatch_KeepsOtherFieldsAndMergesSettings()
    {
        var created = await emulator.ApiAsync(HttpMethod.Post, "/v2/users/me/meetings", _ada, new JsonObject
        {
            ["topic"] = "Before", ["agenda"] = "Keep me", ["settings"] = new JsonObject { ["waiting_room"] = true },
        });
        var id = created.Body!["id"]!.GetValue<long>();

        var patch = await emulator.ApiAsync(HttpMethod.Patch, $"/v2/meetings/{id}", _ada, new JsonObject { ["topic"] = "After", ["settings"] = new JsonObject { ["mute_upon_entry"] = true } });
        var read = await emulator.ApiAsync(HttpMethod.Get, $"/v2/meetings/{id}", _ada);

        Assert.Equal(HttpStatusCode.NoContent, patch.Status);
        Assert.Equal("After", read.Body!["topic"]!.GetValue<string>());
        Assert.Equal("Keep me", read.Body["agenda"]!.GetValue<string>());
        Assert.True(read.Body["settings"]!["waiting_room"]!.GetValue<bool>());
        Assert.True(read.Body["settings"]!["mute_upon_entry"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Delete_Occurrence_RemovesOnlyIt()
    {
        var created = await emulator.ApiAsync(HttpMethod.Post, "/v2/users/me/meetings", _ada, new JsonObject
        {
            ["type"] = 8, ["start_time"] = "2030-01-01T10:00:00Z", ["recurrence"] = new JsonObject { ["type"] = 1, ["end_times"] = 3 },
        });
        var id = created.Body!["id"]!.GetValue<long>();
        var second = created.Body["occurrences"]![1]!["occurrence_id"]!.GetValue<string>();

        var deleted = await emulator.ApiAsync(HttpMethod.Delete, $"/v2/meetings/{id}?occurrence_id={second}", _ada);
        var read = await emulator.ApiAsync(HttpMethod.Get, $"/v2/meetings/{id}", _ada);

        Assert.Equal(HttpStatusCode.NoContent, deleted.Status);
        Assert.Equal(2, read.Body!["occurrences"]!.AsArray().Count);
        Assert.DoesNotContain(read.Body["occurrences"]!.AsArray(), o => o!["occurrence_id"]!.GetValue<string>() == second);
    }

    [Fact]
    public async Task StartUrl_ExpiresAfterTwoHours()
    {
        var created = await emulator.ApiAsync(HttpMethod.Post, "/v2/users/me/meetings", _ada, new JsonObject { ["topic"] = "Start" });
        var startUrl = new Uri(created.Body!["start_url"]!.GetValue<string>());

        var fresh = await emulator.Http.GetAsync(startUrl.PathAndQuery);
        await emulator.AdvanceAsync(TimeSpan.FromHours(2) + TimeSpan.FromSeconds(1));
        var expired = await emulator.Http.GetAsync(startUrl.PathAndQuery);

        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, expired.StatusCode);
    }

    [Fact]
    public async Task Scopes_TokenWithoutMeetingWrite_Create4711()
    {
        await using var host = await ZoomEmulatorHost.StartAsync(settings:
        [
            new("Emulator:AutoApprove", "true"),
            new("Emulator:Apps:0:ClientId", "reader"), new("Emulator:Apps:0:ClientSecret", "s"),
            new("Emulator:Apps:0:RedirectUris:0", "http://localhost:3000/zoom"), new("Emulator:Apps:0:Scopes:0", "meeting:read"),
        ]);
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = host.BaseUrl };
        var location = (await http.GetAsync("/oauth/authorize?response_type=code&client_id=reader&redirect_uri=http%3A%2F%2Flocalhost%3A3000%2Fzoom")).Headers.Location!.OriginalString;
        var code = Uri.UnescapeDataString(location.Split("code=")[1]);
        using var tokenRequest = new HttpRequestMessage(HttpMethod.Post, "/oauth/token")
        {
            Content = new FormUrlEncodedContent([new("grant_type", "authorization_code"), new("code", code), new("redirect_uri", "http://localhost:3000/zoom")]),
        };
        tokenRequest.Headers.Authorization = new("Basic", Convert.ToBase64String("reader:s"u8.ToArray()));
        var token = JsonNode.Parse(await (await http.SendAsync(tokenRequest)).Content.ReadAsStringAsync())!["access_token"]!.GetValue<string>();

        using var create = new HttpRequestMessage(HttpMethod.Post, "/v2/users/me/meetings") { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") };
        create.Headers.Authorization = new("Bearer", token);
        using var answer = await http.SendAsync(create);
        var body = JsonNode.Parse(await answer.Content.ReadAsStringAsync())!;

        // Zoom answers a missing scope with 400, not 403 (ZOOM.md, REST API errors).
        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Equal(4711, body["code"]!.GetValue<int>());
        Assert.Contains("meeting:write", body["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
