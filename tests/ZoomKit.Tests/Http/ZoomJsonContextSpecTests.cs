using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.DependencyInjection;
using ZoomKit.Http;
using ZoomKit.Http.Internal;
using ZoomKit.Tests.Meetings;
using ZoomKit.Meetings;
using ZoomKit.Meetings.Internal;
using ZoomKit.Testing;
using ZoomKit.Users;

namespace ZoomKit.Tests.Http;

/// <summary>
/// Every JSON property a ZoomKit model can send or read is one Zoom's schema declares at that
/// place, and every property of Zoom's schemas is reachable from the model or left out on purpose,
/// with its reason, below. Both sides are walked by code: the models through the source-generated
/// contract that actually goes on the wire, the schemas from shared/zoom-spec (nested objects,
/// arrays, allOf/anyOf/oneOf), so a field Zoom adds or a name misspelt tomorrow fails here.
/// </summary>
public sealed class ZoomJsonContextSpecTests
{
    /// <summary>
    /// Schema properties no model carries, each with why. Keys are "model:dotted.path".
    /// Nothing else may be missing.
    /// </summary>
    internal static readonly Dictionary<string, string> LeftOut = new(StringComparer.Ordinal)
    {
        ["list-response:page_count"] = "deprecated by Zoom: pages are followed with next_page_token",
        ["list-response:page_number"] = "deprecated by Zoom: pages are followed with next_page_token",
        ["user-response:phone_country"] = "deprecated by Zoom in favour of phone_numbers",
        ["user-response:phone_number"] = "deprecated by Zoom in favour of phone_numbers",
    };

    public static TheoryData<string> Pairs => new(PairsByName.Keys);

    private static readonly Dictionary<string, (JsonTypeInfo Model, Func<JsonObject> Schema, bool Sent)> PairsByName = new()
    {
        ["create-request"] = (ZoomJsonContext.Default.MeetingCreateRequest, () => ZoomSpec.RequestSchema(ZoomSpec.Meetings, "/users/{userId}/meetings", "post"), true),
        ["update-request"] = (ZoomJsonContext.Default.MeetingUpdateRequest, () => ZoomSpec.RequestSchema(ZoomSpec.Meetings, "/meetings/{meetingId}", "patch"), true),
        ["get-response"] = (ZoomJsonContext.Default.Meeting, () => ZoomSpec.ResponseSchema(ZoomSpec.Meetings, "/meetings/{meetingId}", "get", "200"), false),
        ["create-response"] = (ZoomJsonContext.Default.Meeting, () => ZoomSpec.ResponseSchema(ZoomSpec.Meetings, "/users/{userId}/meetings", "post", "201"), false),
        ["list-response"] = (ZoomJsonContext.Default.MeetingListPage, () => ZoomSpec.ResponseSchema(ZoomSpec.Meetings, "/users/{userId}/meetings", "get", "200"), false),
        ["user-response"] = (ZoomJsonContext.Default.ZoomUser, () => ZoomSpec.ResponseSchema(ZoomSpec.Users, "/users/{userId}", "get", "200"), false),
    };

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Model_EveryPropertyDeclaredAtItsPlace_EverySchemaPropertyReachable(string pair)
    {
        var (model, schema, sent) = PairsByName[pair];

        var (undeclared, unreachable) = Compare(model, schema(), sent);

        // A settings type shared by create and update carries a few fields only one of them takes; the
        // validator refuses them where Zoom would ignore them (tested below), so none is lost in silence.
        var refused = pair switch
        {
            "create-request" => MeetingRequestValidator.NotAccepted(isCreate: true).ToHashSet(),
            "update-request" => MeetingRequestValidator.NotAccepted(isCreate: false).ToHashSet(),
            _ => [],
        };
        undeclared.RemoveAll(refused.Contains);
        // Meeting reads both the get and the create answer: a field of either may be read from it.
        if (pair == "create-response")
        {
            var (readFromGet, _) = Compare(model, PairsByName["get-response"].Schema(), sent);
            undeclared.RemoveAll(path => !readFromGet.Contains(path));
        }
        Assert.True(undeclared.Count == 0, $"{pair}: the model sends or reads properties Zoom's schema does not declare there: {string.Join(", ", undeclared)}");
        var missing = unreachable.Where(path => !LeftOut.ContainsKey($"{pair}:{path}")).ToList();
        Assert.True(missing.Count == 0, $"{pair}: Zoom's schema declares properties no model carries and none is left out on purpose: {string.Join(", ", missing)}");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Validator_FieldTheRequestSchemaLacks_RefusedNamingIt(bool isCreate)
    {
        var get = ZoomSpec.ResponseSchema(ZoomSpec.Meetings, "/meetings/{meetingId}", "get", "200");
        foreach (var field in MeetingRequestValidator.NotAccepted(isCreate))
        {
            // The request carries the field as Zoom's get schema describes it, nothing else.
            var body = SpecValues.At(get, field);
            MeetingRequestBase request = isCreate
                ? JsonSerializer.Deserialize(body, ZoomJsonContext.Default.MeetingCreateRequest)!
                : JsonSerializer.Deserialize(body, ZoomJsonContext.Default.MeetingUpdateRequest)!;

            var errors = MeetingRequestValidator.Validate(request, isCreate);

            Assert.Contains(errors, e => e.Field == field);
        }
    }

    [Fact]
    public void LeftOut_EveryEntry_IsStillInTheSchemaAndHasAReason()
    {
        foreach (var (key, reason) in LeftOut)
        {
            var pair = key[..key.IndexOf(':', StringComparison.Ordinal)];
            var (model, schema, sent) = PairsByName[pair];
            Assert.Contains(key[(pair.Length + 1)..], Compare(model, schema(), sent).Unreachable);
            Assert.False(string.IsNullOrWhiteSpace(reason), key);
        }
    }

    /// <summary>The model's wire properties not declared by the schema, and the schema's properties the model cannot carry.</summary>
    internal static (List<string> Undeclared, List<string> Unreachable) Compare(JsonTypeInfo model, JsonObject schema, bool sent)
    {
        var undeclared = new List<string>();
        var unreachable = new List<string>();
        Walk(model, schema, sent, "", undeclared, unreachable);
        return (undeclared, unreachable);
    }

    private static void Walk(JsonTypeInfo model, JsonObject schema, bool sent, string prefix, List<string> undeclared, List<string> unreachable)
    {
        var declared = ZoomSpec.Properties(schema);
        var carried = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in model.Properties)
        {
            // What goes on the wire in this direction: a request is written, a response read.
            var ignored = property.AttributeProvider?.GetCustomAttributes(typeof(JsonIgnoreAttribute), inherit: true).OfType<JsonIgnoreAttribute>()
                .Any(a => a.Condition == (sent ? JsonIgnoreCondition.WhenWriting : JsonIgnoreCondition.WhenReading)) == true;
            if ((sent ? property.Get is null : property.Set is null) || ignored)
            {
                continue;
            }
            carried.Add(property.Name);
            if (!declared.TryGetValue(property.Name, out var child))
            {
                undeclared.Add(prefix + property.Name);
                continue;
            }
            var childInfo = model.Options.GetTypeInfo(property.PropertyType);
            if (childInfo.Kind == JsonTypeInfoKind.Enumerable && childInfo.ElementType is { } element)
            {
                childInfo = model.Options.GetTypeInfo(element);
                child = ZoomSpec.Items(child) ?? child;
            }
            if (childInfo.Kind == JsonTypeInfoKind.Object && childInfo.Properties.Count > 0)
            {
                Walk(childInfo, child, sent, prefix + property.Name + ".", undeclared, unreachable);
            }
        }
        foreach (var name in declared.Keys.Where(n => !carried.Contains(n)))
        {
            unreachable.Add(prefix + name);
        }
    }
}

