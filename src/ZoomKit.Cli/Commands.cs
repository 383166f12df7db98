using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using ZoomKit.Emulator;
using ZoomKit.Http;
using ZoomKit.Meetings;
using ZoomKit.OAuth;
using ZoomKit.Tokens;

namespace ZoomKit.Cli;

/// <summary>The command tree of <c>zoomkit</c>.</summary>
public static class Commands
{
    private static readonly Option<string?> ProfileOption = new("--profile") { Description = "The settings profile (several Zoom accounts); default 'default'", Recursive = true };
    private static readonly Option<bool> JsonOption = new("--json") { Description = "Write JSON instead of a table", Recursive = true };

    public static RootCommand Build()
    {
        var root = new RootCommand("""
            zoomkit: Zoom meetings and tokens from a terminal or a script.

            Settings, lowest to highest precedence: $XDG_CONFIG_HOME/zoomkit/settings.json (section Profiles:<name>),
            environment variables (ZOOMKIT_Zoom__ClientId, ZOOMKIT_Profiles__<name>__Zoom__ClientId), flags.
            With no client id it talks to the local emulator (zoomkit emulator) and says so.
            Exit codes: 0 ok, 1 failure, 2 usage, 3 reauthorization required, 4 rate limited, 5 Zoom error, 6 network.

            Examples:
              zoomkit emulator &
              zoomkit login
              zoomkit meetings create --topic "Planning" --start 2030-03-04T09:30 --timezone Europe/Berlin
              zoomkit meetings list --all --json
            """);
        root.Options.Add(ProfileOption);
        root.Options.Add(JsonOption);
        root.Subcommands.Add(Login());
        root.Subcommands.Add(Logout());
        root.Subcommands.Add(WhoAmI());
        root.Subcommands.Add(Meetings());
        root.Subcommands.Add(Token());
        root.Subcommands.Add(EmulatorCommand());
        return root;
    }

