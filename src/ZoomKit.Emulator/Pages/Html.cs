using System.Text.Encodings.Web;

namespace ZoomKit.Emulator.Pages;

/// <summary>The emulator's few HTML pages: plain forms that work without JavaScript, every input labelled.</summary>
internal static class Html
{
    public static string Encode(string? value) => HtmlEncoder.Default.Encode(value ?? "");

    public static IResult Page(string title, string body, int status = 200) => Results.Content($$"""
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{Encode(title)}} · Zoom emulator</title>
        <style>
          body { font-family: system-ui, sans-serif; background: #f4f6fb; color: #1f2733; margin: 0; }
          main { max-width: 26rem; margin: 4rem auto; background: #fff; border-radius: 12px; padding: 2rem; box-shadow: 0 2px 12px rgba(0,0,0,.08); }
          h1 { font-size: 1.4rem; margin-top: 0; }
          .badge { display: inline-block; font-size: .75rem; background: #e8eefc; color: #0b5cff; border-radius: 999px; padding: .1rem .6rem; }
          label { display: block; margin: 1rem 0 .3rem; font-weight: 600; }
          input { width: 100%; box-sizing: border-box; padding: .6rem; border: 1px solid #c9d1de; border-radius: 8px; font-size: 1rem; }
          button { margin-top: 1.4rem; padding: .65rem 1.2rem; border: 0; border-radius: 8px; font-size: 1rem; cursor: pointer; background: #0b5cff; color: #fff; }
          button.secondary { background: #e4e8ef; color: #1f2733; margin-left: .5rem; }
          .error { color: #b42318; background: #fef3f2; border-radius: 8px; padding: .6rem; }
          ul { padding-left: 1.2rem; }
          code { background: #f0f2f6; padding: .1rem .3rem; border-radius: 4px; }
        </style>
        </head>
        <body><main><span class="badge">Zoom emulator</span>{{body}}</main></body>
        </html>
        """, "text/html; charset=utf-8", System.Text.Encoding.UTF8, status);

    public static IResult SignIn(string requestId, string appName, string? email, string? error) =>
        SignInForm("/oauth/authorize/signin", requestId, $"<p>{Encode(appName)} asks to connect to your Zoom account.</p>", email, error);

    /// <summary>The device activation page's sign-in (RFC 8628 §3.3): the user signs in first, then types the device's code.</summary>
    public static IResult DeviceSignIn(string activationId, string? email, string? error) =>
        SignInForm("/oauth/device/signin", activationId, "<p>Sign in to connect a device (a terminal, a TV, a headless server) to your Zoom account.</p>", email, error);

    private static IResult SignInForm(string action, string requestId, string intro, string? email, string? error) => Page("Sign in", $$"""
        <h1>Sign in to Zoom</h1>
        {{intro}}
        {{Alert(error)}}
        <form method="post" action="{{action}}">
          <input type="hidden" name="request" value="{{Encode(requestId)}}">
          <label for="email">Email</label>
          <input id="email" name="email" type="email" autocomplete="username" required value="{{Encode(email)}}">
          <label for="password">Password</label>
          <input id="password" name="password" type="password" autocomplete="current-password" required>
          <button type="submit">Sign in</button>
        </form>
        """, error is null ? 200 : 401);

    /// <summary>Where the signed-in user types the code their device shows.</summary>
    public static IResult DeviceCode(string activationId, string? code, string? error) => Page("Connect a device", $$"""
        <h1>Connect a device</h1>
        <p>Enter the code your device shows.</p>
        {{Alert(error)}}
        <form method="post" action="/oauth/device/code">
          <input type="hidden" name="request" value="{{Encode(activationId)}}">
          <label for="code">Code</label>
          <input id="code" name="code" autocomplete="one-time-code" autocapitalize="characters" spellcheck="false" required value="{{Encode(code)}}">
          <button type="submit">Continue</button>
        </form>
        """, error is null ? 200 : 400);

    /// <summary>The last page of a device activation: the device now has (or has been refused) its tokens.</summary>
    public static IResult DeviceDone(bool allowed) => allowed
        ? Page("Device connected", "<h1>Device connected</h1><p role=\"status\">You can go back to your device: it is connected to your Zoom account.</p>")
        : Page("Access denied", "<h1>Access denied</h1><p role=\"status\">The device was not connected. You can close this page.</p>");

    public static IResult Consent(string requestId, EmulatorApp app, EmulatorUser user, string action = "/oauth/authorize/consent") => Page("Allow access", $$"""
        <h1>{{Encode(app.Name)}} would like to access your Zoom account</h1>
        <p>Signed in as <strong>{{Encode(user.Email)}}</strong>.</p>
        <p>It will be able to:</p>
        <ul>{{string.Concat(OAuth.OAuthEndpoints.UserScopes(app, user).Select(s => $"<li><code>{Encode(s)}</code></li>"))}}</ul>
        <form method="post" action="{{action}}">
          <input type="hidden" name="request" value="{{Encode(requestId)}}">
          <button type="submit" name="decision" value="allow">Allow</button>
          <button type="submit" name="decision" value="deny" class="secondary">Deny</button>
        </form>
        """);

    private static string Alert(string? error) => error is null ? "" : $"<p class=\"error\" role=\"alert\">{Encode(error)}</p>";

    public static IResult Error(string title, string message, int status = 400) =>
        Page(title, $"<h1>{Encode(title)}</h1><p class=\"error\" role=\"alert\">{Encode(message)}</p>", status);
}
