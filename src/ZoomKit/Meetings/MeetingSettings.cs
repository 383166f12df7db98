using System.Text.Json.Serialization;

namespace ZoomKit.Meetings;

/// <summary>A meeting's settings, every field of Zoom's create and update schemas. Unset (null) fields are not sent.</summary>
public sealed class MeetingSettings
{
    /// <summary>Extra data center regions (create only).</summary>
    public IList<string>? AdditionalDataCenterRegions { get; set; }
    /// <summary>Let attendees join from several devices.</summary>
    public bool? AllowMultipleDevices { get; set; }
    /// <summary>Alternative hosts' emails or ids, separated by ';'.</summary>
    public string? AlternativeHosts { get; set; }
    /// <summary>Email alternative hosts about the meeting.</summary>
    public bool? AlternativeHostsEmailNotification { get; set; }
    /// <summary>Let alternative hosts edit polls.</summary>
    public bool? AlternativeHostUpdatePolls { get; set; }
    /// <summary>Let alternative hosts manage the meeting summary.</summary>
    public bool? AlternativeHostManageMeetingSummary { get; set; }
    /// <summary>Let alternative hosts manage cloud recordings.</summary>
    public bool? AlternativeHostManageCloudRecording { get; set; }
    /// <summary>Registration approval: 0 automatic, 1 manual, 2 none (default).</summary>
    public int? ApprovalType { get; set; }
    /// <summary>Countries or regions allowed or blocked.</summary>
    public CountryRestriction? ApprovedOrDeniedCountriesOrRegions { get; set; }
    /// <summary>One of MeetingAudio: both (default), telephony, voip, thirdParty.</summary>
    public string? Audio { get; set; }
    /// <summary>Third-party audio conference details, up to 2048 characters.</summary>
    public string? AudioConferenceInfo { get; set; }
    /// <summary>Domains allowed to join when authentication is required.</summary>
    public string? AuthenticationDomains { get; set; }
    /// <summary>Participants who may skip authentication.</summary>
    /// <remarks>Zoom's wire name is <c>authentication_exception</c> (sic, Meetings.json); the C# name says what it means.</remarks>
    [JsonPropertyName("authentication_exception")]
    public IList<AuthenticationExemption>? AuthenticationExemption { get; set; }
    /// <summary>The authentication option's name (update only).</summary>
    public string? AuthenticationName { get; set; }
    /// <summary>The authentication option's id.</summary>
    public string? AuthenticationOption { get; set; }
    /// <summary>One of MeetingAutoRecording: local, cloud, none (default).</summary>
    public string? AutoRecording { get; set; }
    /// <summary>Add recordings to video management channels.</summary>
    public VideoManagementRecording? AutoAddRecordingToVideoManagement { get; set; }
    /// <summary>Pre-assigned breakout rooms.</summary>
    public BreakoutRoomSettings? BreakoutRoom { get; set; }
    /// <summary>1 Outlook, 2 Google Calendar.</summary>
    public int? CalendarType { get; set; }
    /// <summary>Close registration after the event date.</summary>
    public bool? CloseRegistration { get; set; }
    /// <summary>Host the meeting in China.</summary>
    public bool? CnMeeting { get; set; }
    /// <summary>Contact email for registration.</summary>
    public string? ContactEmail { get; set; }
    /// <summary>Contact name for registration.</summary>
    public string? ContactName { get; set; }
    /// <summary>Custom keys and values, at most 10 (update only).</summary>
    public IList<CustomKey>? CustomKeys { get; set; }
    /// <summary>Let participants test their devices first.</summary>
    public bool? DeviceTesting { get; set; }
    /// <summary>Turn participants' video off.</summary>
    public bool? DisableParticipantVideo { get; set; }
    /// <summary>Include authenticated emails in the attendee report.</summary>
    public bool? EmailInAttendeeReport { get; set; }
    /// <summary>Send email notifications to alternative hosts and users with scheduling privileges.</summary>
    public bool? EmailNotification { get; set; }
    /// <summary>enhanced_encryption or e2ee.</summary>
    public string? EncryptionType { get; set; }
    /// <summary>Deprecated: only signed-in users may join.</summary>
    public bool? EnforceLogin { get; set; }
    /// <summary>Deprecated: domains of signed-in users who may join.</summary>
    public string? EnforceLoginDomains { get; set; }
    /// <summary>Turn focus mode on at the start.</summary>
    public bool? FocusMode { get; set; }
    /// <summary>Countries whose dial-in numbers are listed.</summary>
    public IList<string>? GlobalDialInCountries { get; set; }
    /// <summary>Dial-in numbers (returned).</summary>
    public IList<GlobalDialInNumber>? GlobalDialInNumbers { get; set; }
    /// <summary>Let the host save the video order.</summary>
    public bool? HostSaveVideoOrder { get; set; }
    /// <summary>Start with the host's video on.</summary>
    public bool? HostVideo { get; set; }
    /// <summary>Host the meeting in India.</summary>
    public bool? InMeeting { get; set; }
    /// <summary>Mark the meeting as internal.</summary>
    public bool? InternalMeeting { get; set; }
    /// <summary>Minutes before the start participants may join before the host: 0 (any time), 5, 10 or 15.</summary>
    public int? JbhTime { get; set; }
    /// <summary>Let participants join before the host.</summary>
    public bool? JoinBeforeHost { get; set; }
    /// <summary>Language interpretation.</summary>
    public LanguageInterpretation? LanguageInterpretation { get; set; }
    /// <summary>Sign language interpretation.</summary>
    public SignLanguageInterpretation? SignLanguageInterpretation { get; set; }
    /// <summary>Only authenticated users may join.</summary>
    public bool? MeetingAuthentication { get; set; }
    /// <summary>Invitees.</summary>
    public IList<MeetingInvitee>? MeetingInvitees { get; set; }
    /// <summary>Mute participants when they join.</summary>
    public bool? MuteUponEntry { get; set; }
    /// <summary>A participant-focused meeting.</summary>
    public bool? ParticipantFocusedMeeting { get; set; }
    /// <summary>Start with participants' video on.</summary>
    public bool? ParticipantVideo { get; set; }
    /// <summary>Hide the meeting from others' calendars.</summary>
    public bool? PrivateMeeting { get; set; }
    /// <summary>Push changes to the calendar.</summary>
    public bool? PushChangeToCalendar { get; set; }
    /// <summary>Q&amp;A settings.</summary>
    public QuestionAndAnswer? QuestionAndAnswer { get; set; }
    /// <summary>Send registrants a confirmation email.</summary>
    public bool? RegistrantsConfirmationEmail { get; set; }
    /// <summary>Send registrants email notifications.</summary>
    public bool? RegistrantsEmailNotification { get; set; }
    /// <summary>1 register once for all occurrences, 2 each occurrence, 3 once and choose occurrences.</summary>
    public int? RegistrationType { get; set; }
    /// <summary>Ask participants for permission to unmute them.</summary>
    public bool? RequestPermissionToUnmuteParticipants { get; set; }
    /// <summary>Resources such as whiteboards.</summary>
    public IList<MeetingResource>? Resources { get; set; }
    /// <summary>Show the join information (create only).</summary>
    public bool? ShowJoinInfo { get; set; }
    /// <summary>Show social share buttons on the registration page.</summary>
    public bool? ShowShareButton { get; set; }
    /// <summary>Use the personal meeting ID.</summary>
    public bool? UsePmi { get; set; }
    /// <summary>Put participants in a waiting room.</summary>
    public bool? WaitingRoom { get; set; }
    /// <summary>Who goes to the waiting room.</summary>
    public WaitingRoomOptions? WaitingRoomOptions { get; set; }
    /// <summary>Watermark shared screens.</summary>
    public bool? Watermark { get; set; }
    /// <summary>Continuous meeting chat.</summary>
    public ContinuousMeetingChat? ContinuousMeetingChat { get; set; }
    /// <summary>Start the AI meeting summary automatically.</summary>
    public bool? AutoStartMeetingSummary { get; set; }
    /// <summary>Who receives the summary: 1 to 4.</summary>
    public int? WhoWillReceiveSummary { get; set; }
    /// <summary>Start AI Companion questions automatically.</summary>
    public bool? AutoStartAiCompanionQuestions { get; set; }
    /// <summary>Who may ask AI Companion questions: 1 to 5.</summary>
    public int? WhoCanAskQuestions { get; set; }
    /// <summary>The summary template.</summary>
    public string? SummaryTemplateId { get; set; }
    /// <summary>Let the host control participants' mute state.</summary>
    public bool? AllowHostControlParticipantMuteState { get; set; }
}

