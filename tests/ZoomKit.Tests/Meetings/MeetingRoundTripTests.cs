using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ZoomKit.Http.Internal;
using ZoomKit.Meetings;
using ZoomKit.Testing;
using ZoomKit.Tests.Http;

namespace ZoomKit.Tests.Meetings;

/// <summary>
/// Every settable field through the client and back, generated from Zoom's schemas: a create with
/// every field of the create schema set, read back equal; then each field of the update schema
/// changed alone, read back changed, with nothing else changed. A field that does not come back
/// equal fails with its path.
/// </summary>
public sealed class MeetingRoundTripTests : IAsyncLifetime
{
    private const string CreatePath = "/users/{userId}/meetings";
    private const string UpdatePath = "/meetings/{meetingId}";

    // Fields Zoom takes but does not answer with as sent, each with why.
    private static readonly Dictionary<string, string> NotReadBack = new(StringComparer.Ordinal)
    {
        ["default_password"] = "an instruction to the create (make a passcode or not); the passcode itself is read back",
        ["schedule_for"] = "names another user as host, which a user-level app cannot do for a user outside its own (code 3000); host_id says who hosts",
    };

    // Fields whose values depend on each other, set as one whole (the recurrence) in both variants.
    private static readonly JsonObject[] Recurrences =
    [
        new() { ["type"] = 2, ["repeat_interval"] = 1, ["weekly_days"] = "2,4", ["end_times"] = 4 },
        new() { ["type"] = 3, ["repeat_interval"] = 2, ["monthly_week"] = 2, ["monthly_week_day"] = 3, ["end_times"] = 5 },
    ];

    private ApiHarness _h = null!;

    public async Task InitializeAsync() =>
        _h = await ApiHarness.StartAsync([new("Emulator:RateLimits:Enabled", "false")], o => o.DailyMeetingWritesPerUser = int.MaxValue);

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task CreateWithEveryField_ModelCarriesEachAndGetReturnsEachAsSent()
    {
        var body = FullCreateBody();
        var request = JsonSerializer.Deserialize(body, ZoomJsonContext.Default.MeetingCreateRequest)!;

        var resent = JsonSerializer.SerializeToNode(request, ZoomJsonContext.Default.MeetingCreateRequest)!;
        var created = await _h.Client.Meetings.CreateAsync(request);
        var read = JsonSerializer.SerializeToNode(await _h.Client.Meetings.GetAsync(created.Id), ZoomJsonContext.Default.Meeting)!.AsObject();

        var lost = Leaves(body).Where(l => !JsonNode.DeepEquals(l.Value, At(resent, l.Path))).Select(l => l.Path).ToList();
        Assert.True(lost.Count == 0, $"The model does not carry: {string.Join(", ", lost)}");
        var different = Leaves(body).Where(l => !NotReadBack.ContainsKey(l.Path) && !SameAsSent(l.Path, l.Value, read)).Select(l => $"{l.Path} sent {l.Value?.ToJsonString()} read {At(read, l.Path)?.ToJsonString() ?? "nothing"}").ToList();
        Assert.True(different.Count == 0, $"Not read back as sent:{Environment.NewLine}{string.Join(Environment.NewLine, different)}");
    }

