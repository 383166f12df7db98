using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using ZoomKit.App.Zoom;
using ZoomKit.AspNetCore.Authentication;
using ZoomKit.Http;
using ZoomKit.Meetings;
using ZoomKit.OAuth;
using ZoomKit.Tokens;
using ZoomKit.Users;

namespace ZoomKit.App.Pages.Admin;

/// <summary>
/// "Schedule for others": an account's owner or admin schedules a meeting for any user of the
/// account. The person is allowed by their own Zoom authorization (it carries admin scopes only for
/// the owner and admins); the meeting is made through the server-to-server app of <c>Zoom:AccountId</c>.
/// </summary>
public sealed class ScheduleModel(ZoomClientFactory clients, ZoomTokenManager tokens, IOptions<ZoomOAuthOptions> zoom, TimeProvider time) : ZoomPageModel(clients)
{
    /// <summary>Admin scopes of a user-level authorization, classic and granular: one to read the account's users, one to schedule for them.</summary>
    internal static readonly string[][] RequiredScopes =
    [
        ["user:read:admin", "user:read:list_users:admin"],
        ["meeting:write:admin", "meeting:write:meeting:admin"],
    ];

    private readonly ZoomClientFactory _clients = clients;

    /// <summary>Whom the meeting is for: a user id of the account.</summary>
    [BindProperty]
    [Display(Name = "Schedule for")]
    [Required(ErrorMessage = "Choose whom the meeting is for.")]
    public string? HostId { get; set; }

    /// <summary>The meeting, kept as typed when anything is wrong.</summary>
    [BindProperty]
    public MeetingForm Form { get; set; } = new();

    /// <summary>The account's users, every page of them.</summary>
    public IReadOnlyList<ZoomUser> Users { get; private set; } = [];

    /// <summary>Why this person may not schedule for others, in words they can act on; null when they may.</summary>
    public string? Refusal { get; private set; }

    /// <summary>The meeting just scheduled, and its host.</summary>
    public (Meeting Meeting, ZoomUser? Host)? Scheduled { get; private set; }

    public async Task<IActionResult> OnGetAsync(long? scheduled, CancellationToken cancellationToken)
    {
        if (await RefuseAsync(cancellationToken))
        {
            return Page();
        }
        await LoadUsersAsync(cancellationToken);
        Form.Start = MeetingForm.DefaultStart(Local(time.GetUtcNow()));
        Form.TimeZone = UserTimeZoneId;
        if (scheduled is { } id)
        {
            var meeting = await Account.Meetings.GetAsync(id, cancellationToken: cancellationToken);
            Scheduled = (meeting, Users.FirstOrDefault(u => u.Id == meeting.HostId));
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (await RefuseAsync(cancellationToken))
        {
            return Page();
        }
        await LoadUsersAsync(cancellationToken);
        if (HostId is not null && Users.All(u => u.Id != HostId))
        {
            ModelState.AddModelError(nameof(HostId), "Choose a user of your Zoom account.");
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        try
        {
            var meeting = await ChangeMeetingsAsync(() => Account.Meetings.CreateAsync(Form.ToCreate(), userId: HostId!, cancellationToken: cancellationToken), HostId);
            return RedirectToPage(new { scheduled = meeting.Id });
        }
        catch (ZoomApiException e) when (e is ZoomValidationException || e.Code == 300)
        {
            MeetingForm.AddErrors(ModelState, e);
        }
        catch (Exception e) when (ZoomProblem.From(e, time.GetUtcNow()) is { } problem && e is not ZoomReauthorizationRequiredException)
        {
            ModelState.AddModelError("", problem.Sentence);
        }
        return Page();
    }

    private ZoomClient Account => _clients.CreateAccountClient();

    private async Task LoadUsersAsync(CancellationToken cancellationToken) =>
        Users = await Account.Users.ListAllAsync(cancellationToken: cancellationToken).ToListAsync(cancellationToken);

    /// <summary>Sets <see cref="Refusal"/> (and 403) when this person may not schedule for others.</summary>
    private async Task<bool> RefuseAsync(CancellationToken cancellationToken)
    {
        var account = zoom.Value.AccountId;
        if (string.IsNullOrEmpty(account))
        {
            Refusal = "Scheduling for others is off: it needs the account id of a server-to-server Zoom app (the setting Zoom:AccountId).";
        }
        else if (User.FindFirstValue(ZoomClaimTypes.AccountId) is { } mine && mine != account)
        {
            Refusal = "Your Zoom account is not the account this app schedules for, so you cannot schedule for its users.";
        }
        else
        {
            var granted = (await tokens.GetAccessTokenAsync(UserId, cancellationToken)).Scopes;
            if (!RequiredScopes.All(any => any.Any(granted.Contains)))
            {
                Refusal = "Scheduling for others is for your Zoom account's owner and admins: your Zoom authorization has no admin scopes "
                    + "(user:read:admin and meeting:write:admin). Ask an admin to schedule for you, or to give you the Admin role in Zoom; then disconnect and connect Zoom again.";
            }
        }
        if (Refusal is not null)
        {
            Response.StatusCode = StatusCodes.Status403Forbidden;
        }
        return Refusal is not null;
    }
}
