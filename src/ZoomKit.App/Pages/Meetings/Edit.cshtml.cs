using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using ZoomKit.App.Zoom;
using ZoomKit.Http;
using ZoomKit.Meetings;

namespace ZoomKit.App.Pages.Meetings;

/// <summary>
/// The edit form, prefilled. Saving sends only what the person changed; for one occurrence of a
/// series the person chooses "This occurrence" (its start and duration) or "The whole series".
/// </summary>
public sealed class EditModel(ZoomClientFactory clients, TimeProvider time) : ZoomPageModel(clients)
{
    /// <summary>The value of <see cref="Scope"/> that changes one occurrence only.</summary>
    public const string ThisOccurrence = "occurrence";

    /// <summary>The meeting.</summary>
    public long Id { get; private set; }

    /// <summary>The occurrence the person chose to edit, if any.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Occurrence { get; set; }

    /// <summary>For an occurrence: <see cref="ThisOccurrence"/> or <c>series</c>.</summary>
    [BindProperty]
    public string? Scope { get; set; } = ThisOccurrence;

    /// <summary>The form.</summary>
    [BindProperty]
    public MeetingForm Form { get; set; } = new();

    /// <summary>The form as it was shown, so that saving sends only what changed.</summary>
    [BindProperty]
    public string? Baseline { get; set; }

    /// <summary>The slot whose overlap the person has seen and accepted ("Save anyway").</summary>
    [BindProperty]
    public string? AcceptedOverlap { get; set; }

    /// <summary>The person's other meetings the new time would overlap: a warning, not an error.</summary>
    public IReadOnlyList<MeetingSummary> Conflicts { get; private set; } = [];

    /// <summary>Fills the form from Zoom; for an occurrence, with its start and duration.</summary>
    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        Id = id;
        var form = await LoadAsync(id, cancellationToken);
        if (form is null)
        {
            return NotFound();
        }
        Form = form;
        Baseline = JsonSerializer.Serialize(form);
        return Page();
    }

    /// <summary>Saves the changes, or shows the form again with each error beside its field.</summary>
    public async Task<IActionResult> OnPostAsync(long id, CancellationToken cancellationToken)
    {
        Id = id;
        var before = Read(Baseline) ?? await LoadAsync(id, cancellationToken);
        if (before is null)
        {
            return NotFound();
        }
        // What Zoom has decided about the meeting is not the browser's to change.
        Form.NoFixedTime = before.NoFixedTime;
        Form.FixedRecurrence = before.FixedRecurrence;
        Baseline = JsonSerializer.Serialize(before);
        if (Form.NoFixedTime)
        {
            // A meeting with no fixed time has no start to choose (binding checked before it knew).
            ModelState.Remove($"{nameof(Form)}.{nameof(MeetingForm.Start)}");
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var changes = Form.Changes(before);
        var occurrence = Occurrence is { Length: > 0 } && Scope == ThisOccurrence ? Occurrence : null;
        if (occurrence is not null && !OnlyStartAndDuration(changes))
        {
            ModelState.AddModelError("", "One occurrence can change only its start and duration. Choose “The whole series” to change the rest.");
            return Page();
        }
        try
        {
            // A new time is checked against the person's other meetings, once per slot.
            if ((changes.StartTime is not null || changes.Duration is not null) && Form.StartInstant() is { } start)
            {
                (Conflicts, var slot) = await MeetingConflicts.UnacceptedAsync(Zoom, start, Form.Duration ?? 60, except: id, AcceptedOverlap, cancellationToken);
                if (Conflicts.Count > 0)
                {
                    AcceptedOverlap = slot;
                    return Page();
                }
            }
            if (!MeetingForm.IsEmpty(changes))
            {
                await ChangeMeetingsAsync(() => Zoom.Meetings.UpdateAsync(id, changes, occurrence, cancellationToken));
            }
            return RedirectToPage("/Meetings/Details", new { id });
        }
        catch (ZoomApiException e) when (e is ZoomValidationException || e.Code == 300)
        {
            MeetingForm.AddErrors(ModelState, e);
        }
        catch (Exception e) when (ZoomProblem.From(e, time.GetUtcNow()) is { } problem && e is not ZoomKit.Tokens.ZoomReauthorizationRequiredException && e is not ZoomApiException { StatusCode: 404 })
        {
            ModelState.AddModelError("", problem.Sentence);
        }
        return Page();
    }

    private static bool OnlyStartAndDuration(MeetingUpdateRequest changes) =>
        changes is { Topic: null, Password: null, Agenda: null, Settings: null, Type: null, Recurrence: null };

    private async Task<MeetingForm?> LoadAsync(long id, CancellationToken cancellationToken)
    {
        var meeting = await Zoom.Meetings.GetAsync(id, cancellationToken: cancellationToken);
        var form = MeetingForm.From(meeting, UserTimeZoneId);
        if (Occurrence is { Length: > 0 })
        {
            if (meeting.Occurrences?.FirstOrDefault(o => o.OccurrenceId == Occurrence) is not { } chosen)
            {
                return null;
            }
            ZoomTimeZones.TryFind(form.TimeZone!, out var zone);
            form.Start = chosen.StartTime is { } at ? TimeZoneInfo.ConvertTime(at, zone ?? TimeZoneInfo.Utc).DateTime : form.Start;
            form.Duration = chosen.Duration ?? form.Duration;
        }
        return form;
    }

    private static MeetingForm? Read(string? baseline)
    {
        if (string.IsNullOrEmpty(baseline))
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<MeetingForm>(baseline);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