/// <summary>Part of <see cref="MeetingSettings"/>.</summary>
public sealed class CountryRestriction
{
    /// <summary>Countries or regions allowed.</summary>
    public IList<string>? ApprovedList { get; set; }
    /// <summary>Countries or regions blocked.</summary>
    public IList<string>? DeniedList { get; set; }
    /// <summary>Whether the restriction applies.</summary>
    public bool? Enable { get; set; }
    /// <summary>approve or deny.</summary>
    public string? Method { get; set; }
}

/// <summary>Part of <see cref="MeetingSettings"/>.</summary>
public sealed class AuthenticationExemption
{
    /// <summary>The participant's email.</summary>
    public string? Email { get; set; }
    /// <summary>The participant's name.</summary>
    public string? Name { get; set; }
    /// <summary>Their join link (returned).</summary>
    public string? JoinUrl { get; set; }
}

/// <summary>Part of <see cref="MeetingSettings"/>.</summary>
public sealed class VideoManagementRecording
{
    /// <summary>Whether to add recordings.</summary>
    public bool? Enable { get; set; }
    /// <summary>At most 5 channels.</summary>
    public IList<VideoManagementChannel>? Channels { get; set; }
}

/// <summary>Part of <see cref="MeetingSettings"/>.</summary>
public sealed class VideoManagementChannel
{
    /// <summary>The channel id.</summary>
    public string? ChannelId { get; set; }
    /// <summary>The channel name.</summary>
    public string? Name { get; set; }
}