/// <summary>Every query parameter the clients send is one Zoom's spec declares for that operation.</summary>
public sealed class ZoomQueryParameterSpecTests
{
    [Fact]
    public async Task EveryClientCall_EveryOptionSet_SendsOnlyDeclaredQueryParameters()
    {
        var recorder = new RecordingHandler();
        await using var h = await ApiHarness.StartAsync(configure: s => s.AddHttpClient(ZoomClientFactory.HttpClientName).AddHttpMessageHandler(() => recorder));
        var meeting = await h.Client.Meetings.CreateAsync(MeetingsClientTests.FullRequest());
        var occurrence = meeting.Occurrences![0].OccurrenceId;

        await h.Client.Meetings.ListAsync(new MeetingListOptions { Type = MeetingListType.Upcoming, PageSize = 10, From = new DateOnly(2030, 1, 1), To = new DateOnly(2031, 1, 1), Timezone = "Europe/Berlin", NextPageToken = "" });
        await Assert.ThrowsAsync<ZoomApiException>(() => h.Client.Meetings.ListAsync(new MeetingListOptions { NextPageToken = "stale" }));
        await h.Client.Meetings.GetAsync(meeting.Id, occurrence, showPreviousOccurrences: true);
        await h.Client.Meetings.UpdateAsync(meeting.Id, new MeetingUpdateRequest { Duration = 30 }, occurrence);
        await h.Client.Meetings.DeleteAsync(meeting.Id, new MeetingDeleteOptions { OccurrenceId = occurrence, ScheduleForReminder = true, CancelMeetingReminder = true });

        var sent = recorder.Requests.GroupBy(r => (r.Method, Template(r.Path))).ToList();
        Assert.Equal(5, sent.Count);
        foreach (var group in sent)
        {
            var declared = ZoomSpec.QueryParameters(ZoomSpec.Meetings, group.Key.Item2, group.Key.Method.ToLowerInvariant());
            var names = group.SelectMany(r => r.Query).Distinct().ToList();
            var undeclared = names.Where(n => !declared.Contains(n)).ToList();
            Assert.True(undeclared.Count == 0, $"{group.Key.Method} {group.Key.Item2} sends query parameters Zoom does not declare: {string.Join(", ", undeclared)}");
        }
    }

    private static string Template(string path) => path.StartsWith("/v2/users/", StringComparison.Ordinal) ? "/users/{userId}/meetings" : "/meetings/{meetingId}";

    private sealed class RecordingHandler : DelegatingHandler
    {
        public System.Collections.Concurrent.ConcurrentQueue<(string Method, string Path, string[] Query)> Requests { get; } = new();

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var uri = request.RequestUri!;
            var query = uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p => Uri.UnescapeDataString(p.Split('=')[0])).ToArray();
            Requests.Enqueue((request.Method.Method, uri.AbsolutePath, query));
            return base.SendAsync(request, cancellationToken);
        }
    }
}