    [Fact]
    public async Task UpdateEachFieldAlone_GetReturnsTheChangeAndNothingElseChanged()
    {
        var schema = ZoomSpec.RequestSchema(ZoomSpec.Meetings, UpdatePath, "patch");
        var created = await _h.Client.Meetings.CreateAsync(JsonSerializer.Deserialize(FullCreateBody(), ZoomJsonContext.Default.MeetingCreateRequest)!);
        var failures = new List<string>();
        // Fields of array items and of the recurrence change with their whole; "type" last, as it may end the recurrence.
        var fields = SpecValues.Fields(schema).Select(f => f.Path)
            .Where(p => !NotReadBack.ContainsKey(p) && !IsInsideArrayItem(schema, p) && !p.StartsWith("recurrence.", StringComparison.Ordinal))
            .Append("recurrence").Distinct().OrderBy(p => p == "type").ToList();
        foreach (var path in fields)
        {
            var before = await ReadAsync(created.Id);
            var value = path == "recurrence" ? Recurrences[1].DeepClone() : SpecValues.Valid(Schema(schema, path), path, variant: 1);
            var patch = SpecValues.At(schema, path, value);

            await _h.Client.Meetings.UpdateAsync(created.Id, JsonSerializer.Deserialize(patch, ZoomJsonContext.Default.MeetingUpdateRequest)!);
            var after = await ReadAsync(created.Id);

            failures.AddRange(Leaves(patch).Where(l => !SameAsSent(l.Path, l.Value, after)).Select(l => $"{path}: {l.Path} sent {l.Value?.ToJsonString()} read {At(after, l.Path)?.ToJsonString() ?? "nothing"}"));
            var sent = Leaves(patch).Select(l => l.Path).ToHashSet();
            var others = Leaves(before).Where(l => !sent.Contains(l.Path) && !Derived(l.Path, path) && !JsonNode.DeepEquals(l.Value, At(after, l.Path))).Select(l => l.Path).ToList();
            if (others.Count > 0)
            {
                failures.Add($"{path}: also changed {string.Join(", ", others)}");
            }
        }

        Assert.True(fields.Count > 60, $"only {fields.Count} fields were updated");
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    /// <summary>Every field of the create schema with a valid value, the recurrence as one consistent whole.</summary>
    private static JsonObject FullCreateBody()
    {
        var schema = ZoomSpec.RequestSchema(ZoomSpec.Meetings, CreatePath, "post");
        var body = SpecValues.Valid(schema, "").AsObject();
        body["type"] = 8;
        body["recurrence"] = Recurrences[0].DeepClone();
        foreach (var field in NotReadBack.Keys.Where(f => f != "default_password"))
        {
            body.Remove(field);
        }
        return body;
    }

    private async Task<JsonObject> ReadAsync(long id) =>
        JsonSerializer.SerializeToNode(await _h.Client.Meetings.GetAsync(id), ZoomJsonContext.Default.Meeting)!.AsObject();

    /// <summary>Whether <paramref name="path"/> of <paramref name="read"/> holds what was sent; a local start time is compared as the instant it names.</summary>
    private static bool SameAsSent(string path, JsonNode? sent, JsonObject read)
    {
        if (path == "start_time")
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById(read["timezone"]!.GetValue<string>());
            var instant = DateTimeOffset.Parse(read["start_time"]!.GetValue<string>(), CultureInfo.InvariantCulture);
            return TimeZoneInfo.ConvertTime(instant, zone).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) == sent!.GetValue<string>();
        }
        return JsonNode.DeepEquals(sent, At(read, path));
    }

    // What Zoom derives from a change: a new passcode re-encrypts it into the join link; times move the occurrences; every read has a fresh start link.
    private static bool Derived(string path, string changed) =>
        path == "start_url" || path.StartsWith(changed, StringComparison.Ordinal)
        || (changed == "password" && path is "encrypted_password" or "join_url" or "h323_password" or "pstn_password")
        || (changed is "recurrence" or "start_time" or "duration" or "timezone" or "type" && path.StartsWith("occurrences", StringComparison.Ordinal))
        || (changed == "timezone" && path == "start_time");

    private static bool IsInsideArrayItem(JsonObject schema, string path)
    {
        var parts = path.Split('.');
        var current = schema;
        for (var i = 0; i < parts.Length - 1; i++)
        {
            current = ZoomSpec.Properties(current)[parts[i]];
            if (current["type"]?.GetValue<string>() == "array")
            {
                return true;
            }
        }
        return false;
    }

    private static JsonObject Schema(JsonObject root, string path) =>
        path.Split('.').Aggregate(root, (schema, name) => ZoomSpec.Properties(schema)[name]);

    /// <summary>The leaves of a JSON value with their paths, array items as <c>name[i]</c>.</summary>
    private static IEnumerable<(string Path, JsonNode? Value)> Leaves(JsonNode? node, string prefix = "")
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj)
                {
                    foreach (var leaf in Leaves(child, prefix.Length == 0 ? name : $"{prefix}.{name}"))
                    {
                        yield return leaf;
                    }
                }
                break;
            case JsonArray array when array.Count > 0:
                for (var i = 0; i < array.Count; i++)
                {
                    foreach (var leaf in Leaves(array[i], $"{prefix}[{i}]"))
                    {
                        yield return leaf;
                    }
                }
                break;
            default:
                yield return (prefix, node);
                break;
        }
    }

    private static JsonNode? At(JsonNode? node, string path)
    {
        foreach (var part in path.Split('.'))
        {
            var name = part;
            var index = -1;
            if (part.EndsWith(']'))
            {
                var open = part.IndexOf('[', StringComparison.Ordinal);
                index = int.Parse(part[(open + 1)..^1], CultureInfo.InvariantCulture);
                name = part[..open];
            }
            node = node is JsonObject obj ? obj[name] : null;
            if (index >= 0)
            {
                node = node is JsonArray array && index < array.Count ? array[index] : null;
            }
        }
        return node;
    }
}
