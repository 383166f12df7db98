using Microsoft.AspNetCore.Mvc;
using ZoomKit.App.Zoom;
using ZoomKit.Http;

namespace ZoomKit.App.Pages.Meetings;

/// <summary>The schedule form.</summary>
public sealed class NewModel(ZoomClientFactory clients, TimeProvider time) : ZoomPageModel(clients)
{
    /// <summary>The form, kept as typed when anything is wrong.</summary>
    [BindProperty]
    public MeetingForm Form { get; set; } = new();

    /// <summary>An empty form: tomorrow at the next full hour, in the user's time zone.</summary>
    public void OnGet()
    {
        var next = Local(time.GetUtcNow()).AddDays(1);
        Form.Start = new DateTime(next.Year, next.Month, next.Day, next.Hour, 0, 0, DateTimeKind.Unspecified).AddHours(1);
        Form.TimeZone = UserTimeZoneId;
    }

    /// <summary>Schedules the meeting, or shows the form again with each error beside its field.</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }
        try
        {
            var meeting = await Zoom.Meetings.CreateAsync(Form.ToCreate(), cancellationToken: cancellationToken);
            return Redirect($"/meetings/{meeting.Id}");
        }
        catch (ZoomApiException e) when (e is ZoomValidationException || e.Code == 300)
        {
            MeetingForm.AddErrors(ModelState, e);
        }
        catch (Exception e) when (ZoomProblem.From(e, time.GetUtcNow()) is { } problem && e is not ZoomKit.Tokens.ZoomReauthorizationRequiredException)
        {
            // The form stays as typed; the problem goes above it.
            ModelState.AddModelError("", $"{problem.Title}. {problem.Message}");
        }
        return Page();
    }
}