    private static Command Login()
    {
        var noBrowser = new Option<bool>("--no-browser") { Description = "Only print the URL; do not open a browser" };
        var port = new Option<int>("--port") { Description = "The loopback port of the redirect listener", DefaultValueFactory = _ => 8765 };
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for the authorization", DefaultValueFactory = _ => 180 };
        var command = new Command("login", "Connect a Zoom account: authorization code with PKCE through a loopback redirect.\n\nExample:\n  zoomkit login --no-browser") { noBrowser, port, timeout };
        command.SetAction((parse, ct) => RunAsync(parse, async (context, output) =>
        {
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
            await context.Tokens.ConnectAsync(context.Profile, tokens, ct);
            var me = await context.Client.Users.GetMeAsync(ct);
            await context.Tokens.RecordIdentityAsync(context.Profile, new ZoomIdentity(me.Id, me.AccountId), ct);
            output.Line($"Logged in as {me.Email} (profile '{context.Profile}').");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Logout()
    {
        var command = new Command("logout", "Revoke zoomkit's access to the Zoom account and delete its tokens.\n\nExample:\n  zoomkit logout --profile work");
        command.SetAction((parse, ct) => RunAsync(parse, async (context, output) =>
        {
            await context.Tokens.DisconnectAsync(context.Profile, ct);
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

    private static Command Meetings()
    {
        var meetings = new Command("meetings", "Create, list, read, change and delete meetings.");

        var type = new Option<string?>("--type") { Description = "scheduled (default), live, upcoming, upcoming_meetings or previous_meetings" };
        var all = new Option<bool>("--all") { Description = "Follow every page" };
        var pageSize = new Option<int?>("--page-size") { Description = "1 to 300" };
        var list = new Command("list", "List meetings.\n\nExamples:\n  zoomkit meetings list\n  zoomkit meetings list --type upcoming --all --json") { type, all, pageSize };
        list.SetAction((parse, ct) => RunAsync(parse, async (context, output) =>
        {
            var options = new MeetingListOptions { Type = parse.GetValue(type), PageSize = parse.GetValue(pageSize) };
            var found = new List<MeetingSummary>();
            if (parse.GetValue(all))
            {
                await foreach (var m in context.Client.Meetings.ListAllAsync(options, ct))
                {
                    found.Add(m);
                    if (found.Count % 300 == 0 && !Console.IsErrorRedirected)
                    {
                        Console.Error.Write($"\r{found.Count} meetings…");
                    }
                }
                if (found.Count >= 300 && !Console.IsErrorRedirected)
                {
                    Console.Error.WriteLine();
                }
            }
            else
            {
                found.AddRange((await context.Client.Meetings.ListAsync(options, ct)).Meetings);
            }
            if (output.Json)
            {
                output.WriteArray(new JsonArray(found.Select(m => (JsonNode)Summary(m)).ToArray()));
            }
            else
            {
                output.Table(["Id", "Topic", "Start (UTC)", "Minutes"], found.Select(m => new[] { m.Id.ToString(CultureInfo.InvariantCulture), m.Topic ?? "", m.StartTime?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "", m.Duration?.ToString(CultureInfo.InvariantCulture) ?? "" }));
            }
            return ExitCodes.Ok;
        }));

        var fields = new MeetingOptions();
        var create = new Command("create", "Schedule a meeting. Zoom's rules are checked before anything is sent.\n\nExamples:\n  zoomkit meetings create --topic Standup --start 2030-03-04T09:30 --timezone Europe/Berlin --duration 15\n  zoomkit meetings create --topic Weekly --start 2030-03-04T09:30 --repeat weekly --days mon,wed --occurrences 8");
        fields.AddTo(create);
        create.SetAction((parse, ct) => RunAsync(parse, async (context, output) =>
        {
            var request = new MeetingCreateRequest();
            fields.Fill(parse, request);
            var meeting = await context.Client.Meetings.CreateAsync(request, cancellationToken: ct);
            WriteMeeting(output, meeting);
            return ExitCodes.Ok;
        }));

        var id = new Argument<long>("id") { Description = "The meeting ID" };
        var getOccurrence = OccurrenceOption("Show this occurrence of a recurring meeting");
        var get = new Command("get", "Show a meeting, or one occurrence of a recurring meeting.\n\nExamples:\n  zoomkit meetings get 85746065432 --json\n  zoomkit meetings get 85746065432 --occurrence 1894471200000") { id, getOccurrence };
        get.SetAction((parse, ct) => RunAsync(parse, async (context, output) =>
        {
            WriteMeeting(output, await context.Client.Meetings.GetAsync(parse.GetValue(id), parse.GetValue(getOccurrence), cancellationToken: ct));
            return ExitCodes.Ok;
        }));

        var updateId = new Argument<long>("id") { Description = "The meeting ID" };
        var updateFields = new MeetingOptions();
        var updateOccurrence = OccurrenceOption("Change only this occurrence of a recurring meeting (its start and duration); the series' other occurrences stay as they are");
        var update = new Command("update", "Change a meeting, or one occurrence of it: only the options given are sent.\n\nExamples:\n  zoomkit meetings update 85746065432 --topic \"New topic\"\n  zoomkit meetings update 85746065432 --occurrence 1894471200000 --start 2030-03-05T10:00 --timezone Europe/Berlin") { updateId, updateOccurrence };
        updateFields.AddTo(update);
        update.SetAction((parse, ct) => RunAsync(parse, async (context, output) =>
        {
            var request = new MeetingUpdateRequest();
            updateFields.Fill(parse, request);
            var occurrence = parse.GetValue(updateOccurrence);
            await context.Client.Meetings.UpdateAsync(parse.GetValue(updateId), request, occurrence, cancellationToken: ct);
            output.Line(occurrence is null ? $"Updated meeting {parse.GetValue(updateId)}." : $"Updated occurrence {occurrence} of meeting {parse.GetValue(updateId)}.");
            return ExitCodes.Ok;
        }));

        var deleteId = new Argument<long>("id") { Description = "The meeting ID" };
        var yes = new Option<bool>("--yes", "-y") { Description = "Do not ask for confirmation" };
        var deleteOccurrence = OccurrenceOption("Delete only this occurrence of a recurring meeting; the series' other occurrences stay");
        var delete = new Command("delete", "Delete a meeting, or one occurrence of it.\n\nExamples:\n  zoomkit meetings delete 85746065432 --yes\n  zoomkit meetings delete 85746065432 --occurrence 1894471200000 --yes") { deleteId, yes, deleteOccurrence };
        delete.SetAction((parse, ct) => RunAsync(parse, async (context, output) =>
        {
            var meetingId = parse.GetValue(deleteId);
            var occurrence = parse.GetValue(deleteOccurrence);
            var what = occurrence is null ? $"meeting {meetingId}" : $"occurrence {occurrence} of meeting {meetingId}";
            if (!parse.GetValue(yes))
            {
                if (Console.IsInputRedirected)
                {
                    Output.Error("--yes is required to delete without a terminal to confirm on.");
                    return ExitCodes.Usage;
                }
                Console.Error.Write($"Delete {what}? [y/N] ");
                if (Console.ReadLine()?.Trim().ToUpperInvariant() is not ("Y" or "YES"))
                {
                    output.Line("Nothing deleted.");
                    return ExitCodes.Ok;
                }
            }
            await context.Client.Meetings.DeleteAsync(meetingId, new MeetingDeleteOptions { OccurrenceId = occurrence }, ct);
            output.Line($"Deleted {what}.");
            return ExitCodes.Ok;
        }));

        meetings.Subcommands.Add(list);
        meetings.Subcommands.Add(create);
        meetings.Subcommands.Add(get);
        meetings.Subcommands.Add(update);
        meetings.Subcommands.Add(delete);
        return meetings;
    }

    // Zoom's occurrence ids are the occurrence's start in Unix milliseconds; `meetings get` lists them.
    private static Option<string?> OccurrenceOption(string description) => new("--occurrence") { Description = description + " (an occurrence_id from 'meetings get')" };

    private static Command Token()
    {
        var token = new Command("token", "The stored tokens of this profile.");
        var show = new Option<bool>("--show-token") { Description = "Also print the access token (it grants access to the account: handle with care)" };
        var status = new Command("status", "Status, expiry and scopes; never the token unless --show-token.\n\nExample:\n  zoomkit token status --json") { show };
        status.SetAction((parse, ct) => RunAsync(parse, async (context, output) =>
        {
            var connection = await context.Tokens.Store.GetAsync(context.Profile, ct);
            if (connection is null)
            {
                Output.Error($"Not logged in (profile '{context.Profile}'): run 'zoomkit login'.");
                return ExitCodes.ReauthorizationRequired;
            }
            var result = new JsonObject
            {
                ["profile"] = context.Profile,
                ["status"] = connection.Status.ToString(),
                ["reason"] = connection.Reauthorization?.Reason.ToString(),
                ["access_token_expires_at"] = connection.AccessTokenExpiresAt.ToString("O", CultureInfo.InvariantCulture),
                ["scopes"] = string.Join(' ', connection.Scopes),
                ["version"] = connection.Version,
            };
            if (parse.GetValue(show))
            {
                result["access_token"] = connection.AccessToken;
            }
            if (output.Json)
            {
                output.WriteObject(result);
            }
            else
            {
                output.Table(["Key", "Value"], result.Select(p => new[] { p.Key, p.Value?.ToString() ?? "" }));
            }
            return connection.Status == ConnectionStatus.Active ? ExitCodes.Ok : ExitCodes.ReauthorizationRequired;
        }));
        var refresh = new Command("refresh", "Renew the access token now.\n\nExample:\n  zoomkit token refresh");
        refresh.SetAction((parse, ct) => RunAsync(parse, async (context, output) =>
        {
            var renewed = await context.Tokens.RefreshAsync(context.Profile, cancellationToken: ct);
            output.Line($"Renewed; the access token is valid until {renewed.ExpiresAt:yyyy-MM-dd HH:mm:ss} UTC.");
            return ExitCodes.Ok;
        }));
        token.Subcommands.Add(status);
        token.Subcommands.Add(refresh);
        return token;
    }

    private static Command EmulatorCommand()
    {
        var port = new Option<int>("--port") { Description = "The port on 127.0.0.1", DefaultValueFactory = _ => 3001 };
        var command = new Command("emulator", "Run the local Zoom emulator in the foreground (Ctrl+C stops it).\n\nExample:\n  zoomkit emulator --port 3001") { port };
        command.SetAction(async (parse, ct) =>
        {
            await using var host = await ZoomEmulatorHost.StartAsync($"http://127.0.0.1:{parse.GetValue(port)}", cancellationToken: ct);
            Console.Error.WriteLine($"Zoom emulator listening on {host.BaseUrl} (user demo@zoomkit.local / demo). Ctrl+C stops it.");
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, Func<CliContext, Output, Task<int>> action)
    {
        await using var context = CliContext.Create(parse.GetValue(ProfileOption));
        if (context.UsesEmulator)
        {
            Output.Note($"No Zoom client id configured: using the local emulator ({CliContext.EmulatorDefault} unless ZOOMKIT_EmulatorUrl says otherwise).");
        }
        try
        {
            return await action(context, new Output(parse.GetValue(JsonOption)));
        }
        catch (ZoomValidationException e)
        {
            foreach (var field in e.Errors)
            {
                Output.Error($"--{MeetingOptions.FlagFor(field.Field)}: {field.Message}");
            }
            return ExitCodes.Usage;
        }
        catch (ZoomReauthorizationRequiredException e)
        {
            Output.Error(e.Reason == ReauthorizationReason.NotConnected
                ? $"Not logged in (profile '{context.Profile}'): run 'zoomkit login'."
                : $"Zoom no longer accepts this profile's tokens ({e.Reason}): run 'zoomkit login' again.");
            return ExitCodes.ReauthorizationRequired;
        }
        catch (ZoomRateLimitException e)
        {
            Output.Error($"Zoom's rate limit: try again after {e.RetryAt:yyyy-MM-dd HH:mm:ss} UTC.");
            return ExitCodes.RateLimited;
        }
        catch (ZoomOutcomeUnknownException e)
        {
            Output.Error(e.Message);
            return ExitCodes.Network;
        }
        catch (ZoomApiException e)
        {
            Output.Error(e.Message);
            return ExitCodes.ZoomError;
        }
        catch (ZoomOAuthException e) when (e.Error.Kind == OAuthErrorKind.Transient)
        {
            Output.Error($"Zoom cannot be reached: {e.Error.Description}");
            return ExitCodes.Network;
        }
        catch (ZoomOAuthException e)
        {
            Output.Error(e.Message);
            return ExitCodes.ZoomError;
        }
        catch (HttpRequestException e)
        {
            Output.Error($"Zoom cannot be reached: {e.Message}");
            return ExitCodes.Network;
        }
        catch (ZoomTokenStoreException e)
        {
            Output.Error(e.Message);
            return ExitCodes.Failure;
        }
        catch (Microsoft.Extensions.Options.OptionsValidationException e)
        {
            foreach (var failure in e.Failures)
            {
                Output.Error($"setting {failure}");
            }
            return ExitCodes.Usage;
        }
    }

    private static JsonObject Summary(MeetingSummary m) => new()
    {
        ["id"] = m.Id,
        ["topic"] = m.Topic,
        ["type"] = (int)m.Type,
        ["start_time"] = m.StartTime?.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        ["duration"] = m.Duration,
        ["timezone"] = m.Timezone,
        ["join_url"] = m.JoinUrl,
    };

    private static void WriteMeeting(Output output, Meeting m)
    {
        // The start URL lets anyone start the meeting as host: a terminal is no place for it.
        var json = new JsonObject
        {
            ["id"] = m.Id,
            ["topic"] = m.Topic,
            ["type"] = (int)m.Type,
            ["start_time"] = m.StartTime?.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["duration"] = m.Duration,
            ["timezone"] = m.Timezone,
            ["agenda"] = m.Agenda,
            ["password"] = m.Password,
            ["join_url"] = m.JoinUrl,
            ["waiting_room"] = m.Settings?.WaitingRoom,
            ["mute_upon_entry"] = m.Settings?.MuteUponEntry,
            ["auto_recording"] = m.Settings?.AutoRecording,
        };
        var occurrences = (m.Occurrences ?? []).Select(o => new JsonObject
        {
            ["occurrence_id"] = o.OccurrenceId,
            ["start_time"] = o.StartTime?.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["duration"] = o.Duration,
            ["status"] = o.Status,
        }).ToList();
        if (output.Json)
        {
            if (m.Occurrences is not null)
            {
                json["occurrences"] = new JsonArray([.. occurrences]);
            }
            output.WriteObject(json);
        }
        else
        {
            // One row per occurrence, so that its id can be given to --occurrence.
            var rows = json.Where(p => p.Value is not null).Select(p => new[] { p.Key, p.Value!.ToString() })
                .Concat(occurrences.Select(o => new[] { "occurrence " + o["occurrence_id"], $"{o["start_time"]}, {o["duration"]} min" }));
            output.Table(["Field", "Value"], rows);
        }
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
