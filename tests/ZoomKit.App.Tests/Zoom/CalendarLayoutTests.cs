using ZoomKit.App.Zoom;
using ZoomKit.Meetings;

namespace ZoomKit.App.Tests.Zoom;

/// <summary>The calendar's layout, without a browser: where blocks sit, how tall, and side by side when they overlap.</summary>
public sealed class CalendarLayoutTests
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
    private static readonly DateOnly Monday = new(2030, 5, 6);

    private static MeetingSummary At(long id, string utc, int minutes) => new() { Id = id, Topic = $"M{id}", StartTime = DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture), Duration = minutes };

    [Fact]
    public void Meeting_SitsAtItsLocalHour_ForItsDuration()
    {
        // 09:00 UTC is 10:00 in London in May.
        var block = Assert.Single(CalendarLayout.Lay([At(1, "2030-05-07T09:00:00Z", 90)], Monday, 7, London));

        Assert.Equal(new DateOnly(2030, 5, 7), block.Day);
        Assert.Equal(10.0 / 24, block.Top, 9);
        Assert.Equal(1.5 / 24, block.Height, 9);
        Assert.Equal((0, 1), (block.Column, block.Columns));
    }

    [Fact]
    public void OverlappingMeetings_SideBySide_AndTheNextOneAlone()
    {
        var blocks = CalendarLayout.Lay([At(1, "2030-05-07T13:00:00Z", 60), At(2, "2030-05-07T13:30:00Z", 60), At(3, "2030-05-07T14:00:00Z", 30), At(4, "2030-05-07T16:00:00Z", 30)], Monday, 7, London);

        var byId = blocks.ToDictionary(b => b.Meeting.Id);
        // 1 and 2 overlap; 3 starts when 1 ends, so it takes 1's column; 4 overlaps nothing.
        Assert.Equal((0, 2), (byId[1].Column, byId[1].Columns));
        Assert.Equal((1, 2), (byId[2].Column, byId[2].Columns));
        Assert.Equal((0, 2), (byId[3].Column, byId[3].Columns));
        Assert.Equal((0, 1), (byId[4].Column, byId[4].Columns));
        Assert.Equal(0.5, byId[2].Left, 9);
        Assert.Equal(0.5, byId[2].Width, 9);
    }

    [Fact]
    public void BackToBack_IsNoOverlap()
    {
        var blocks = CalendarLayout.Lay([At(1, "2030-05-07T09:00:00Z", 60), At(2, "2030-05-07T10:00:00Z", 60)], Monday, 7, London);

        Assert.All(blocks, b => Assert.Equal(1, b.Columns));
    }

    [Fact]
    public void AcrossMidnight_SplitsIntoTwoDays()
    {
        // 22:30 to 01:30 London time.
        var blocks = CalendarLayout.Lay([At(1, "2030-05-07T21:30:00Z", 180)], Monday, 7, London);

        Assert.Equal(2, blocks.Count);
        Assert.Equal((new DateOnly(2030, 5, 7), false), (blocks[0].Day, blocks[0].Continued));
        Assert.Equal(1.5 / 24, blocks[0].Height, 9);
        Assert.Equal((new DateOnly(2030, 5, 8), true), (blocks[1].Day, blocks[1].Continued));
        Assert.Equal((0.0, 1.5 / 24), (blocks[1].Top, Math.Round(blocks[1].Height, 9)));
    }

    [Fact]
    public void OutsideTheDays_AndWithoutATime_AreLeftOut()
    {
        var blocks = CalendarLayout.Lay([At(1, "2030-05-05T09:00:00Z", 60), At(2, "2030-05-13T09:00:00Z", 60), new MeetingSummary { Id = 3, Topic = "No fixed time" }], Monday, 7, London);

        Assert.Empty(blocks);
    }

    [Fact]
    public void ShortMeeting_KeepsAReadableHeight_AndItsNeighbourMakesRoom()
    {
        var blocks = CalendarLayout.Lay([At(1, "2030-05-07T09:00:00Z", 5), At(2, "2030-05-07T09:10:00Z", 30)], Monday, 7, London).ToDictionary(b => b.Meeting.Id);

        Assert.Equal(CalendarBlock.MinimumMinutes / 1440, blocks[1].Height, 9);
        Assert.Equal(2, blocks[2].Columns);
    }
}
