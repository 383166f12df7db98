using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using ZoomKit.Http;
using ZoomKit.Http.Internal;
using ZoomKit.Meetings;
using ZoomKit.Meetings.Internal;
using ZoomKit.Testing;
using ZoomKit.Tests.Http;

namespace ZoomKit.Tests.Meetings;

/// <summary>
/// Over random create requests: each one either fails ZoomKit's validation naming its fields, or
/// the emulator accepts it. Never a code 300 from Zoom for what the client could have caught.
/// </summary>
public sealed class MeetingValidationPropertyTests : IAsyncLifetime
{
    private ApiHarness _h = null!;

    public async Task InitializeAsync() =>
        _h = await ApiHarness.StartAsync([new("Emulator:RateLimits:Enabled", "false")], o => { o.DailyMeetingWritesPerUser = int.MaxValue; o.LightPerSecond = 100_000; });

    public async Task DisposeAsync() => await _h.DisposeAsync();

    // Each field is usually left out or valid and sometimes broken, so that about a third of the
    // requests pass and the rest break one or more rules: both outcomes are common in every run.
    private static Gen<T> Mostly<T>(Gen<T> valid, Gen<T> any) => Gen.Frequency((6, valid), (1, any));

    private static readonly Gen<string?> Passcodes = Mostly(
        Gen.OneOf(Gen.Const((string?)null), Gen.String[Gen.Char["a-zA-Z0-9@-_*!#.+%"], 1, 10].Select(s => (string?)s)),
        Gen.String[Gen.Char["a-z ~/"], 0, 12].Select(s => (string?)s));

    private static readonly Gen<Recurrence?> Recurrences = Mostly(
        Gen.Const((Recurrence?)null),
        Gen.Select(Gen.Int[0, 4], Gen.Int[-2, 120], Gen.Int[-1, 70], Gen.Bool, Gen.OneOf(Gen.Const("2,4"), Gen.Const("1"), Gen.Const("8"), Gen.Const(""), Gen.Const("3,3")), Gen.Int[-1, 33],
            (type, interval, times, withDate, days, monthDay) => (Recurrence?)new Recurrence
            {
                Type = (RecurrenceType)type,
                RepeatInterval = interval,
                EndTimes = times < 0 ? null : times,
                EndDateTime = withDate ? new DateTimeOffset(2031, 6, 1, 0, 0, 0, TimeSpan.Zero) : null,
                WeeklyDays = type == 2 ? days : null,
                MonthlyDay = type == 3 && monthDay > 0 ? monthDay : null,
            }));

    private static readonly Gen<MeetingCreateRequest> Requests =
        Gen.Select(
            Gen.Select(Mostly(Gen.Int[0, 200], Gen.Int[0, 260]), Mostly(Gen.Int[1, 1440], Gen.Int[-5, 1500]), Passcodes, Mostly(Gen.Int[0, 2000], Gen.Int[0, 2100])),
            Gen.Select(
                Mostly(Gen.OneOf(Gen.Const((MeetingType?)null), Gen.Const((MeetingType?)MeetingType.Scheduled)), Gen.Int[0, 11].Select(t => (MeetingType?)t)),
                Mostly(Gen.OneOf(Gen.Const((string?)null), Gen.Const((string?)"Europe/Paris"), Gen.Const((string?)"Asia/Tokyo")), Gen.Const((string?)"Mars/Base")),
                Recurrences),
            Gen.Select(
                Mostly(Gen.OneOf(Gen.Const((int?)null), Gen.OneOf(Gen.Const(0), Gen.Const(5), Gen.Const(10), Gen.Const(15)).Select(i => (int?)i)), Gen.Int[-1, 16].Select(i => (int?)i)),
                Mostly(Gen.OneOf(Gen.Const((string?)null), Gen.Const((string?)"a@b.com;c@d.org")), Gen.Const((string?)"not-email")),
                Mostly(Gen.OneOf(Gen.Const((string?)null), Gen.Const((string?)"cloud")), Gen.Const((string?)"tape"))),
            (basic, kind, settings) => new MeetingCreateRequest
            {
                Topic = new string('t', basic.Item1),
                Duration = basic.Item2,
                Password = basic.Item3,
                Agenda = new string('a', basic.Item4),
                Type = kind.Item1,
                Timezone = kind.Item2,
                Recurrence = kind.Item3,
                StartTime = new DateTimeOffset(2031, 1, 6, 15, 0, 0, TimeSpan.Zero),
                Settings = new MeetingSettings { JbhTime = settings.Item1, AlternativeHosts = settings.Item2, AutoRecording = settings.Item3 },
            });

