using System.Net;
using System.Text;

namespace ZoomKit.Testing;

/// <summary>The fake token endpoint at the <see cref="HttpMessageHandler"/> boundary, for unit tests.</summary>
public sealed class FakeTokenHandler(FakeTokenEndpoint endpoint) : HttpMessageHandler
{
    private int _requests;

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Every request body seen, to check that nothing went in the query string.</summary>
    public List<(HttpMethod Method, Uri Uri, string? Authorization, string Body)> Seen { get; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _requests);
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        lock (Seen)
        {
            Seen.Add((request.Method, request.RequestUri!, request.Headers.Authorization?.ToString(), body));
        }
        var form = OAuthForm.Parse(body);
        var answer = await endpoint.HandleAsync(request.Headers.Authorization?.ToString(), form).WaitAsync(cancellationToken);
        if (answer.IsLost)
        {
            throw new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely.");
        }
        return new HttpResponseMessage((HttpStatusCode)answer.Status)
        {
            Content = new StringContent(answer.Body, Encoding.UTF8, answer.ContentType),
        };
    }
}

public static class OAuthForm
{
    public static Dictionary<string, string> Parse(string body)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in body.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=', 2);
            result[Uri.UnescapeDataString(parts[0].Replace('+', ' '))] = parts.Length > 1 ? Uri.UnescapeDataString(parts[1].Replace('+', ' ')) : "";
        }
        return result;
    }
}
