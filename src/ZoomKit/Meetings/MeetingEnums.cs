namespace ZoomKit.Meetings;

/// <summary>A meeting's type. A value Zoom adds later is kept as its number, never an error.</summary>
public enum MeetingType
{
    /// <summary>Starts at once.</summary>
    Instant = 1,
    /// <summary>At a given time (the default).</summary>
    Scheduled = 2,
    /// <summary>Recurring, no fixed time.</summary>
    RecurringNoFixedTime = 3,
    /// <summary>The personal meeting ID (returned, never created).</summary>
    PersonalMeetingRoom = 4,
    /// <summary>Recurring at fixed times; needs a <see cref="Recurrence"/>.</summary>
    RecurringFixedTime = 8,
    /// <summary>Screen share only.</summary>
    ScreenShareOnly = 10,
}

/// <summary>How a recurring meeting repeats.</summary>
public enum RecurrenceType
{
    /// <summary>Every N days.</summary>
    Daily = 1,
    /// <summary>Every N weeks, on <see cref="Recurrence.WeeklyDays"/>.</summary>
    Weekly = 2,
    /// <summary>Every N months.</summary>
    Monthly = 3,
}

/// <summary>Values of the <c>type</c> filter of <see cref="MeetingsClient.ListAsync"/>.</summary>
public static class MeetingListType
{
    /// <summary>Every scheduled meeting not yet over (Zoom's default).</summary>
    public const string Scheduled = "scheduled";
    /// <summary>Meetings in progress.</summary>
    public const string Live = "live";
    /// <summary>Meetings still to start.</summary>
    public const string Upcoming = "upcoming";
    /// <summary>Upcoming meetings (Zoom's newer name).</summary>
    public const string UpcomingMeetings = "upcoming_meetings";
    /// <summary>Meetings that have ended.</summary>
    public const string PreviousMeetings = "previous_meetings";

    internal static readonly string[] All = [Scheduled, Live, Upcoming, UpcomingMeetings, PreviousMeetings];
}

/// <summary>Values of <see cref="MeetingSettings.Audio"/>.</summary>
public static class MeetingAudio
{
    /// <summary>Telephone and computer audio.</summary>
    public const string Both = "both";
    /// <summary>Telephone only.</summary>
    public const string Telephony = "telephony";
    /// <summary>Computer audio only.</summary>
    public const string Voip = "voip";
    /// <summary>Third-party audio conference.</summary>
    public const string ThirdParty = "thirdParty";

    internal static readonly string[] All = [Both, Telephony, Voip, ThirdParty];
}

/// <summary>Values of <see cref="MeetingSettings.AutoRecording"/>.</summary>
public static class MeetingAutoRecording
{
    /// <summary>Record on the host's computer.</summary>
    public const string Local = "local";
    /// <summary>Record in Zoom's cloud.</summary>
    public const string Cloud = "cloud";
    /// <summary>Do not record automatically.</summary>
    public const string None = "none";

    internal static readonly string[] All = [Local, Cloud, None];
}
