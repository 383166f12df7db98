using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ZoomKit.Internal;

namespace ZoomKit.Http.Internal;

/// <summary>Sends one API request for one connection and reads its answer: the shared core of every resource client.</summary>
internal sealed class ZoomApiCaller(HttpClient http, string connectionId)
{
    private readonly string _ownBudget = ZoomRequestContext.OwnBudgetOf(connectionId);

    public string ConnectionId => connectionId;

    public async Task<T> SendAsync<T>(ZoomOperation operation, HttpMethod method, string path, HttpContent? content, JsonTypeInfo<T> answer, CancellationToken cancellationToken)
    {
        using var response = await SendRawAsync(operation, method, path, content, cancellationToken);
        return await ReadAsync(response, answer, operation.Name, cancellationToken);
    }

    /// <summary>Reads a successful answer as <typeparamref name="T"/>; a refusal becomes its <see cref="ZoomApiException"/>.</summary>
    public static async Task<T> ReadAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> answer, string operation, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw await ZoomApiErrors.ReadAsync(response, cancellationToken);
        }
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        try
        {
            return await JsonSerializer.DeserializeAsync(stream, answer, cancellationToken)
                ?? throw new ZoomApiException((int)response.StatusCode, null, $"Zoom's answer to {operation} was empty.", null, ZoomApiErrors.TrackingId(response));
        }
        catch (JsonException e)
        {
            // A broken body (a proxy's page, a cut connection) is reported with what is known, never parsed further.
            throw new ZoomApiException((int)response.StatusCode, null, $"Zoom's answer to {operation} is not the JSON it should be ({e.Message}).", null, ZoomApiErrors.TrackingId(response), e);
        }
    }

    /// <summary>A request ZoomKit does not type: through the pipeline with telemetry, its answer returned whatever the status.</summary>
    public async Task<HttpResponseMessage> SendCustomAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var activity = ZoomTelemetry.StartCall(ZoomRequest.CustomOperation, request.Method, connectionId);
        if (request.RequestUri is { IsAbsoluteUri: false } relative)
        {
            // Relative to the API base ("https://api.zoom.us/v2/"): a leading slash would drop its "/v2".
            request.RequestUri = new Uri(relative.OriginalString.TrimStart('/'), UriKind.Relative);
        }
        ZoomRequest.Prepare(request, connectionId);
        var started = Stopwatch.GetTimestamp();
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        ZoomTelemetry.Answered(activity, ZoomRequest.CustomOperation, request.Method, (int)response.StatusCode, started);
        return response;
    }

    public async Task SendAsync(ZoomOperation operation, HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken)
    {
        using var response = await SendRawAsync(operation, method, path, content, cancellationToken);
    }

    public static HttpContent Json<T>(T value, JsonTypeInfo<T> type)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(value, type));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    private async Task<HttpResponseMessage> SendRawAsync(ZoomOperation operation, HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken)
    {
        using var activity = ZoomTelemetry.StartCall(operation.Name, method, connectionId);
        var started = Stopwatch.GetTimestamp();
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Options.Set(ZoomRequestContext.Key, new ZoomRequestContext(connectionId, operation.Name, operation.Scopes, operation.Category, operation.IsMeetingWrite, _ownBudget));
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (Exception e) when (!operation.Idempotent && IsUnknownOutcome(e, cancellationToken))
        {
            activity?.SetTag("error.type", "outcome_unknown");
            activity?.SetStatus(ActivityStatusCode.Error, "outcome unknown");
            // A create may have reached Zoom: never re-send it, let the caller look first.
            throw new ZoomOutcomeUnknownException(operation.Name, e);
        }
        ZoomTelemetry.Answered(activity, operation.Name, method, (int)response.StatusCode, started);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }
        using (response)
        {
            throw await ZoomApiErrors.ReadAsync(response, cancellationToken);
        }
    }

    private static bool IsUnknownOutcome(Exception e, CancellationToken cancellationToken) => e switch
    {
        // A connection never made changed nothing.
        HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError } => false,
        HttpRequestException => true,
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        IOException => true,
        // The attempt passed its deadline (Zoom:AttemptTimeout) after the request was sent.
        TimeoutException => true,
        _ => false,
    };

    /// <summary>A path with its query string: the parameters that have a value, escaped, in order.</summary>
    public static string Query(string path, params (string Name, string? Value)[] parameters)
    {
        var builder = new System.Text.StringBuilder(path);
        var separator = '?';
        foreach (var (name, value) in parameters)
        {
            if (!string.IsNullOrEmpty(value))
            {
                builder.Append(separator).Append(name).Append('=').Append(Uri.EscapeDataString(value));
                separator = '&';
            }
        }
        return builder.ToString();
    }
}

/// <summary>An API operation: its name, the scopes Zoom's spec gives it, its rate-limit category, and whether it may be retried.</summary>
internal sealed record ZoomOperation(string Name, string[] Scopes, ZoomRateCategory Category, bool Idempotent, bool IsMeetingWrite = false)
{
    // Scopes from Meetings.json and Users.json (security.openapi_oauth): the classic macro scopes and the granular ones.
    public static readonly ZoomOperation CreateMeeting = new("meetingCreate", ["meeting:write", "meeting:write:admin", "meeting:write:meeting", "meeting:write:meeting:admin"], ZoomRateCategory.Light, Idempotent: false, IsMeetingWrite: true);
    public static readonly ZoomOperation GetMeeting = new("meeting", ["meeting:read", "meeting:read:admin", "meeting:read:meeting", "meeting:read:meeting:admin"], ZoomRateCategory.Light, Idempotent: true);
    public static readonly ZoomOperation ListMeetings = new("meetings", ["meeting:read", "meeting:read:admin", "meeting:read:list_meetings", "meeting:read:list_meetings:admin"], ZoomRateCategory.Medium, Idempotent: true);
    public static readonly ZoomOperation UpdateMeeting = new("meetingUpdate", ["meeting:write", "meeting:write:admin", "meeting:update:meeting", "meeting:update:meeting:admin"], ZoomRateCategory.Light, Idempotent: false, IsMeetingWrite: true);
    public static readonly ZoomOperation DeleteMeeting = new("meetingDelete", ["meeting:write", "meeting:write:admin", "meeting:delete:meeting", "meeting:delete:meeting:admin"], ZoomRateCategory.Light, Idempotent: true);
    public static readonly ZoomOperation GetUser = new("user", ["user:read", "user:write", "user:read:admin", "user:write:admin", "user_profile", "user_info:read", "user:read:user", "user:read:user:admin"], ZoomRateCategory.Light, Idempotent: true);
    public static readonly ZoomOperation ListUsers = new("users", ["user:read", "user:write", "user:read:admin", "user:write:admin", "user:read:list_users:admin"], ZoomRateCategory.Medium, Idempotent: true);
}
