using Microsoft.AspNetCore.Mvc;
using ZoomKit.App.Zoom;
using ZoomKit.Http;

namespace ZoomKit.App.Pages.Meetings;

/// <summary>Delete, with confirmation.</summary>
public sealed class DeleteModel(ZoomClientFactory clients) : ZoomPageModel(clients)
{
    /// <summary>The meeting.</summary>
    public long Id { get; private set; }

    /// <summary>Its topic.</summary>
    public string? Topic { get; private set; }

    /// <summary>Asks for confirmation.</summary>
    public async Task OnGetAsync(long id, CancellationToken cancellationToken)
    {
        Id = id;
        Topic = (await Zoom.Meetings.GetAsync(id, cancellationToken: cancellationToken)).Topic;
    }

    /// <summary>Deletes it.</summary>
    public async Task<IActionResult> OnPostAsync(long id, CancellationToken cancellationToken)
    {
        await Zoom.Meetings.DeleteAsync(id, cancellationToken: cancellationToken);
        return RedirectToPage("/Meetings/Index");
    }
}
