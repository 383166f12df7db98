using System.Globalization;
using System.Runtime.CompilerServices;
using ZoomKit.Http;
using ZoomKit.Http.Internal;

namespace ZoomKit.Users;

/// <summary>The connection's Zoom user, and an account's users for an admin.</summary>
public sealed class UsersClient
{
    private readonly ZoomApiCaller _api;

    internal UsersClient(ZoomApiCaller api) => _api = api;

    /// <summary>The user who authorized the app (<c>GET /users/me</c>).</summary>
    public Task<ZoomUser> GetMeAsync(CancellationToken cancellationToken = default) =>
        _api.SendAsync(ZoomOperation.GetUser, HttpMethod.Get, "users/me", null, ZoomJsonContext.Default.ZoomUser, cancellationToken);

    /// <summary>
    /// One page of the account's users (<c>GET /users</c>), for a server-to-server app or an admin's
    /// authorization (<c>user:read:admin</c>).
    /// </summary>
    /// <exception cref="ZoomValidationException">A bad status or page size; nothing was sent.</exception>
    public Task<ZoomUserListPage> ListAsync(ZoomUserListOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new ZoomUserListOptions();
        var errors = new List<ZoomFieldError>();
        if (options.Status is { } status && status is not ("active" or "inactive" or "pending"))
        {
            errors.Add(new("status", "one of active, inactive, pending"));
        }
        if (options.PageSize is { } size && size is < 1 or > 2000)
        {
            errors.Add(new("page_size", "between 1 and 2000"));
        }
        if (errors.Count > 0)
        {
            throw new ZoomValidationException(errors);
        }
        var path = ZoomApiCaller.Query("users", ("status", options.Status), ("page_size", options.PageSize?.ToString(CultureInfo.InvariantCulture)), ("next_page_token", options.NextPageToken));
        return _api.SendAsync(ZoomOperation.ListUsers, HttpMethod.Get, path, null, ZoomJsonContext.Default.ZoomUserListPage, cancellationToken);
    }

    /// <summary>Every user of the account, page after page (300 a page unless <see cref="ZoomUserListOptions.PageSize"/> says otherwise).</summary>
    public async IAsyncEnumerable<ZoomUser> ListAllAsync(ZoomUserListOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var template = options ?? new ZoomUserListOptions();
        var token = template.NextPageToken;
        do
        {
            var page = await ListAsync(new ZoomUserListOptions { Status = template.Status, PageSize = template.PageSize ?? 300, NextPageToken = token }, cancellationToken);
            foreach (var user in page.Users)
            {
                yield return user;
            }
            token = page.NextPageToken;
        }
        while (!string.IsNullOrEmpty(token));
    }
}

/// <summary>What <see cref="UsersClient.ListAsync"/> asks for.</summary>
public sealed class ZoomUserListOptions
{
    /// <summary><c>active</c> (Zoom's default), <c>inactive</c> or <c>pending</c>.</summary>
    public string? Status { get; set; }

    /// <summary>1 to 2000; Zoom's default is 30.</summary>
    public int? PageSize { get; set; }

    /// <summary>The token of the page to read, from the previous page.</summary>
    public string? NextPageToken { get; set; }
}

/// <summary>One page of an account's users.</summary>
public sealed class ZoomUserListPage
{
    /// <summary>The page size served.</summary>
    public int PageSize { get; set; }

    /// <summary>How many users match, over every page.</summary>
    public int TotalRecords { get; set; }

    /// <summary>The token of the next page; empty on the last one. Expires after 15 minutes.</summary>
    public string? NextPageToken { get; set; }

    /// <summary>The users of this page (the list's fields: id, names, email, type, time zone, status, role id).</summary>
    public IList<ZoomUser> Users { get; set; } = [];
}
