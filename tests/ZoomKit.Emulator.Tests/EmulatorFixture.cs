using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace ZoomKit.Emulator.Tests;

/// <summary>One emulator on a loopback port per test class, reset before each test.</summary>
public class EmulatorFixture : IAsyncLifetime
{
    public const string ClientId = "zoomkit-local";
    public const string ClientSecret = "zoomkit-local-secret";
    public const string Redirect = "http://localhost:3000/zoom";

    private ZoomEmulatorHost? _host;

    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings => [];

    public Uri BaseUrl => _host!.BaseUrl;

    public HttpClient Http { get; } = new(new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(1) });

    public async Task InitializeAsync()
    {
        _host = await ZoomEmulatorHost.StartAsync(settings: Settings);
        Http.BaseAddress = _host.BaseUrl;
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    public async Task ResetAsync() => (await Http.PostAsJsonAsync("/_emulator/reset", new { })).EnsureSuccessStatusCode();

    public async Task AdvanceAsync(TimeSpan by) =>
        (await Http.PostAsJsonAsync("/_emulator/clock", new { advance_seconds = by.TotalSeconds })).EnsureSuccessStatusCode();

    public async Task<JsonObject> StatsAsync() => (JsonObject)JsonNode.Parse(await Http.GetStringAsync("/_emulator/stats"))!;

    /// <summary>Runs the authorization code flow with PKCE through the pages, as a browser would, and returns the token answer.</summary>
    public async Task<JsonObject> AuthorizeAsync(string email = "demo@zoomkit.local", string password = "demo")
    {
        var verifier = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var code = await GetCodeAsync(verifier, email, password);
        var (status, body) = await TokenAsync(("grant_type", "authorization_code"), ("code", code), ("redirect_uri", Redirect), ("code_verifier", verifier));
        Assert.Equal(HttpStatusCode.OK, status);
        return body!.AsObject();
    }

    public async Task<string> GetCodeAsync(string verifier, string email = "demo@zoomkit.local", string password = "demo", string state = "st-1")
    {
        var challenge = Challenge(verifier);
        var signIn = await Http.GetAsync($"/oauth/authorize?response_type=code&client_id={ClientId}&redirect_uri={Uri.EscapeDataString(Redirect)}&state={state}&code_challenge={challenge}&code_challenge_method=S256");
        var page = await signIn.Content.ReadAsStringAsync();
        var request = Hidden(page, "request");
        var consent = await Http.PostAsync("/oauth/authorize/signin", new FormUrlEncodedContent([new("request", request), new("email", email), new("password", password)]));
        var consentPage = await consent.Content.ReadAsStringAsync();
        Assert.Contains("Allow", consentPage, StringComparison.Ordinal);
        var redirect = await Http.PostAsync("/oauth/authorize/consent", new FormUrlEncodedContent([new("request", Hidden(consentPage, "request")), new("decision", "allow")]));
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        var location = redirect.Headers.Location!.ToString();
        Assert.StartsWith(Redirect + "?code=", location, StringComparison.Ordinal);
        Assert.EndsWith("&state=" + state, location, StringComparison.Ordinal);
        return Uri.UnescapeDataString(location.Split("code=")[1].Split('&')[0]);
    }

    public static string Challenge(string verifier) =>
        Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Hidden(string page, string name)
    {
        var marker = $"name=\"{name}\" value=\"";
        var start = page.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(start >= 0, $"no hidden field {name} in the page");
        start += marker.Length;
        return System.Net.WebUtility.HtmlDecode(page[start..page.IndexOf('"', start)]);
    }

    public async Task<(HttpStatusCode Status, JsonNode? Body)> TokenAsync(params (string Key, string Value)[] form) =>
        await TokenWithAsync(ClientSecret, form);

    public async Task<(HttpStatusCode Status, JsonNode? Body)> TokenWithAsync(string secret, params (string Key, string Value)[] form)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/oauth/token")
        {
            Content = new FormUrlEncodedContent(form.Select(p => new KeyValuePair<string, string>(p.Key, p.Value))),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ClientId}:{secret}")));
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    public async Task<ApiAnswer> ApiAsync(HttpMethod method, string path, string? accessToken, JsonNode? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (accessToken is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        }
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new ApiAnswer(response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text), response.Headers);
    }
}

public sealed record ApiAnswer(HttpStatusCode Status, JsonNode? Body, HttpResponseHeaders Headers)
{
    public int Code => Body!["code"]!.GetValue<int>();

    public string Header(string name) => Headers.TryGetValues(name, out var values) ? string.Join(",", values) : "";
}
