using System.Globalization;
using System.Text.Json.Nodes;
using ZoomKit.Emulator.Internal;
using ZoomKit.Emulator.Meetings;

namespace ZoomKit.Emulator.Tests.Meetings;

/// <summary>
/// The list's index (<see cref="HostMeetings"/>, <see cref="MeetingListing"/>) against the rule it
/// spares looks for: every meeting of the host, in the list's order, filtered by
/// <see cref="MeetingRecurrence.Matches"/>. Random calendars (every meeting type, past and future,
/// moved and deleted meetings), every list type, with and without dates, paged at random sizes.
/// </summary>
public sealed class MeetingListingTests
{
    private static readonly string[] Types = ["scheduled", "live", "upcoming", "upcoming_meetings", "previous_meetings"];
    private static readonly DateTimeOffset Now = new(2031, 3, 10, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void EveryListAndPage_SameMeetingsInTheSameOrderAndTotalAsLookingAtEachMeeting()
    {
        for (var seed = 0; seed < 60; seed++)
        {
            var random = new Random(seed);
            var (state, host) = RandomCalendar(random);
            foreach (var type in Types)
            {
                for (var dates = 0; dates < 4; dates++)
                {
                    DateOnly? from = dates is 1 or 3 ? DateOnly.FromDateTime(Now.UtcDateTime).AddDays(random.Next(-20, 20)) : null;
                    DateOnly? to = dates is 2 or 3 ? (from ?? DateOnly.FromDateTime(Now.UtcDateTime)).AddDays(random.Next(0, 15)) : null;
                    var query = new MeetingQuery(type, from, to, Now);
                    var expected = Reference(state, host, query);
                    var pageSize = random.Next(1, 12);

                    var (page, total, position) = MeetingListing.First(state, state.MeetingsByHost.GetValueOrDefault(host.Id) ?? new HostMeetings(), query, pageSize);
                    var seen = page.Select(m => m.Id).ToList();
                    while (seen.Count < total)
                    {
                        Assert.True(position.TimedNext < position.Timed.Count || position.SeriesNext < position.Series.Count, $"seed {seed}, {query}: ended at {seen.Count} of {total}");
                        (page, position) = MeetingListing.Take(state, position, query, pageSize);
                        Assert.NotEmpty(page);
                        seen.AddRange(page.Select(m => m.Id));
                    }

                    Assert.True(expected.SequenceEqual(seen), $"seed {seed}, {query}, pages of {pageSize}: expected {string.Join(",", expected)}, got {string.Join(",", seen)}");
                    Assert.Equal(expected.Count, total);
                }
            }
        }
    }

    private static List<long> Reference(EmulatorState state, EmulatorUser host, MeetingQuery query) =>
    [
        .. state.Meetings.Values
            .Where(m => m.HostId == host.Id && MeetingRecurrence.Matches(m, query.Type, query.From, query.To, query.Now))
            .OrderBy(HostMeetings.EntryOf)
            .Select(m => m.Id),
    ];

    /// <summary>Meetings of every type around <see cref="Now"/>, some moved, some deleted, some running.</summary>
    private static (EmulatorState State, EmulatorUser Host) RandomCalendar(Random random)
    {
        var state = new EmulatorState();
        var host = new EmulatorUser { Id = "host", Email = "host@example.com", Timezone = "UTC" };
        var count = random.Next(0, 80);
        for (var i = 0; i < count; i++)
        {
            var meeting = MeetingDocument.Build(RandomRequest(random), host, Now.AddDays(-random.Next(0, 30)), "http://zoom.test");
            state.Meetings[meeting.Id] = meeting;
            state.PlaceInHostList(meeting);
            if (random.Next(6) == 0)
            {
                meeting.Body = MeetingDocument.Merge(meeting.Body, new JsonObject { ["start_time"] = Start(random), ["duration"] = Duration(random) }, host);
                state.PlaceInHostList(meeting);
            }
            if (random.Next(8) == 0)
            {
                meeting.Body["status"] = "started";
            }
        }
        foreach (var gone in state.Meetings.Values.Where(_ => random.Next(10) == 0).ToList())
        {
            state.Meetings.Remove(gone.Id);
            state.RemoveFromHostList(gone);
        }
        return (state, host);
    }

    private static JsonObject RandomRequest(Random random) => random.Next(10) switch
    {
        0 => new JsonObject { ["type"] = 1, ["topic"] = "Instant" },
        1 => new JsonObject { ["type"] = 3, ["topic"] = "No fixed time" },
        2 or 3 => new JsonObject
        {
            ["type"] = 8,
            ["topic"] = "Series",
            ["start_time"] = Start(random),
            ["duration"] = random.Next(1, 180),
            ["recurrence"] = new JsonObject { ["type"] = 1, ["repeat_interval"] = random.Next(1, 4), ["end_times"] = random.Next(1, 10) },
        },
        // Minutes to a day, so that some meetings that began before now are still running.
        _ => new JsonObject { ["type"] = 2, ["topic"] = "Once", ["start_time"] = Start(random), ["duration"] = Duration(random) },
    };

    // Within a month of now either way, on the minute; often within minutes of now, sometimes exactly now.
    private static string Start(Random random) => (random.Next(4) switch
    {
        0 => Now.AddMinutes(random.Next(-30, 30)),
        1 when random.Next(3) == 0 => Now,
        _ => Now.AddMinutes(random.Next(-30 * 24 * 60, 30 * 24 * 60)),
    }).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    // Minutes (some ending just before now, some just after) or up to Zoom's longest, a day.
    private static int Duration(Random random) => random.Next(2) == 0 ? random.Next(1, 30) : random.Next(1, 1441);
}
