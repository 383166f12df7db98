using ZoomKit.Http.Internal;

namespace ZoomKit.Users;

/// <summary>The connection's Zoom user.</summary>
public sealed class UsersClient
{
    private readonly ZoomApiCaller _api;

    internal UsersClient(ZoomApiCaller api) => _api = api;

    /// <summary>The user who authorized the app (<c>GET /users/me</c>).</summary>
    public Task<ZoomUser> GetMeAsync(CancellationToken cancellationToken = default) =>
        _api.SendAsync(ZoomOperation.GetUser, HttpMethod.Get, "users/me", null, ZoomJsonContext.Default.ZoomUser, cancellationToken);
}
