using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace ZoomKit.Testing;

/// <summary>Signs a user in to the scheduler app as a browser would: "Connect Zoom", then the emulator's sign-in and consent pages.</summary>
public static partial class AppSignIn
{
    /// <summary>
    /// Returns a client whose cookie container speaks for the user to the app (and to every
    /// instance on the same host). Redirects are not followed, so that callers see them.
    /// </summary>
    /// <exception cref="InvalidOperationException">The app did not send the user to their meetings.</exception>
    public static async Task<HttpClient> SignInAsync(Uri app, Uri emulator, string email, string password)
    {
        var http = new HttpClient(new SocketsHttpHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false });
        var start = await http.GetStringAsync(app);
        using var connect = await http.PostAsync(new Uri(app, "/?handler=Connect"), new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = AntiforgeryToken(start) }));
        using var pages = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        var signIn = await pages.GetStringAsync(connect.Headers.Location);
        var consent = await (await pages.PostAsync(new Uri(emulator, "/oauth/authorize/signin"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["request"] = Hidden().Match(signIn).Groups[1].Value, ["email"] = email, ["password"] = password,
        }))).Content.ReadAsStringAsync();
        using var back = await pages.PostAsync(new Uri(emulator, "/oauth/authorize/consent"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["request"] = Hidden().Match(consent).Groups[1].Value, ["decision"] = "allow",
        }));
        using var callback = await http.GetAsync(back.Headers.Location);
        if (callback.Headers.Location?.OriginalString != "/meetings")
        {
            http.Dispose();
            throw new InvalidOperationException($"Sign-in of {email} failed: HTTP {(int)callback.StatusCode} to {callback.Headers.Location}.");
        }
        return http;
    }

    /// <summary>The antiforgery token of a page's form.</summary>
    public static string AntiforgeryToken(string page) => Token().Match(page).Groups[1].Value;

    /// <summary>A loopback port nothing listens on right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    [GeneratedRegex("name=\"request\" value=\"([^\"]+)\"")]
    private static partial Regex Hidden();
}
