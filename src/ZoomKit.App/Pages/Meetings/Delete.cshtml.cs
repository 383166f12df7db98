using Microsoft.AspNetCore.Mvc;
using ZoomKit.App.Zoom;
using ZoomKit.Http;
using ZoomKit.Meetings;

namespace ZoomKit.App.Pages.Meetings;

/// <summary>Delete, with confirmation; for one occurrence of a series, "This occurrence" or "The whole series".</summary>
public sealed class DeleteModel(ZoomClientFactory clients) : ZoomPageModel(clients)
{
    /// <summary>The value of <see cref="Scope"/> that deletes one occurrence only.</summary>
    public const string ThisOccurrence = "occurrence";

    /// <summary>The meeting.</summary>
    public long Id { get; private set; }

    /// <summary>Its topic.</summary>
    public string? Topic { get; private set; }

    /// <summary>When the chosen occurrence starts, in the user's time zone.</summary>
    public DateTimeOffset? OccurrenceStart { get; private set; }

    /// <summary>The occurrence the person chose, if any.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Occurrence { get; set; }

    /// <summary>For an occurrence: <see cref="ThisOccurrence"/> or <c>series</c>.</summary>
    [BindProperty]
    public string? Scope { get; set; } = ThisOccurrence;

    /// <summary>Asks for confirmation.</summary>
    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        Id = id;
        var meeting = await Zoom.Meetings.GetAsync(id, cancellationToken: cancellationToken);
        Topic = meeting.Topic;
        if (Occurrence is { Length: > 0 })
        {
            if (meeting.Occurrences?.FirstOrDefault(o => o.OccurrenceId == Occurrence) is not { } chosen)
            {
                return NotFound();
            }
            OccurrenceStart = chosen.StartTime is { } at ? Local(at) : null;
        }
        return Page();
    }

    /// <summary>Deletes the meeting, or the one occurrence.</summary>
    public async Task<IActionResult> OnPostAsync(long id, CancellationToken cancellationToken)
    {
        var occurrence = Occurrence is { Length: > 0 } && Scope == ThisOccurrence ? Occurrence : null;
        await ChangeMeetingsAsync(() => Zoom.Meetings.DeleteAsync(id, new MeetingDeleteOptions { OccurrenceId = occurrence }, cancellationToken));
        return occurrence is null ? RedirectToPage("/Meetings/Index") : RedirectToPage("/Meetings/Details", new { id });
    }
}
