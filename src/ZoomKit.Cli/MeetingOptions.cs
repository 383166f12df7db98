using System.CommandLine;
using System.Globalization;
using ZoomKit.Http;
using ZoomKit.Meetings;

namespace ZoomKit.Cli;

/// <summary>The meeting flags of create and update: every field the web app offers, recurrence included.</summary>
public sealed class MeetingOptions
{
    private readonly Option<string?> _topic = new("--topic") { Description = "Topic, up to 200 characters" };
    private readonly Option<string?> _start = new("--start") { Description = "Start, yyyy-MM-ddTHH:mm in --timezone (or with Z for UTC)" };
    private readonly Option<string?> _timezone = new("--timezone") { Description = "IANA time zone from Zoom's list; default your Zoom profile's" };
    private readonly Option<int?> _duration = new("--duration") { Description = "Minutes, 1 to 1440" };
    private readonly Option<string?> _passcode = new("--passcode") { Description = "Up to 10 letters, digits and @ - _ * ! # $ % ^ & + = ." };
    private readonly Option<string?> _agenda = new("--agenda") { Description = "Agenda, up to 2000 characters" };
    private readonly Option<bool?> _waitingRoom = new("--waiting-room") { Description = "Waiting room on or off" };
    private readonly Option<bool?> _mute = new("--mute-on-entry") { Description = "Mute participants on entry" };
    private readonly Option<string?> _recording = new("--auto-recording") { Description = "none, local or cloud" };
    private readonly Option<string?> _repeat = new("--repeat") { Description = "daily, weekly or monthly" };
    private readonly Option<int?> _every = new("--every") { Description = "Every N days (99), weeks (50) or months (10)" };
    private readonly Option<string?> _days = new("--days") { Description = "Weekly: mon,tue,wed,thu,fri,sat,sun" };
    private readonly Option<int?> _occurrences = new("--occurrences") { Description = "How many times, 1 to 60" };

    private static readonly Dictionary<string, int> DayNumbers = new(StringComparer.OrdinalIgnoreCase)
    {
        ["sun"] = 1, ["mon"] = 2, ["tue"] = 3, ["wed"] = 4, ["thu"] = 5, ["fri"] = 6, ["sat"] = 7,
    };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { _topic, _start, _timezone, _duration, _passcode, _agenda, _waitingRoom, _mute, _recording, _repeat, _every, _days, _occurrences })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>Copies the flags given into the request; a malformed flag is a validation error naming it.</summary>
    public void Fill(ParseResult parse, MeetingRequestBase request)
    {
        var errors = new List<ZoomFieldError>();
        request.Topic = parse.GetValue(_topic);
        request.Timezone = parse.GetValue(_timezone);
        request.Duration = parse.GetValue(_duration);
        request.Password = parse.GetValue(_passcode);
        request.Agenda = parse.GetValue(_agenda);
        if (parse.GetValue(_start) is { } start)
        {
            request.StartTime = ParseStart(start, request.Timezone, errors);
        }
        if (parse.GetValue(_waitingRoom) is not null || parse.GetValue(_mute) is not null || parse.GetValue(_recording) is not null)
        {
            request.Settings = new MeetingSettings { WaitingRoom = parse.GetValue(_waitingRoom), MuteUponEntry = parse.GetValue(_mute), AutoRecording = parse.GetValue(_recording) };
        }
        if (parse.GetValue(_repeat) is { } repeat)
        {
            RecurrenceType? kind = repeat.ToUpperInvariant() switch { "DAILY" => RecurrenceType.Daily, "WEEKLY" => RecurrenceType.Weekly, "MONTHLY" => RecurrenceType.Monthly, _ => null };
            if (kind is null)
            {
                errors.Add(new("recurrence", "daily, weekly or monthly"));
            }
            else
            {
                request.Type = MeetingType.RecurringFixedTime;
                request.Recurrence = new Recurrence
                {
                    Type = kind.Value,
                    RepeatInterval = parse.GetValue(_every) ?? 1,
                    EndTimes = parse.GetValue(_occurrences),
                    WeeklyDays = kind == RecurrenceType.Weekly ? Days(parse.GetValue(_days), errors) : null,
                    MonthlyDay = kind == RecurrenceType.Monthly ? request.StartTime?.Day : null,
                };
            }
        }
        if (errors.Count > 0)
        {
            throw new ZoomValidationException(errors);
        }
    }

    /// <summary>The flag that sets one of Zoom's fields, for error messages.</summary>
    public static string FlagFor(string field) => field switch
    {
        "topic" => "topic",
        "start_time" => "start",
        "timezone" => "timezone",
        "duration" => "duration",
        "password" => "passcode",
        "agenda" => "agenda",
        "settings.auto_recording" => "auto-recording",
        "recurrence.repeat_interval" => "every",
        "recurrence.weekly_days" => "days",
        "recurrence.end_times" => "occurrences",
        _ when field.StartsWith("recurrence", StringComparison.Ordinal) => "repeat",
        _ => field,
    };

    private static DateTimeOffset? ParseStart(string text, string? timezone, List<ZoomFieldError> errors)
    {
        if (DateTimeOffset.TryParseExact(text, ["yyyy-MM-dd'T'HH:mm'Z'", "yyyy-MM-dd'T'HH:mm:ss'Z'"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var utc))
        {
            return utc;
        }
        if (!DateTime.TryParseExact(text, ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            errors.Add(new("start_time", "a date and time such as 2030-03-04T09:30"));
            return null;
        }
        var zone = timezone is not null && ZoomTimeZones.TryFind(timezone, out var found) ? found : TimeZoneInfo.Local;
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    private static string? Days(string? text, List<ZoomFieldError> errors)
    {
        if (string.IsNullOrEmpty(text))
        {
            errors.Add(new("recurrence.weekly_days", "the days of a weekly meeting, such as mon,wed"));
            return null;
        }
        var numbers = new List<int>();
        foreach (var day in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!DayNumbers.TryGetValue(day[..Math.Min(3, day.Length)], out var number))
            {
                errors.Add(new("recurrence.weekly_days", $"'{day}' is not a day: use mon,tue,wed,thu,fri,sat,sun"));
                return null;
            }
            numbers.Add(number);
        }
        return string.Join(',', numbers.Distinct().Order());
    }
}