/// <summary>Part of <see cref="MeetingSettings"/>.</summary>
public sealed class BreakoutRoomSettings
{
    /// <summary>Whether rooms are pre-assigned.</summary>
    public bool? Enable { get; set; }
    /// <summary>The rooms.</summary>
    public IList<BreakoutRoom>? Rooms { get; set; }
}

/// <summary>Part of <see cref="MeetingSettings"/>.</summary>
public sealed class BreakoutRoom
{
    /// <summary>The room's name.</summary>
    public string? Name { get; set; }
    /// <summary>Participants' emails.</summary>
    public IList<string>? Participants { get; set; }
}

/// <summary>Part of <see cref="MeetingSettings"/>.</summary>
public sealed class CustomKey
{
    /// <summary>The key, up to 64 characters.</summary>
    public string? Key { get; set; }
    /// <summary>The value, up to 256 characters.</summary>
    public string? Value { get; set; }
}

/// <summary>Part of <see cref="MeetingSettings"/>.</summary>
public sealed class GlobalDialInNumber
{
    /// <summary>City.</summary>
    public string? City { get; set; }
    /// <summary>Country code.</summary>
    public string? Country { get; set; }
    /// <summary>Country name.</summary>
    public string? CountryName { get; set; }
    /// <summary>The number.</summary>
    public string? Number { get; set; }
    /// <summary>toll or tollfree.</summary>
    public string? Type { get; set; }
}

