namespace ZoomKit.Testing;

/// <summary>The emulator's sign-in and consent pages, walked over HTTP as a browser would.</summary>
public static class EmulatorPages
{
    /// <summary>Opens the authorize URL, signs in as the user, allows, and returns where the emulator redirects (the callback with the code).</summary>
    public static async Task<Uri> SignInAndAllowAsync(HttpClient browser, Uri emulator, string authorizeUrl, string email, string password)
    {
        var signIn = await (await browser.GetAsync(authorizeUrl)).Content.ReadAsStringAsync();
        var consent = await (await browser.PostAsync(new Uri(emulator, "/oauth/authorize/signin"),
            new FormUrlEncodedContent([new("request", Hidden(signIn, "request")), new("email", email), new("password", password)]))).Content.ReadAsStringAsync();
        using var allowed = await browser.PostAsync(new Uri(emulator, "/oauth/authorize/consent"),
            new FormUrlEncodedContent([new("request", Hidden(consent, "request")), new("decision", "allow")]));
        return allowed.Headers.Location ?? throw new InvalidOperationException($"The consent page did not redirect (HTTP {(int)allowed.StatusCode}).");
    }

    /// <summary>The device activation pages (RFC 8628) as a browser walks them: sign in, enter the code, allow or deny.</summary>
    public static async Task ActivateDeviceAsync(HttpClient browser, Uri verificationUri, string userCode, bool allow, string email = "demo@zoomkit.local", string password = "demo")
    {
        var signIn = await browser.GetStringAsync(verificationUri);
        var codePage = await (await browser.PostAsync(new Uri(verificationUri, "/oauth/device/signin"),
            new FormUrlEncodedContent([new("request", Hidden(signIn, "request")), new("email", email), new("password", password)]))).Content.ReadAsStringAsync();
        var consent = await (await browser.PostAsync(new Uri(verificationUri, "/oauth/device/code"),
            new FormUrlEncodedContent([new("request", Hidden(codePage, "request")), new("code", userCode)]))).Content.ReadAsStringAsync();
        using var done = await browser.PostAsync(new Uri(verificationUri, "/oauth/device/consent"),
            new FormUrlEncodedContent([new("request", Hidden(consent, "request")), new("decision", allow ? "allow" : "deny")]));
        done.EnsureSuccessStatusCode();
    }

    /// <summary>The value of a hidden form field of a page.</summary>
    public static string Hidden(string page, string name)
    {
        var marker = $"name=\"{name}\" value=\"";
        var start = page.IndexOf(marker, StringComparison.Ordinal);
        if (start < 0)
        {
            throw new InvalidOperationException($"No hidden field {name} in the page.");
        }
        start += marker.Length;
        return System.Net.WebUtility.HtmlDecode(page[start..page.IndexOf('"', start)]);
    }
}
