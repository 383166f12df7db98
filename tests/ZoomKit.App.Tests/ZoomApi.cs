using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace ZoomKit.App.Tests;

/// <summary>
/// Raw calls to the emulator's REST API as a second OAuth app, the way another program (or Zoom's own
/// pages) would change a user's meetings behind the app's back. Signs in through the pages over HTTP.
/// </summary>
public sealed class ZoomApi : IDisposable
{
    public const string ClientId = "api-test";
    public const string ClientSecret = "api-test-secret";
    public const string Redirect = "http://127.0.0.1:9/cb";

    private readonly HttpClient _http;
    private readonly string _token;

    private ZoomApi(HttpClient http, string token) => (_http, _token) = (http, token);

    public static async Task<ZoomApi> SignInAsync(Uri emulator, string email, string password)
    {
        var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = emulator };
        var signIn = await (await http.GetAsync($"/oauth/authorize?response_type=code&client_id={ClientId}&redirect_uri={Uri.EscapeDataString(Redirect)}&state=s")).Content.ReadAsStringAsync();
        var consent = await (await http.PostAsync("/oauth/authorize/signin", new FormUrlEncodedContent([new("request", Hidden(signIn, "request")), new("email", email), new("password", password)]))).Content.ReadAsStringAsync();
        using var redirect = await http.PostAsync("/oauth/authorize/consent", new FormUrlEncodedContent([new("request", Hidden(consent, "request")), new("decision", "allow")]));
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        var code = Uri.UnescapeDataString(redirect.Headers.Location!.ToString().Split("code=")[1].Split('&')[0]);
        using var exchange = new HttpRequestMessage(HttpMethod.Post, "/oauth/token")
        {
            Content = new FormUrlEncodedContent([new("grant_type", "authorization_code"), new("code", code), new("redirect_uri", Redirect)]),
        };
        exchange.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ClientId}:{ClientSecret}")));
        using var answer = await http.SendAsync(exchange);
        var token = JsonNode.Parse(await answer.Content.ReadAsStringAsync())!["access_token"]!.GetValue<string>();
        return new ZoomApi(http, token);
    }

    public async Task<JsonObject> CreateAsync(JsonObject meeting) => (await SendAsync(HttpMethod.Post, "/v2/users/me/meetings", meeting, HttpStatusCode.Created))!;

    public async Task<JsonArray> ListAsync() => (await SendAsync(HttpMethod.Get, "/v2/users/me/meetings?page_size=300", null, HttpStatusCode.OK))!["meetings"]!.AsArray();

    public async Task<JsonObject> GetMeAsync() => (await SendAsync(HttpMethod.Get, "/v2/users/me", null, HttpStatusCode.OK))!;

    public async Task<JsonObject> GetAsync(long id) => (await SendAsync(HttpMethod.Get, $"/v2/meetings/{id}?show_previous_occurrences=true", null, HttpStatusCode.OK))!;

    private async Task<JsonObject?> SendAsync(HttpMethod method, string path, JsonNode? body, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{method} {path}: {(int)response.StatusCode} {text}");
        return text.Length == 0 ? null : JsonNode.Parse(text)!.AsObject();
    }

    private static string Hidden(string page, string name)
    {
        var marker = $"name=\"{name}\" value=\"";
        var start = page.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(start >= 0, $"no hidden field {name} in the page");
        start += marker.Length;
        return WebUtility.HtmlDecode(page[start..page.IndexOf('"', start)]);
    }

    public void Dispose() => _http.Dispose();
}
