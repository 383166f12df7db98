using System.Net;
using System.Text.Json.Nodes;
using ZoomKit.Emulator.Meetings;
using ZoomKit.Testing;

namespace ZoomKit.Emulator.Tests.Meetings;

public sealed class UnlimitedFixture : EmulatorFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Emulator:RateLimits:Enabled", "false")];
}

/// <summary>
/// The emulator's validation of meeting bodies, generated from Zoom's spec: for every field of the
/// create and update schemas, a valid value is accepted and each rule the field declares refuses a
/// value that breaks it, naming the field's dotted path.
/// </summary>
public sealed class MeetingSchemaTests(UnlimitedFixture emulator) : IClassFixture<UnlimitedFixture>, IAsyncLifetime
{
    private string _token = "";

    public async Task InitializeAsync()
    {
        await emulator.ResetAsync();
        _token = (await emulator.AuthorizeAsync())["access_token"]!.GetValue<string>();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public static TheoryData<string> Operations => ["create", "update"];

    [Fact]
    public void EmbeddedSchemas_AreZoomsCreateAndUpdateSchemasWithoutProse()
    {
        Assert.True(JsonNode.DeepEquals(WithoutProse(Spec.RequestSchema(Spec.Meetings, "/users/{userId}/meetings", "post")), MeetingSchema.Create),
            "MeetingRequestSchemas.json's create schema differs from Meetings.json: copy it again (descriptions, examples and x- keys left out).");
        Assert.True(JsonNode.DeepEquals(WithoutProse(Spec.RequestSchema(Spec.Meetings, "/meetings/{meetingId}", "patch")), MeetingSchema.Update),
            "MeetingRequestSchemas.json's update schema differs from Meetings.json: copy it again (descriptions, examples and x- keys left out).");
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task EveryField_ValidAccepted_EachRuleBrokenRefusedNamingThePath(string operation)
    {
        var schema = operation == "create" ? Spec.RequestSchema(Spec.Meetings, "/users/{userId}/meetings", "post") : Spec.RequestSchema(Spec.Meetings, "/meetings/{meetingId}", "patch");
        var meetingId = await CreateAsync(new JsonObject());
        var failures = new List<string>();
        var checkedRules = 0;
        foreach (var (path, field) in SpecValues.Fields(schema))
        {
            var accepted = await SendAsync(operation, meetingId, SpecValues.At(schema, path));
            if (!accepted.Status.IsSuccess())
            {
                failures.Add($"{path}: a valid value was refused: {accepted.Body?.ToJsonString()}");
            }
            foreach (var (rule, value) in SpecValues.Invalid(field, path))
            {
                checkedRules++;
                var refused = await SendAsync(operation, meetingId, SpecValues.At(schema, path, value));
                var named = (refused.Body?["errors"] as JsonArray ?? []).Select(e => SpecValues.WithoutIndices(e!["field"]!.GetValue<string>()));
                if (refused.Status != HttpStatusCode.BadRequest || refused.Body!["code"]!.GetValue<int>() != 300 || !named.Contains(path))
                {
                    failures.Add($"{path} ({rule} broken by {value.ToJsonString()}): {(int)refused.Status} {refused.Body?.ToJsonString()}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        Assert.True(checkedRules > 120, $"only {checkedRules} rules were checked");
    }

    private async Task<ApiAnswer> SendAsync(string operation, long meetingId, JsonObject body) =>
        operation == "create"
            ? await emulator.ApiAsync(HttpMethod.Post, "/v2/users/me/meetings", _token, body)
            : await emulator.ApiAsync(HttpMethod.Patch, $"/v2/meetings/{meetingId}", _token, body);

    private async Task<long> CreateAsync(JsonObject body)
    {
        var created = await emulator.ApiAsync(HttpMethod.Post, "/v2/users/me/meetings", _token, body);
        Assert.Equal(HttpStatusCode.Created, created.Status);
        return created.Body!["id"]!.GetValue<long>();
    }

    private static JsonNode WithoutProse(JsonNode node) => node switch
    {
        JsonObject obj => new JsonObject(obj.Where(p => p.Key is not ("description" or "example") && !p.Key.StartsWith("x-", StringComparison.Ordinal))
            .Select(p => KeyValuePair.Create(p.Key, p.Value is null ? null : WithoutProse(p.Value)))),
        JsonArray array => new JsonArray(array.Select(v => v is null ? null : WithoutProse(v)).ToArray()),
        _ => node.DeepClone(),
    };
}

internal static class StatusExtensions
{
    public static bool IsSuccess(this HttpStatusCode status) => (int)status is >= 200 and < 300;
}
