using Microsoft.Extensions.Options;
using ZoomKit.OAuth;
using ZoomKit.Tokens;
using System.Text.Json.Serialization.Metadata;
using ZoomKit.Http.Internal;
using ZoomKit.Meetings;
using ZoomKit.Users;

namespace ZoomKit.Http;

/// <summary>The Zoom API for one connection (one user of the app, or a server-to-server account). Cheap: make one per request.</summary>
public sealed class ZoomClient
{
    private readonly ZoomApiCaller _caller;

    internal ZoomClient(HttpClient http, string connectionId)
    {
        var caller = _caller = new ZoomApiCaller(http, connectionId);
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

    /// <summary>
    /// Sends a request ZoomKit does not type (webinars, recordings, reports, …) through the same
    /// pipeline as the typed calls: the connection's token, one renewal when Zoom answers 401 code
    /// 124, the account's per-second budget of <paramref name="category"/> (Zoom's label of the
    /// endpoint), Zoom's 429s honoured, retries of GET and DELETE only. A relative URI is relative to
    /// the API base (<c>users/me/recordings</c>). The answer is returned whatever its status, as
    /// <see cref="HttpClient.SendAsync(HttpRequestMessage, CancellationToken)"/> does; dispose it.
    /// </summary>
    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, ZoomRateCategory category = ZoomRateCategory.Medium, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Options.Set(ZoomRequest.Category, category);
        return _caller.SendCustomAsync(request, cancellationToken);
    }

    /// <summary>
    /// <c>GET</c> of a path ZoomKit does not type, read as <typeparamref name="T"/> (a source-generated
    /// <paramref name="type"/>, so that it trims); a refusal throws <see cref="ZoomApiException"/>.
    /// </summary>
    public Task<T> GetFromJsonAsync<T>(string path, JsonTypeInfo<T> type, ZoomRateCategory category = ZoomRateCategory.Medium, CancellationToken cancellationToken = default) =>
        SendAsJsonAsync(HttpMethod.Get, path, content: null, type, category, cancellationToken);

    /// <summary>
    /// A request with a JSON body to a path ZoomKit does not type, its answer read as
    /// <typeparamref name="TResponse"/>; a refusal throws <see cref="ZoomApiException"/>.
    /// </summary>
    public Task<TResponse> SendAsJsonAsync<TRequest, TResponse>(HttpMethod method, string path, TRequest body, JsonTypeInfo<TRequest> bodyType, JsonTypeInfo<TResponse> answerType, ZoomRateCategory category = ZoomRateCategory.Medium, CancellationToken cancellationToken = default) =>
        SendAsJsonAsync(method, path, ZoomApiCaller.Json(body, bodyType), answerType, category, cancellationToken);

    private async Task<T> SendAsJsonAsync<T>(HttpMethod method, string path, HttpContent? content, JsonTypeInfo<T> type, ZoomRateCategory category, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(type);
        using var request = new HttpRequestMessage(method, new Uri(path.TrimStart('/'), UriKind.RelativeOrAbsolute)) { Content = content };
        using var response = await SendAsync(request, category, cancellationToken);
        return await ZoomApiCaller.ReadAsync(response, type, ZoomRequest.CustomOperation, cancellationToken);
    }
}

/// <summary>Gives the <see cref="ZoomClient"/> of a connection; registered by <c>AddZoomKit</c>.</summary>
public sealed class ZoomClientFactory
{
    /// <summary>The name of the <see cref="HttpClient"/> of the API pipeline.</summary>
    public const string HttpClientName = "ZoomKit.Api";

    private readonly IHttpClientFactory _httpClientFactory;
    private readonly string _httpClientName;
    private readonly string? _accountId;

    /// <summary>The factory of user connections only.</summary>
    public ZoomClientFactory(IHttpClientFactory httpClientFactory)
        : this(httpClientFactory, HttpClientName, accountId: null)
    {
    }

    /// <summary>The factory, with the server-to-server account of <see cref="ZoomOAuthOptions.AccountId"/>.</summary>
    public ZoomClientFactory(IHttpClientFactory httpClientFactory, IOptions<ZoomOAuthOptions> options)
        : this(httpClientFactory, HttpClientName, options?.Value.AccountId)
    {
    }

    // A named app's factory: its own pipeline (credentials, token manager, budgets) behind its own HttpClient.
    internal ZoomClientFactory(IHttpClientFactory httpClientFactory, string httpClientName, string? accountId)
    {
        ArgumentNullException.ThrowIfNull(httpClientFactory);
        _httpClientFactory = httpClientFactory;
        _httpClientName = httpClientName;
        _accountId = accountId;
    }

    /// <summary>
    /// The client of the server-to-server account of <c>Zoom:AccountId</c>, which connects itself on
    /// first use; it acts for any user of the account (<c>/users/{userId}/…</c>) within the app's
    /// <c>:admin</c> scopes.
    /// </summary>
    /// <exception cref="InvalidOperationException">No <c>Zoom:AccountId</c> is configured.</exception>
    public ZoomClient CreateAccountClient() => CreateClient(ZoomTokenManager.AccountConnectionId(_accountId
        ?? throw new InvalidOperationException("Zoom:AccountId is not configured: set it to the account id of the server-to-server app to use CreateAccountClient().")));

    /// <summary>The client of one connection.</summary>
    public ZoomClient CreateClient(string connectionId)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionId);
        return new ZoomClient(_httpClientFactory.CreateClient(_httpClientName), connectionId);
    }
}
