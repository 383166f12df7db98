using Microsoft.AspNetCore.Mvc;
using ZoomKit.App.Zoom;
using ZoomKit.Http;

namespace ZoomKit.App.Pages.Meetings;

/// <summary>The edit form: every field of the schedule form, prefilled.</summary>
public sealed class EditModel(ZoomClientFactory clients, TimeProvider time) : ZoomPageModel(clients)
{
    /// <summary>The meeting.</summary>
    public long Id { get; private set; }

    /// <summary>The form.</summary>
    [BindProperty]
    public MeetingForm Form { get; set; } = new();

    /// <summary>Fills the form from Zoom.</summary>
    public async Task OnGetAsync(long id, CancellationToken cancellationToken)
    {
        Id = id;
        Form = MeetingForm.From(await Zoom.Meetings.GetAsync(id, cancellationToken: cancellationToken), UserTimeZoneId);
    }

    /// <summary>Saves the changes, or shows the form again with each error beside its field.</summary>
    public async Task<IActionResult> OnPostAsync(long id, CancellationToken cancellationToken)
    {
        Id = id;
        if (!ModelState.IsValid)
        {
            return Page();
        }
        try
        {
            await Zoom.Meetings.UpdateAsync(id, Form.ToUpdate(), cancellationToken: cancellationToken);
            return Redirect($"/meetings/{id}");
        }
        catch (ZoomApiException e) when (e is ZoomValidationException || e.Code == 300)
        {
            MeetingForm.AddErrors(ModelState, e);
        }
        catch (Exception e) when (ZoomProblem.From(e, time.GetUtcNow()) is { } problem && e is not ZoomKit.Tokens.ZoomReauthorizationRequiredException && e is not ZoomApiException { StatusCode: 404 })
        {
            ModelState.AddModelError("", $"{problem.Title}. {problem.Message}");
        }
        return Page();
    }
}
