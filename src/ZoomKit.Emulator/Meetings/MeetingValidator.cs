using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ZoomKit.Emulator.Internal;

namespace ZoomKit.Emulator.Meetings;

/// <summary>
/// The checks Zoom makes on a meeting create or update body: every rule of the request schema
/// (<see cref="MeetingSchema"/>), then the rules Zoom documents in prose (Meetings.json descriptions
/// and ZOOM.md): passcode characters, time zones from Zoom's list, alternative hosts as emails, and the
/// recurrence rules. Each failure is a code 300 error with its dotted path.
/// </summary>
internal static partial class MeetingValidator
{
    /// <summary>Every broken rule of a create (<paramref name="existing"/> null) or an update of <paramref name="existing"/>.</summary>
    public static List<(string Field, string Message)> Validate(JsonObject body, JsonObject? existing)
    {
        var errors = new List<(string Field, string Message)>();
        MeetingSchema.Check(body, existing is null ? MeetingSchema.Create : MeetingSchema.Update, "", errors);
        if (errors.Count > 0)
        {
            return errors;
        }
        if (body["password"]?.GetValue<string>() is { Length: > 0 } password && !PasscodeCharacters().IsMatch(password))
        {
            errors.Add(("password", "Passcode may only contain letters, digits and @ - _ * ! # $ % ^ & + = ."));
        }
        if (body["timezone"]?.GetValue<string>() is { Length: > 0 } zone && !ZoomTimeZones.Ids.Contains(zone))
        {
            errors.Add(("timezone", "Invalid field: a time zone from Zoom's list."));
        }
        var type = body["type"]?.GetValue<int>() ?? existing?["type"]?.GetValue<int>() ?? 2;
        var recurrence = body["recurrence"] as JsonObject ?? (body.ContainsKey("recurrence") ? null : existing?["recurrence"] as JsonObject);
        if (type == 8 && recurrence is null)
        {
            errors.Add(("recurrence", "Recurrence is required for a recurring meeting with a fixed time (type 8)."));
        }
        if (body["recurrence"] is JsonObject sent)
        {
            MeetingRecurrence.Check(sent, errors);
        }
        if (body["settings"]?["alternative_hosts"]?.GetValue<string>() is { Length: > 0 } hosts)
        {
            foreach (var host in hosts.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!MeetingSchema.EmailShape().IsMatch(host))
                {
                    errors.Add(("settings.alternative_hosts", $"Invalid alternative host: {host}."));
                }
            }
        }
        return errors;
    }

    /// <summary>
    /// <c>yyyy-MM-ddTHH:mm:ssZ</c> is UTC; <c>yyyy-MM-ddTHH:mm:ss</c> is local to <paramref name="timezone"/>.
    /// Returns the UTC instant, or null when the text is neither.
    /// </summary>
    public static DateTimeOffset? ParseStart(string text, string timezone)
    {
        if (DateTimeOffset.TryParseExact(text, ["yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:ss.FFF'Z'"], CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var utc))
        {
            return utc;
        }
        if (DateTime.TryParseExact(text, "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            var zone = ZoomTimeZones.Find(timezone);
            // A local time in a daylight-saving gap does not exist; like a wall clock, move it forward.
            var wall = DateTime.SpecifyKind(zone.IsInvalidTime(local) ? local.AddHours(1) : local, DateTimeKind.Unspecified);
            return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(wall, zone), TimeSpan.Zero);
        }
        return null;
    }

    [GeneratedRegex("^[A-Za-z0-9@\\-_*!#$%^&+=.]+$")]
    private static partial Regex PasscodeCharacters();
}
