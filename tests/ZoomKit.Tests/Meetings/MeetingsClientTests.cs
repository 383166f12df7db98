using System.Text.Json;
using System.Text.Json.Nodes;
using ZoomKit.Http;
using ZoomKit.Meetings;
using ZoomKit.Tests.Http;

namespace ZoomKit.Tests.Meetings;

/// <summary>Every method against the emulator, in-process over loopback HTTP.</summary>
public sealed class MeetingsClientTests : IAsyncLifetime
{
    private ApiHarness _h = null!;

    public async Task InitializeAsync() => _h = await ApiHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    internal static MeetingCreateRequest FullRequest() => new()
    {
        Topic = "Planning",
        Type = MeetingType.RecurringFixedTime,
        StartTime = new DateTimeOffset(2030, 3, 4, 9, 30, 0, TimeSpan.FromHours(1)),
        Timezone = "Europe/Berlin",
        Duration = 45,
        Password = "ab-12_*",
        Agenda = "Quarterly planning",
        DefaultPassword = false,
        Recurrence = new Recurrence { Type = RecurrenceType.Weekly, RepeatInterval = 1, WeeklyDays = Recurrence.Days(DayOfWeek.Monday, DayOfWeek.Wednesday), EndTimes = 4 },
        TrackingFields = [new TrackingField { Field = "team", Value = "red" }],
        Settings = new MeetingSettings
        {
            HostVideo = true,
            ParticipantVideo = false,
            JoinBeforeHost = true,
            JbhTime = 10,
            MuteUponEntry = true,
            WaitingRoom = false,
            ApprovalType = 2,
            Audio = MeetingAudio.Voip,
            AutoRecording = MeetingAutoRecording.Cloud,
            AlternativeHosts = "alt@example.com",
            BreakoutRoom = new BreakoutRoomSettings { Enable = true, Rooms = [new BreakoutRoom { Name = "A", Participants = ["p@example.com"] }] },
            MeetingInvitees = [new MeetingInvitee { Email = "guest@example.com" }],
            ContinuousMeetingChat = new ContinuousMeetingChat { Enable = true },
            QuestionAndAnswer = new QuestionAndAnswer { Enable = true, QuestionVisibility = "all" },
        },
    };

