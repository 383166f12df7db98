using System.Net;
using System.Text.Json.Nodes;

namespace ZoomKit.Emulator.Tests.Meetings;

/// <summary>The default app plus Zoom's recording scope.</summary>
public sealed class RecordingScopeFixture : EmulatorFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Emulator:Apps:0:ClientId", ClientId), new("Emulator:Apps:0:ClientSecret", ClientSecret), new("Emulator:Apps:0:RedirectUris:0", Redirect),
        new("Emulator:Apps:0:Scopes:0", "user:read"), new("Emulator:Apps:0:Scopes:1", "recording:read"),
    ];
}

/// <summary><c>GET /users/{userId}/recordings</c>, an operation ZoomKit does not type: the answer and the scope rule of Meetings.json.</summary>
public sealed class RecordingsConformanceTests(RecordingScopeFixture emulator) : IClassFixture<RecordingScopeFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => emulator.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task ListRecordings_Ok_MatchesSchemaAndDeclaresEveryField()
    {
        var token = (await emulator.AuthorizeAsync())["access_token"]!.GetValue<string>();

        var answer = await emulator.ApiAsync(HttpMethod.Get, "/v2/users/me/recordings?from=2026-11-01&to=2026-11-30&page_size=50", token);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        var schema = Spec.ResponseSchema(Spec.Meetings, "/users/{userId}/recordings", "get", "200");
        Assert.Empty(Spec.Validate(schema, answer.Body!));
        Assert.Empty(Spec.Undeclared(schema, answer.Body));
        Assert.Equal(("2026-11-01", "2026-11-30", 50), (answer.Body!["from"]!.GetValue<string>(), answer.Body["to"]!.GetValue<string>(), answer.Body["page_size"]!.GetValue<int>()));
    }

    [Fact]
    public async Task ListRecordings_ScopesAreTheSpecs_AndATokenWithoutOneIsRefused4711()
    {
        var operation = Spec.Operation(Spec.Meetings, "/users/{userId}/recordings", "get");
        var scopes = operation["security"]!.AsArray().SelectMany(s => s!["openapi_oauth"]?.AsArray() ?? []).Select(s => s!.GetValue<string>());
        Assert.Equal(scopes.Order(), ZoomKit.Emulator.Recordings.RecordingsEndpoints.ReadScopes.Order());

        // The default app has no recording scope: refused the way Zoom refuses a missing scope.
        var plain = new EmulatorFixture();
        await plain.InitializeAsync();
        try
        {
            var token = (await plain.AuthorizeAsync())["access_token"]!.GetValue<string>();
            var refused = await plain.ApiAsync(HttpMethod.Get, "/v2/users/me/recordings", token);
            Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
            Assert.Equal(4711, refused.Body!["code"]!.GetValue<int>());
        }
        finally
        {
            await plain.DisposeAsync();
        }
    }
}
