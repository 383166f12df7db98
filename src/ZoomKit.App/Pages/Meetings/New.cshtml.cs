using Microsoft.AspNetCore.Mvc;
using ZoomKit.App.Zoom;
using ZoomKit.Http;
using ZoomKit.Meetings;

namespace ZoomKit.App.Pages.Meetings;

/// <summary>The schedule form.</summary>
public sealed class NewModel(ZoomClientFactory clients, TimeProvider time) : ZoomPageModel(clients)
{
    /// <summary>The form, kept as typed when anything is wrong.</summary>
    [BindProperty]
    public MeetingForm Form { get; set; } = new();

    /// <summary>The slot whose overlap the person has seen and accepted ("Schedule anyway").</summary>
    [BindProperty]
    public string? AcceptedOverlap { get; set; }

    /// <summary>The person's meetings this one would overlap: a warning, not an error.</summary>
    public IReadOnlyList<MeetingSummary> Conflicts { get; private set; } = [];

    /// <summary>An empty form: tomorrow at the next full hour, in the user's time zone.</summary>
    public void OnGet()
    {
        Form.Start = MeetingForm.DefaultStart(Local(time.GetUtcNow()));
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
            if (!Form.NoFixedTime && Form.StartInstant() is { } start)
            {
                (Conflicts, var slot) = await MeetingConflicts.UnacceptedAsync(Zoom, start, Form.Duration ?? 60, except: null, AcceptedOverlap, cancellationToken);
                if (Conflicts.Count > 0)
                {
                    AcceptedOverlap = slot;
                    return Page();
                }
            }
            var meeting = await ChangeMeetingsAsync(() => Zoom.Meetings.CreateAsync(Form.ToCreate(), cancellationToken: cancellationToken));
            return RedirectToPage("/Meetings/Details", new { id = meeting.Id });
        }
        catch (ZoomApiException e) when (e is ZoomValidationException || e.Code == 300)
        {
            MeetingForm.AddErrors(ModelState, e);
        }
        catch (Exception e) when (ZoomProblem.From(e, time.GetUtcNow()) is { } problem && e is not ZoomKit.Tokens.ZoomReauthorizationRequiredException)
        {
            // The form stays as typed; the problem goes above it.
            ModelState.AddModelError("", problem.Sentence);
        }
        return Page();
    }
}
