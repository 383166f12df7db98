using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using ZoomKit.OAuth;
using ZoomKit.Storage.Sqlite;
using ZoomKit.Tokens;

// Usage: ZoomKit.TokenWorker <database> <oauth-base-url> <client-id> <client-secret> <connection-id> <callers> <go-file> [<account-id>]
// With an account id, the process is configured as a server-to-server app (Zoom:AccountId).
// Prints one line per distinct outcome: "token <sha256>" or "error <type>: <message>", with counts.
if (args.Length is not (7 or 8))
{
    Console.Error.WriteLine("usage: ZoomKit.TokenWorker <database> <oauth-base-url> <client-id> <client-secret> <connection-id> <callers> <go-file> [<account-id>]");
    return 64;
}
var (database, baseUrl, clientId, secret, connectionId, callers, goFile) =
    (args[0], new Uri(args[1]), args[2], args[3], args[4], int.Parse(args[5], System.Globalization.CultureInfo.InvariantCulture), args[6]);

using var store = new SqliteTokenStore(new SqliteTokenStoreOptions { DatabasePath = database });
using var http = new HttpClient();
var oauth = new ZoomOAuthClient(http, Options.Create(new ZoomOAuthOptions { ClientId = clientId, ClientSecret = secret, OAuthBaseUrl = baseUrl, AccountId = args.Length == 8 ? args[7] : null }));
var manager = new ZoomTokenManager(oauth, store);

Console.WriteLine("ready");
while (!File.Exists(goFile))
{
    await Task.Delay(5);
}

var outcomes = await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
{
    try
    {
        var token = await manager.GetAccessTokenAsync(connectionId);
        return "token " + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token.Value)));
    }
    catch (Exception e)
    {
        return $"error {e.GetType().Name}: {e.Message}";
    }
})));
foreach (var group in outcomes.GroupBy(o => o))
{
    Console.WriteLine($"{group.Count()} {group.Key}");
}
return outcomes.All(o => o.StartsWith("token", StringComparison.Ordinal)) ? 0 : 1;