    [Fact]
    public async Task CreateAsync_RandomRequests_LocalRefusalOrAcceptedNever300FromZoom()
    {
        var outcomes = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        await Requests.SampleAsync(async request =>
        {
            try
            {
                await _h.Client.Meetings.CreateAsync(request);
                outcomes.AddOrUpdate("accepted", 1, (_, n) => n + 1);
            }
            catch (ZoomValidationException e)
            {
                Assert.NotEmpty(e.Errors);
                Assert.All(e.Errors, f => Assert.Contains(f.Field, e.Message, StringComparison.Ordinal));
                outcomes.AddOrUpdate("refused locally", 1, (_, n) => n + 1);
            }
        }, iter: 400, threads: 1);

        // Both branches were exercised, and no ZoomApiException (a 300 from the emulator) escaped above.
        Assert.True(outcomes.GetValueOrDefault("accepted") >= 20, string.Join(", ", outcomes));
        Assert.True(outcomes.GetValueOrDefault("refused locally") >= 20, string.Join(", ", outcomes));
    }

    public static TheoryData<bool> Operations => [true, false];

    /// <summary>
    /// For every field of Zoom's create and update schemas, its valid values and a value breaking each
    /// rule it declares (generated from the spec): ZoomKit refuses exactly what the emulator refuses,
    /// naming the same fields. Values a typed model cannot hold at all (a string for a boolean) are
    /// skipped: the compiler refuses those.
    /// </summary>
    [Theory]
    [MemberData(nameof(Operations))]
    public async Task EveryFieldEveryRule_LocalValidationAgreesWithZoom(bool isCreate)
    {
        var schema = isCreate ? ZoomSpec.RequestSchema(ZoomSpec.Meetings, "/users/{userId}/meetings", "post") : ZoomSpec.RequestSchema(ZoomSpec.Meetings, "/meetings/{meetingId}", "patch");
        var meeting = await _h.Client.Meetings.CreateAsync(new MeetingCreateRequest { Topic = "Target" });
        var token = (await _h.Tokens.GetAccessTokenAsync(ApiHarness.User)).Value;
        using var http = new HttpClient { BaseAddress = _h.Emulator.BaseUrl };
        var disagreements = new List<string>();
        var compared = 0;
        foreach (var (path, field) in SpecValues.Fields(schema))
        {
            var values = new[] { SpecValues.Valid(field, path, 0), SpecValues.Valid(field, path, 1) }.Concat(SpecValues.Invalid(field, path).Select(i => i.Value));
            foreach (var value in values)
            {
                var body = SpecValues.At(schema, path, value);
                MeetingRequestBase request;
                try
                {
                    request = isCreate ? JsonSerializer.Deserialize(body, ZoomJsonContext.Default.MeetingCreateRequest)! : JsonSerializer.Deserialize(body, ZoomJsonContext.Default.MeetingUpdateRequest)!;
                }
                catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
                {
                    continue;
                }
                compared++;
                var local = MeetingRequestValidator.Validate(request, isCreate).Select(e => SpecValues.WithoutIndices(e.Field)).ToHashSet();
                var sent = isCreate ? JsonSerializer.Serialize(request, ZoomJsonContext.Default.MeetingCreateRequest) : JsonSerializer.Serialize(request, ZoomJsonContext.Default.MeetingUpdateRequest);
                using var message = new HttpRequestMessage(isCreate ? HttpMethod.Post : HttpMethod.Patch, isCreate ? "/v2/users/me/meetings" : $"/v2/meetings/{meeting.Id}")
                {
                    Content = new StringContent(sent, System.Text.Encoding.UTF8, "application/json"),
                };
                message.Headers.Authorization = new("Bearer", token);
                using var answer = await http.SendAsync(message);
                var zoom = answer.IsSuccessStatusCode
                    ? []
                    : (JsonNode.Parse(await answer.Content.ReadAsStringAsync())!["errors"] as JsonArray ?? []).Select(e => SpecValues.WithoutIndices(e!["field"]!.GetValue<string>())).ToHashSet();
                if (!answer.IsSuccessStatusCode && zoom.Count == 0)
                {
                    zoom.Add($"HTTP {(int)answer.StatusCode}");
                }
                if (!local.SetEquals(zoom))
                {
                    disagreements.Add($"{path} = {value.ToJsonString()}: ZoomKit refused [{string.Join(", ", local)}], Zoom refused [{string.Join(", ", zoom)}]");
                }
            }
        }

        Assert.True(compared > 200, $"only {compared} requests were compared");
        Assert.True(disagreements.Count == 0, string.Join(Environment.NewLine, disagreements));
    }
}
