using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using ZoomKit.Tokens;

namespace ZoomKit.Cli;

// token: status and refresh of the profile's connection.
public static partial class Commands
{
    private static Command Token()
    {
        var token = new Command("token", "The stored tokens of this profile.");
        var show = new Option<bool>("--show-token") { Description = "Also print the access token (it grants access to the account: handle with care)" };
        var status = new Command("status", "Status, expiry and scopes; never the token unless --show-token.\n\nExample:\n  zoomkit token status --json") { show };
        status.SetAction((parse, ct) => RunAsync(parse, async (context, output) =>
        {
            var connection = await context.Tokens.Store.GetAsync(context.ConnectionId, ct);
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
            var renewed = await context.Tokens.RefreshAsync(context.ConnectionId, cancellationToken: ct);
            output.Line($"Renewed; the access token is valid until {renewed.ExpiresAt:yyyy-MM-dd HH:mm:ss} UTC.");
            return ExitCodes.Ok;
        }));
        token.Subcommands.Add(status);
        token.Subcommands.Add(refresh);
        return token;
    }
}
