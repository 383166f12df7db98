using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace ZoomKit.Testing;

/// <summary>What the next token request meets instead of a normal answer.</summary>
public abstract record TokenFault
{
    /// <summary>Answer with this status and a JSON error body; nothing is rotated.</summary>
    public sealed record Status(int Code) : TokenFault;

    /// <summary>Process the request (rotate), then lose the answer.</summary>
    public sealed record LoseResponse : TokenFault;

    /// <summary>Process the request (rotate), then answer 200 with this body instead.</summary>
    public sealed record Malformed(string Body, string ContentType = "application/json") : TokenFault;

    /// <summary>Process the request, but leave <c>refresh_token</c> out of the answer (the old one stays valid).</summary>
    public sealed record OmitRefreshToken : TokenFault;

    /// <summary>Rotates as usual, then answers with the usual body changed: an odd but successful answer.</summary>
    public sealed record Odd(Action<Dictionary<string, object>> Change) : TokenFault;

    /// <summary>Wait for <see cref="Gate"/> before answering.</summary>
    public sealed record Hold(Task Gate) : TokenFault;
}

/// <summary>
/// A token endpoint with Zoom's strict rotation: every refresh returns a new refresh token and the
/// old one answers <c>invalid_grant</c> at once. Counts every request.
/// </summary>
public sealed class FakeTokenEndpoint
{
    public const string ClientId = "test-client";
    public const string ClientSecret = "test-client-secret-do-not-log";

    private readonly ConcurrentQueue<TokenFault> _faults = new();
    private readonly ConcurrentDictionary<string, DateTimeOffset> _accessTokens = new();
    private readonly ConcurrentBag<string> _everIssued = [];
    private readonly Lock _gate = new();
    private readonly Func<DateTimeOffset> _now;
    private string? _liveRefreshToken;
    private int _refreshRequests;
    private int _accountRequests;
    private int _invalidGrants;

    public FakeTokenEndpoint(Func<DateTimeOffset> now, int lifetimeSeconds = 3599)
    {
        _now = now;
        LifetimeSeconds = lifetimeSeconds;
    }

    public int LifetimeSeconds { get; }
    public int RefreshRequests => Volatile.Read(ref _refreshRequests);
    public int AccountRequests => Volatile.Read(ref _accountRequests);
    public int InvalidGrants => Volatile.Read(ref _invalidGrants);
    public string? LiveRefreshToken { get { lock (_gate) { return _liveRefreshToken; } } }

    /// <summary>Every token this endpoint ever issued, to search logs and files for.</summary>
    public IReadOnlyCollection<string> EverIssued => _everIssued;

    public void Enqueue(TokenFault fault) => _faults.Enqueue(fault);

    /// <summary>Issues a first token pair, as an authorization would.</summary>
    public (string Access, string Refresh) Authorize()
    {
        lock (_gate)
        {
            var access = NewToken("at");
            _liveRefreshToken = NewToken("rt");
            _accessTokens[access] = _now().AddSeconds(LifetimeSeconds);
            return (access, _liveRefreshToken);
        }
    }

    /// <summary>The user removed the app: every token dies.</summary>
    public void Revoke()
    {
        lock (_gate)
        {
            _liveRefreshToken = null;
            _accessTokens.Clear();
        }
    }

    public bool IsAccessTokenValid(string token) => _accessTokens.TryGetValue(token, out var expires) && _now() < expires;

    public async Task<FakeAnswer> HandleAsync(string? authorization, IReadOnlyDictionary<string, string> form)
    {
        _faults.TryDequeue(out var fault);
        if (fault is TokenFault.Hold hold)
        {
            await hold.Gate;
            fault = null;
        }
        if (fault is TokenFault.Status status)
        {
            return new FakeAnswer(status.Code, """{"reason":"Internal Error","error":"server_error"}""");
        }
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ClientId}:{ClientSecret}"));
        if (authorization != expected)
        {
            return new FakeAnswer(401, """{"reason":"Invalid client_id or client_secret","error":"invalid_client"}""");
        }
        form.TryGetValue("grant_type", out var grant);
        string? newRefresh;
        string access;
        lock (_gate)
        {
            switch (grant)
            {
                case "refresh_token":
                    Interlocked.Increment(ref _refreshRequests);
                    if (!form.TryGetValue("refresh_token", out var sent) || sent != _liveRefreshToken)
                    {
                        Interlocked.Increment(ref _invalidGrants);
                        return new FakeAnswer(400, """{"reason":"Invalid Token!","error":"invalid_grant"}""");
                    }
                    newRefresh = fault is TokenFault.OmitRefreshToken ? null : NewToken("rt");
                    if (newRefresh is not null)
                    {
                        _liveRefreshToken = newRefresh;
                    }
                    break;
                case "account_credentials":
                    Interlocked.Increment(ref _accountRequests);
                    newRefresh = null;
                    break;
                default:
                    return new FakeAnswer(400, """{"reason":"Unsupported grant type","error":"unsupported_grant_type"}""");
            }
            access = NewToken("at");
            _accessTokens[access] = _now().AddSeconds(LifetimeSeconds);
        }
        switch (fault)
        {
            case TokenFault.LoseResponse:
                return FakeAnswer.Lost;
            case TokenFault.Malformed malformed:
                return new FakeAnswer(200, malformed.Body, malformed.ContentType);
        }
        var body = new Dictionary<string, object>
        {
            ["access_token"] = access,
            ["token_type"] = "bearer",
            ["expires_in"] = LifetimeSeconds,
            ["scope"] = "meeting:read meeting:write user:read",
            ["api_url"] = "https://api.zoom.us",
        };
        if (newRefresh is not null)
        {
            body["refresh_token"] = newRefresh;
        }
        if (fault is TokenFault.Odd odd)
        {
            odd.Change(body);
        }
        return new FakeAnswer(200, JsonSerializer.Serialize(body));
    }

    private string NewToken(string prefix)
    {
        var token = $"{prefix}.{Convert.ToHexString(RandomNumberGenerator.GetBytes(24))}";
        _everIssued.Add(token);
        return token;
    }
}

public sealed record FakeAnswer(int Status, string Body, string ContentType = "application/json")
{
    public static FakeAnswer Lost { get; } = new(0, "");
    public bool IsLost => Status == 0;
}
