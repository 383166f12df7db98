using ZoomKit.Http.Internal;
using ZoomKit.Meetings;
using ZoomKit.Users;

namespace ZoomKit.Http;

/// <summary>The Zoom API for one connection (one user of the app, or a server-to-server account). Cheap: make one per request.</summary>
public sealed class ZoomClient
{
    internal ZoomClient(HttpClient http, string connectionId)
    {
        var caller = new ZoomApiCaller(http, connectionId);
        ConnectionId = connectionId;
        Meetings = new MeetingsClient(caller);
        Users = new UsersClient(caller);
    }

    /// <summary>The connection whose tokens the calls use.</summary>
    public string ConnectionId { get; }

    /// <summary>Meetings.</summary>
    public MeetingsClient Meetings { get; }

    /// <summary>Users.</summary>
    public UsersClient Users { get; }
}

/// <summary>Gives the <see cref="ZoomClient"/> of a connection; registered by <c>AddZoomKit</c>.</summary>
public sealed class ZoomClientFactory(IHttpClientFactory httpClientFactory)
{
    /// <summary>The name of the <see cref="HttpClient"/> of the API pipeline.</summary>
    public const string HttpClientName = "ZoomKit.Api";

    /// <summary>The client of one connection.</summary>
    public ZoomClient CreateClient(string connectionId)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionId);
        return new ZoomClient(httpClientFactory.CreateClient(HttpClientName), connectionId);
    }
}
