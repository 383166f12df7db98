using System.Net;
using System.Text.Json.Nodes;

namespace ZoomKit.Emulator.Tests.Meetings;

/// <summary>Occurrences for every shape of Zoom's recurrence, and its documented rules.</summary>
public sealed class MeetingRecurrenceTests(UnlimitedFixture emulator) : IClassFixture<UnlimitedFixture>, IAsyncLifetime
{
    private string _token = "";

    public async Task InitializeAsync()
    {
        await emulator.ResetAsync();
        _token = (await emulator.AuthorizeAsync())["access_token"]!.GetValue<string>();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task MonthlyOnSecondMonday_OccurrencesOnSecondMondays()
    {
        var occurrences = await OccurrencesAsync("2031-01-13T10:00:00Z", new JsonObject { ["type"] = 3, ["monthly_week"] = 2, ["monthly_week_day"] = 2, ["end_times"] = 4 });

        Assert.Equal(["2031-01-13T10:00:00Z", "2031-02-10T10:00:00Z", "2031-03-10T10:00:00Z", "2031-04-14T10:00:00Z"], occurrences);
    }

    [Fact]
    public async Task MonthlyOnLastFriday_OccurrencesOnLastFridays()
    {
        var occurrences = await OccurrencesAsync("2031-01-31T10:00:00Z", new JsonObject { ["type"] = 3, ["monthly_week"] = -1, ["monthly_week_day"] = 6, ["end_times"] = 4 });

        Assert.Equal(["2031-01-31T10:00:00Z", "2031-02-28T10:00:00Z", "2031-03-28T10:00:00Z", "2031-04-25T10:00:00Z"], occurrences);
    }

    [Fact]
    public async Task WeeklyOnThreeDaysUntilADate_EveryDayUpToTheDate()
    {
        var occurrences = await OccurrencesAsync("2031-01-06T10:00:00Z", new JsonObject { ["type"] = 2, ["weekly_days"] = "2,4,6", ["end_date_time"] = "2031-01-24T23:59:00Z" });

        Assert.Equal(["06", "08", "10", "13", "15", "17", "20", "22", "24"], occurrences.Select(o => o[8..10]));
    }

    [Fact]
    public async Task EndTimesZero_NoEnd_ListsZoomsMaximumOf60()
    {
        var occurrences = await OccurrencesAsync("2031-01-06T10:00:00Z", new JsonObject { ["type"] = 1, ["end_times"] = 0 });

        Assert.Equal(60, occurrences.Count);
    }

    [Fact]
    public async Task RecurringWithoutFixedTime_Type3_HasNoOccurrences()
    {
        var created = await emulator.ApiAsync(HttpMethod.Post, "/v2/users/me/meetings", _token, new JsonObject { ["type"] = 3, ["recurrence"] = new JsonObject { ["type"] = 1, ["end_times"] = 5 } });

        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Null(created.Body!["occurrences"]);
        Assert.Null(created.Body["start_time"]);
    }

    [Theory]
    [InlineData("""{"type":1,"end_times":3,"end_date_time":"2031-02-01T00:00:00Z"}""", "recurrence.end_date_time")]
    [InlineData("""{"type":2,"repeat_interval":51,"weekly_days":"2"}""", "recurrence.repeat_interval")]
    [InlineData("""{"type":3,"repeat_interval":11,"monthly_day":3}""", "recurrence.repeat_interval")]
    [InlineData("""{"type":3,"monthly_day":3,"monthly_week":1,"monthly_week_day":2}""", "recurrence.monthly_day")]
    [InlineData("""{"type":3,"monthly_week":1}""", "recurrence.monthly_week")]
    [InlineData("""{"type":2}""", "recurrence.weekly_days")]
    [InlineData("""{"type":1,"end_times":-1}""", "recurrence.end_times")]
    [InlineData("""{"type":1,"end_date_time":"2031-02-01T00:00:00"}""", "recurrence.end_date_time")]
    public async Task RecurrenceRuleBroken_Refused300NamingTheField(string recurrence, string field)
    {
        var answer = await emulator.ApiAsync(HttpMethod.Post, "/v2/users/me/meetings", _token,
            new JsonObject { ["type"] = 8, ["start_time"] = "2031-01-06T10:00:00Z", ["recurrence"] = JsonNode.Parse(recurrence) });

        Assert.Equal((HttpStatusCode.BadRequest, 300), (answer.Status, answer.Code));
        Assert.Contains(field, (answer.Body!["errors"] as JsonArray)!.Select(e => e!["field"]!.GetValue<string>()));
    }

    private async Task<List<string>> OccurrencesAsync(string start, JsonObject recurrence)
    {
        var created = await emulator.ApiAsync(HttpMethod.Post, "/v2/users/me/meetings", _token,
            new JsonObject { ["type"] = 8, ["start_time"] = start, ["timezone"] = "UTC", ["recurrence"] = recurrence });
        Assert.Equal(HttpStatusCode.Created, created.Status);
        var read = await emulator.ApiAsync(HttpMethod.Get, $"/v2/meetings/{created.Body!["id"]}?show_previous_occurrences=true", _token);
        return (read.Body!["occurrences"] as JsonArray)!.Select(o => o!["start_time"]!.GetValue<string>()).ToList();
    }
}
