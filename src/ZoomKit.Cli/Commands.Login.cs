using System.CommandLine;
using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using ZoomKit.OAuth;
using ZoomKit.Tokens;

namespace ZoomKit.Cli;

// login, logout, whoami: the profile's Zoom connection.
public static partial class Commands
{
    private static Command Login()
    {
        var noBrowser = new Option<bool>("--no-browser") { Description = "Only print the URL; do not open a browser" };
        var port = new Option<int>("--port") { Description = "The loopback port of the redirect listener", DefaultValueFactory = _ => 8765 };
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for the authorization", DefaultValueFactory = _ => 180 };
        var device = new Option<bool>("--device") { Description = "No browser here (SSH, a container, a server): show a code to enter on any device's browser" };
        var accountId = new Option<string?>("--account-id") { Description = "A server-to-server app's account: kept in the profile (Profiles:<name>:Zoom:AccountId); every command then acts for the account" };
        var command = new Command("login", """
            Connect a Zoom account: authorization code with PKCE through a loopback redirect, or with --device the
            device authorization grant (RFC 8628): open the address shown on any device, sign in, enter the code.
            Exit codes of --device: 7 when Deny was chosen, 8 when the code expired unused.

            Examples:
              zoomkit login --no-browser
              zoomkit login --device
              zoomkit login --account-id AbC123xyz --profile admin
            """) { noBrowser, port, timeout, device, accountId };
        command.SetAction((parse, ct) => RunAsync(parse, async (context, output) =>
        {
            if (parse.GetValue(accountId) is { } newAccount)
            {
                if (string.IsNullOrWhiteSpace(newAccount))
                {
                    Output.Error("--account-id: the account id of the server-to-server app, from the Zoom Marketplace.");
                    return ExitCodes.Usage;
                }
                var previous = SettingsFile.SetZoomSetting(context.Profile, "AccountId", newAccount.Trim());
                try
                {
                    await using var accountContext = CliContext.Create(context.Profile);
                    return await ConnectAccountAsync(accountContext, output, ct);
                }
                catch
                {
                    // Credentials Zoom refused are not kept: the profile stays as it was.
                    SettingsFile.SetZoomSetting(context.Profile, "AccountId", previous);
                    throw;
                }
            }
            if (context.AccountId is not null)
            {
                return await ConnectAccountAsync(context, output, ct);
            }
            if (parse.GetValue(device))
            {
                return await LoginWithDeviceCodeAsync(context, output, ct);
            }
            var redirect = new Uri($"http://127.0.0.1:{parse.GetValue(port)}/callback");
            var request = context.OAuth.CreateAuthorizationRequest(redirect);
            using var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{parse.GetValue(port)}/callback/");
            listener.Start();
            Console.Error.WriteLine("Open this URL to authorize zoomkit:");
            Console.Out.WriteLine(request.AuthorizationUri.AbsoluteUri);
            if (!parse.GetValue(noBrowser))
            {
                TryOpenBrowser(request.AuthorizationUri);
            }
            var deadline = Task.Delay(TimeSpan.FromSeconds(parse.GetValue(timeout)), ct);
            HttpListenerContext callback;
            while (true)
            {
                var wait = listener.GetContextAsync();
                if (await Task.WhenAny(wait, deadline) != wait)
                {
                    Output.Error($"No authorization arrived within {parse.GetValue(timeout)} s; run 'zoomkit login' again.");
                    return ExitCodes.Failure;
                }
                callback = await wait;
                // Any local process can reach the loopback port: only the callback carrying this login's
                // state ends it (RFC 6749 §10.12); anything else is answered and ignored.
                if (System.Web.HttpUtility.ParseQueryString(callback.Request.Url?.Query ?? "")["state"] == request.State)
                {
                    break;
                }
                callback.Response.StatusCode = 400;
                await Answer(callback, "This is not the authorization zoomkit is waiting for.");
            }
            string code;
            try
            {
                code = request.ReadCallback(callback.Request.Url!);
            }
            finally
            {
                await Answer(callback, "You can close this tab and go back to the terminal.");
            }
            var tokens = (await context.OAuth.ExchangeCodeAsync(code, request.Pkce.Verifier, redirect, ct)).GetTokensOrThrow();
            return await ConnectAsync(context, output, tokens, ct);
        }));
        return command;
    }