    [Fact]
    public async Task CreateAsync_CommonFields_ReadBackEqualAndStartUrlNeverInToString()
    {
        var request = FullRequest();

        var created = await _h.Client.Meetings.CreateAsync(request);
        var read = await _h.Client.Meetings.GetAsync(created.Id);

        foreach (var meeting in new[] { created, read })
        {
            Assert.Equal("Planning", meeting.Topic);
            Assert.Equal(MeetingType.RecurringFixedTime, meeting.Type);
            Assert.Equal(request.StartTime!.Value.ToUniversalTime(), meeting.StartTime);
            Assert.Equal("Europe/Berlin", meeting.Timezone);
            Assert.Equal(45, meeting.Duration);
            Assert.Equal("ab-12_*", meeting.Password);
            Assert.Equal("Quarterly planning", meeting.Agenda);
            Assert.Equal(RecurrenceType.Weekly, meeting.Recurrence!.Type);
            Assert.Equal("2,4", meeting.Recurrence.WeeklyDays);
            Assert.Equal(4, meeting.Recurrence.EndTimes);
            Assert.Equal(4, meeting.Occurrences!.Count);
            Assert.Equal(("team", "red"), (meeting.TrackingFields![0].Field, meeting.TrackingFields[0].Value));
            var s = meeting.Settings!;
            Assert.Equal((true, false, true, 10, true, false), (s.HostVideo, s.ParticipantVideo, s.JoinBeforeHost, s.JbhTime, s.MuteUponEntry, s.WaitingRoom));
            Assert.Equal((MeetingAudio.Voip, MeetingAutoRecording.Cloud, "alt@example.com"), (s.Audio, s.AutoRecording, s.AlternativeHosts));
            Assert.Equal("A", s.BreakoutRoom!.Rooms![0].Name);
            Assert.Equal("guest@example.com", s.MeetingInvitees![0].Email);
            Assert.True(s.ContinuousMeetingChat!.Enable);
            Assert.Equal("all", s.QuestionAndAnswer!.QuestionVisibility);
            Assert.NotNull(meeting.StartUrl);
            Assert.StartsWith(_h.Emulator.BaseUrl.AbsoluteUri + "j/", meeting.JoinUrl, StringComparison.Ordinal);
        }
        Assert.DoesNotContain(created.StartUrl!, created.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdateAsync_OnlySetFields_OthersKept()
    {
        var created = await _h.Client.Meetings.CreateAsync(new MeetingCreateRequest { Topic = "Before", Agenda = "Keep", Settings = new MeetingSettings { WaitingRoom = true } });

        await _h.Client.Meetings.UpdateAsync(created.Id, new MeetingUpdateRequest { Topic = "After", Settings = new MeetingSettings { MuteUponEntry = true } });
        var read = await _h.Client.Meetings.GetAsync(created.Id);

        Assert.Equal(("After", "Keep"), (read.Topic, read.Agenda));
        Assert.Equal((true, true), (read.Settings!.WaitingRoom, read.Settings.MuteUponEntry));
    }

    [Fact]
    public async Task UpdateRequest_Serialized_CarriesOnlyTheFieldsSet()
    {
        var json = JsonSerializer.Serialize(new MeetingUpdateRequest { Topic = "Only this" }, ZoomKit.Http.Internal.ZoomJsonContext.Default.MeetingUpdateRequest);
        Assert.Equal("""{"topic":"Only this"}""", json);
    }

    [Fact]
    public async Task DeleteAsync_Meeting_GoneWith3001()
    {
        var created = await _h.Client.Meetings.CreateAsync(new MeetingCreateRequest { Topic = "Doomed" });

        await _h.Client.Meetings.DeleteAsync(created.Id);

        var error = await Assert.ThrowsAsync<ZoomApiException>(() => _h.Client.Meetings.GetAsync(created.Id));
        Assert.Equal((404, 3001), (error.StatusCode, error.Code));
        Assert.NotNull(error.TrackingId);
    }

    [Fact]
    public async Task DeleteAsync_Occurrence_OnlyThatOne()
    {
        var created = await _h.Client.Meetings.CreateAsync(FullRequest());
        var second = created.Occurrences![1].OccurrenceId;

        await _h.Client.Meetings.DeleteAsync(created.Id, new MeetingDeleteOptions { OccurrenceId = second });

        var read = await _h.Client.Meetings.GetAsync(created.Id);
        Assert.Equal(3, read.Occurrences!.Count);
        Assert.DoesNotContain(read.Occurrences, o => o.OccurrenceId == second);
    }

    [Fact]
    public async Task ListAsync_Page_AndGetMe()
    {
        await _h.Client.Meetings.CreateAsync(new MeetingCreateRequest { Topic = "One", StartTime = DateTimeOffset.UtcNow.AddDays(1) });

        var page = await _h.Client.Meetings.ListAsync(new MeetingListOptions { PageSize = 10, Type = MeetingListType.Upcoming });
        var me = await _h.Client.Users.GetMeAsync();

        Assert.Equal(1, page.TotalRecords);
        Assert.Equal("One", page.Meetings[0].Topic);
        Assert.Equal("", page.NextPageToken);
        Assert.Equal("demo@zoomkit.local", me.Email);
        Assert.Equal("America/New_York", me.Timezone);
    }

    [Fact]
    public async Task ListAllAsync_TenThousandMeetings_EachExactlyOnce()
    {
        await using var h = await ApiHarness.StartAsync([new("Emulator:RateLimits:Enabled", "false")], o => { o.DailyMeetingWritesPerUser = int.MaxValue; o.LightPerSecond = 100_000; o.MediumPerSecond = 100_000; });
        var created = new System.Collections.Concurrent.ConcurrentBag<long>();
        await Parallel.ForEachAsync(Enumerable.Range(0, 10_000), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
            created.Add((await h.Client.Meetings.CreateAsync(new MeetingCreateRequest { Topic = $"M{i}", StartTime = new DateTimeOffset(2031, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(i) }, cancellationToken: ct)).Id));

        var listed = new List<long>();
        await foreach (var meeting in h.Client.Meetings.ListAllAsync())
        {
            listed.Add(meeting.Id);
        }

        Assert.Equal(10_000, listed.Count);
        Assert.Equal(10_000, listed.Distinct().Count());
        Assert.Equal(created.Order(), listed.Order());
    }

    [Theory]
    [InlineData("topic")]
    [InlineData("password")]
    [InlineData("duration")]
    [InlineData("timezone")]
    [InlineData("recurrence")]
    [InlineData("settings.jbh_time")]
    [InlineData("settings.alternative_hosts")]
    [InlineData("recurrence.end_date_time")]
    public async Task CreateAsync_BrokenRule_ValidationNamesFieldAndSendsNothing(string field)
    {
        var request = field switch
        {
            "topic" => new MeetingCreateRequest { Topic = new string('t', 201) },
            "password" => new MeetingCreateRequest { Password = "has space" },
            "duration" => new MeetingCreateRequest { Duration = 0 },
            "timezone" => new MeetingCreateRequest { Timezone = "Mars/Olympus" },
            "recurrence" => new MeetingCreateRequest { Type = MeetingType.RecurringFixedTime },
            "settings.jbh_time" => new MeetingCreateRequest { Settings = new MeetingSettings { JbhTime = 7 } },
            "settings.alternative_hosts" => new MeetingCreateRequest { Settings = new MeetingSettings { AlternativeHosts = "nobody" } },
            _ => new MeetingCreateRequest { Type = MeetingType.RecurringFixedTime, Recurrence = new Recurrence { Type = RecurrenceType.Daily, EndTimes = 2, EndDateTime = DateTimeOffset.UtcNow } },
        };
        var before = (await _h.Emulator.StatsAsync())["api_requests"]!.GetValue<long>();

        var error = await Assert.ThrowsAsync<ZoomValidationException>(() => _h.Client.Meetings.CreateAsync(request));

        Assert.Contains(error.Errors, e => e.Field == field);
        Assert.Contains(field, error.Message, StringComparison.Ordinal);
        Assert.Equal(before, (await _h.Emulator.StatsAsync())["api_requests"]!.GetValue<long>());
    }

    [Fact]
    public async Task CreateAsync_ManyBrokenRules_OneExceptionListsEveryField()
    {
        var error = await Assert.ThrowsAsync<ZoomValidationException>(() => _h.Client.Meetings.CreateAsync(new MeetingCreateRequest
        {
            Topic = new string('t', 201), Agenda = new string('a', 2001), Duration = 2000, Settings = new MeetingSettings { JbhTime = 3 },
        }));
        Assert.Equal(["topic", "agenda", "duration", "settings.jbh_time"], error.Errors.Select(e => e.Field));
    }

    [Fact]
    public void ZoomPaths_UuidWithSlashes_DoubleEncoded()
    {
        Assert.Equal("%252Fabc%253D%253D", ZoomPaths.MeetingId("/abc=="));
        Assert.Equal("ab%252F%252Fcd", ZoomPaths.MeetingId("ab//cd"));
        Assert.Equal("abc%2Bd%3D%3D", ZoomPaths.MeetingId("abc+d=="));
        Assert.Equal("85746065432", ZoomPaths.MeetingId("85746065432"));
    }

    [Fact]
    public void CreateRequest_Serialized_LocalStartTimeTypeAndWeeklyDaysAsZoomDocuments()
    {
        var json = JsonNode.Parse(JsonSerializer.Serialize(FullRequest(), ZoomKit.Http.Internal.ZoomJsonContext.Default.MeetingCreateRequest))!.AsObject();
        Assert.Equal("2030-03-04T09:30:00", json["start_time"]!.GetValue<string>());
        Assert.Equal(8, json["type"]!.GetValue<int>());
        Assert.Equal("2,4", json["recurrence"]!["weekly_days"]!.GetValue<string>());
    }
}