/// <summary>Part of <see cref="MeetingSettings"/>.</summary>
public sealed class LanguageInterpretation
{
    /// <summary>Whether it is on.</summary>
    public bool? Enable { get; set; }
    /// <summary>The interpreters.</summary>
    public IList<LanguageInterpreter>? Interpreters { get; set; }
}

/// <summary>Part of <see cref="MeetingSettings"/>.</summary>
public sealed class LanguageInterpreter
{
    /// <summary>The interpreter's email.</summary>
    public string? Email { get; set; }
    /// <summary>Two languages, comma-separated (US,CN).</summary>
    public string? Languages { get; set; }
    /// <summary>Two languages by name, comma-separated.</summary>
    public string? InterpreterLanguages { get; set; }
}

/// <summary>Part of <see cref="MeetingSettings"/>.</summary>
public sealed class SignLanguageInterpretation
{
    /// <summary>Whether it is on.</summary>
    public bool? Enable { get; set; }
    /// <summary>The interpreters.</summary>
    public IList<SignLanguageInterpreter>? Interpreters { get; set; }
}

/// <summary>Part of <see cref="MeetingSettings"/>.</summary>
public sealed class SignLanguageInterpreter
{
    /// <summary>The interpreter's email.</summary>
    public string? Email { get; set; }
    /// <summary>The sign language.</summary>
    public string? SignLanguage { get; set; }
}

/// <summary>Part of <see cref="MeetingSettings"/>.</summary>
public sealed class MeetingInvitee
{
    /// <summary>The invitee's email.</summary>
    public string? Email { get; set; }
    /// <summary>Whether the invitee belongs to the host's account. Zoom sets it; it is read, never sent.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWriting)]
    public bool? InternalUser { get; set; }
}

/// <summary>Part of <see cref="MeetingSettings"/>.</summary>
public sealed class QuestionAndAnswer
{
    /// <summary>Whether Q&amp;A is on.</summary>
    public bool? Enable { get; set; }
    /// <summary>Allow questions.</summary>
    public bool? AllowSubmitQuestions { get; set; }
    /// <summary>Allow anonymous questions.</summary>
    public bool? AllowAnonymousQuestions { get; set; }
    /// <summary>answered or all.</summary>
    public string? QuestionVisibility { get; set; }
    /// <summary>Attendees may comment.</summary>
    public bool? AttendeesCanComment { get; set; }
    /// <summary>Attendees may upvote.</summary>
    public bool? AttendeesCanUpvote { get; set; }
}

/// <summary>Part of <see cref="MeetingSettings"/>.</summary>
public sealed class WaitingRoomOptions
{
    /// <summary>follow_setting or custom.</summary>
    public string? Mode { get; set; }
    /// <summary>everyone, users_not_in_account, users_not_in_account_or_whitelisted_domains or users_not_on_invite.</summary>
    public string? WhoGoesToWaitingRoom { get; set; }
}

/// <summary>Part of <see cref="MeetingSettings"/>.</summary>
public sealed class ContinuousMeetingChat
{
    /// <summary>Whether it is on.</summary>
    public bool? Enable { get; set; }
    /// <summary>Add invited external users.</summary>
    public bool? AutoAddInvitedExternalUsers { get; set; }
    /// <summary>Add meeting participants.</summary>
    public bool? AutoAddMeetingParticipants { get; set; }
    /// <summary>The chat channel of the meeting. Zoom sets it; it is read, never sent.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWriting)]
    public string? ChannelId { get; set; }
}

/// <summary>Part of <see cref="MeetingSettings"/>.</summary>
public sealed class MeetingResource
{
    /// <summary>whiteboard.</summary>
    public string? ResourceType { get; set; }
    /// <summary>The resource's id.</summary>
    public string? ResourceId { get; set; }
    /// <summary>editor, commenter or viewer.</summary>
    public string? PermissionLevel { get; set; }
}