    /// <summary>Server-to-server: no browser; fetching the account's token proves the credentials.</summary>
    private static async Task<int> ConnectAccountAsync(CliContext context, Output output, CancellationToken ct)
    {
        await context.Tokens.GetAccessTokenAsync(context.ConnectionId, ct);
        output.Line($"Connected to account {context.AccountId} with server-to-server OAuth (profile '{context.Profile}'); no login needed.");
        return ExitCodes.Ok;
    }

    /// <summary>RFC 8628: show the address and the code (and a QR code on a terminal), then poll until the user decides.</summary>
    private static async Task<int> LoginWithDeviceCodeAsync(CliContext context, Output output, CancellationToken ct)
    {
        var authorization = await context.OAuth.RequestDeviceAuthorizationAsync(ct);
        var expires = authorization.ExpiresAt.ToLocalTime();
        // Instructions go to stderr, so that stdout stays the command's result.
        Console.Error.WriteLine($"""
            To log in, open this address in a browser on any device, sign in to Zoom and enter the code:

              {authorization.VerificationUri.AbsoluteUri}
              Code: {authorization.UserCode}

            """);
        if (authorization.VerificationUriComplete is { } complete && !Console.IsErrorRedirected)
        {
            Console.Error.WriteLine("Or scan this with a phone (the code is filled in):");
            Console.Error.WriteLine(TerminalQrCode.Render(complete.AbsoluteUri));
        }
        var result = await output.StatusAsync($"Waiting for the code to be entered and allowed (it expires at {expires:HH:mm})…",
            _ => context.OAuth.WaitForDeviceTokensAsync(authorization, ct));
        return await ConnectAsync(context, output, result.GetTokensOrThrow(), ct);
    }

    /// <summary>Keeps a login's tokens under the profile, learns who logged in, and says so.</summary>
    private static async Task<int> ConnectAsync(CliContext context, Output output, ZoomTokens tokens, CancellationToken ct)
    {
        await context.Tokens.ConnectAsync(context.Profile, tokens, ct);
        var me = await context.Client.Users.GetMeAsync(ct);
        await context.Tokens.RecordIdentityAsync(context.Profile, new ZoomIdentity(me.Id, me.AccountId), ct);
        output.Line($"Logged in as {me.Email} (profile '{context.Profile}').");
        return ExitCodes.Ok;
    }

    private static Command Logout()
    {
        var command = new Command("logout", "Revoke zoomkit's access to the Zoom account and delete its tokens.\n\nExample:\n  zoomkit logout --profile work");
        command.SetAction((parse, ct) => RunAsync(parse, async (context, output) =>
        {
            await context.Tokens.DisconnectAsync(context.ConnectionId, ct);
            output.Line($"Logged out (profile '{context.Profile}').");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command WhoAmI()
    {
        var command = new Command("whoami", "The Zoom user of this profile.\n\nExample:\n  zoomkit whoami --json");
        command.SetAction((parse, ct) => RunAsync(parse, async (context, output) =>
        {
            var me = await context.Client.Users.GetMeAsync(ct);
            if (output.Json)
            {
                output.WriteObject(new JsonObject { ["id"] = me.Id, ["email"] = me.Email, ["display_name"] = me.DisplayName, ["timezone"] = me.Timezone, ["account_id"] = me.AccountId });
            }
            else
            {
                output.Table(["Email", "Name", "Time zone", "Id"], [[me.Email ?? "", me.DisplayName ?? "", me.Timezone ?? "", me.Id]]);
            }
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static void TryOpenBrowser(Uri uri)
    {
        try
        {
            using var opened = Process.Start(new ProcessStartInfo(OperatingSystem.IsMacOS() ? "open" : "xdg-open", uri.AbsoluteUri) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true });
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No browser to open: the URL is printed.
        }
    }

    private static async Task Answer(HttpListenerContext context, string message)
    {
        var body = System.Text.Encoding.UTF8.GetBytes($"<!doctype html><title>zoomkit</title><p>{WebUtility.HtmlEncode(message)}</p>");
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.ContentLength64 = body.Length;
        await context.Response.OutputStream.WriteAsync(body);
        context.Response.Close();
    }
}
