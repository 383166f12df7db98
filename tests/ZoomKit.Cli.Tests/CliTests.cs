using ZoomKit.Testing;
using ZoomKit.Emulator;
using System.Text.Json.Nodes;

namespace ZoomKit.Cli.Tests;

/// <summary>The real zoomkit process against the emulator.</summary>
public sealed class CliTests : IAsyncLifetime
{
    private readonly CliRunner _cli = new();

    public Task InitializeAsync() => _cli.InitializeAsync();

    public Task DisposeAsync() => _cli.DisposeAsync();

    [Fact]
    public async Task Lifecycle_LoginCreateListGetUpdateDeleteLogout()
    {
        await _cli.LoginAsync();

        var created = await _cli.RunAsync("meetings", "create", "--topic", "From the terminal", "--start", "2030-03-04T09:30", "--timezone", "Europe/Berlin", "--duration", "45", "--waiting-room", "true", "--json");
        Assert.Equal(0, created.ExitCode);
        var meeting = JsonNode.Parse(created.Out)!;
        var id = meeting["id"]!.GetValue<long>();
        Assert.Equal("2030-03-04T08:30:00Z", meeting["start_time"]!.GetValue<string>());
        Assert.True(meeting["waiting_room"]!.GetValue<bool>());
        Assert.DoesNotContain("zak=", created.Out, StringComparison.Ordinal);

        var listed = await _cli.RunAsync("meetings", "list", "--all", "--json");
        Assert.Equal(0, listed.ExitCode);
        Assert.Contains(JsonNode.Parse(listed.Out)!.AsArray(), m => m!["id"]!.GetValue<long>() == id);

        var updated = await _cli.RunAsync("meetings", "update", id.ToString(System.Globalization.CultureInfo.InvariantCulture), "--topic", "Renamed");
        Assert.Equal(0, updated.ExitCode);
        var read = await _cli.RunAsync("meetings", "get", id.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json");
        Assert.Equal("Renamed", JsonNode.Parse(read.Out)!["topic"]!.GetValue<string>());

        var deleted = await _cli.RunAsync("meetings", "delete", id.ToString(System.Globalization.CultureInfo.InvariantCulture), "--yes");
        Assert.Equal(0, deleted.ExitCode);
        var gone = await _cli.RunAsync("meetings", "get", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(5, gone.ExitCode);
        Assert.Contains("3001", gone.Err, StringComparison.Ordinal);

        var status = await _cli.RunAsync("token", "status", "--json");
        Assert.Equal(0, status.ExitCode);
        Assert.Equal("Active", JsonNode.Parse(status.Out)!["status"]!.GetValue<string>());
        Assert.Null(JsonNode.Parse(status.Out)!["access_token"]);

        string refreshToken, accessToken;
        using (var store = new ZoomKit.Storage.Sqlite.SqliteTokenStore(new ZoomKit.Storage.Sqlite.SqliteTokenStoreOptions { DatabasePath = Path.Combine(_cli.DataFolder, "tokens.db") }))
        {
            var stored = (await store.GetAsync("default"))!;
            (refreshToken, accessToken) = (stored.RefreshToken!, stored.AccessToken);
        }
        foreach (var output in new[] { created, listed, updated, read, deleted, gone, status })
        {
            foreach (var secret in new[] { refreshToken, accessToken, EmulatorSession.ClientSecret })
            {
                Assert.DoesNotContain(secret, output.Out + output.Err, StringComparison.Ordinal);
            }
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var logout = await _cli.RunAsync("logout");
        Assert.Equal(0, logout.ExitCode);
        // Checked at Zoom: the authorization is gone, so its last refresh token is refused.
        Assert.Equal(ZoomKit.OAuth.OAuthErrorKind.InvalidGrant, (await _cli.Emulator.CreateOAuthClient().RefreshAsync(refreshToken)).Error!.Kind);
        var after = await _cli.RunAsync("meetings", "list");
        Assert.Equal(3, after.ExitCode);
        Assert.Contains("zoomkit login", after.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Occurrence_GetUpdateDelete_OnlyThatOccurrenceChanges()
    {
        await _cli.LoginAsync();
        var created = await _cli.RunAsync("meetings", "create", "--topic", "Series", "--start", "2030-03-04T09:30", "--timezone", "Europe/Berlin", "--repeat", "weekly", "--days", "mon,wed", "--occurrences", "4", "--json");
        Assert.Equal(0, created.ExitCode);
        var id = JsonNode.Parse(created.Out)!["id"]!.ToString();
        var before = JsonNode.Parse((await _cli.RunAsync("meetings", "get", id, "--json")).Out)!["occurrences"]!.AsArray();
        var second = before[1]!["occurrence_id"]!.GetValue<string>();
        var third = before[2]!["occurrence_id"]!.GetValue<string>();

        var table = await _cli.RunAsync("meetings", "get", id);
        var one = await _cli.RunAsync("meetings", "get", id, "--occurrence", second, "--json");
        var moved = await _cli.RunAsync("meetings", "update", id, "--occurrence", second, "--duration", "15");
        var deleted = await _cli.RunAsync("meetings", "delete", id, "--occurrence", third, "--yes");
        var after = JsonNode.Parse((await _cli.RunAsync("meetings", "get", id, "--json")).Out)!["occurrences"]!.AsArray();

        Assert.Contains("occurrence " + second, table.Out, StringComparison.Ordinal);
        Assert.Equal(0, one.ExitCode);
        Assert.Equal((0, 0), (moved.ExitCode, deleted.ExitCode));
        Assert.Contains("occurrence " + third, deleted.Out, StringComparison.Ordinal);
        Assert.Equal(3, after.Count);
        Assert.DoesNotContain(after, o => o!["occurrence_id"]!.GetValue<string>() == third);
        Assert.Equal(15, after.Single(o => o!["occurrence_id"]!.GetValue<string>() == second)!["duration"]!.GetValue<int>());
        Assert.All(after.Where(o => o!["occurrence_id"]!.GetValue<string>() != second), o => Assert.Equal(60, o!["duration"]!.GetValue<int>()));
    }

    [Fact]
    public async Task TenProcessesAtOnce_EmptyDataFolder_OneWholeKeyFileAndAllSucceed()
    {
        Assert.False(Directory.Exists(_cli.DataFolder));
        // Ten users, each logging in with a profile of their own, all at once.
        await using var emulator = await ZoomEmulatorHost.StartAsync(settings: EmulatorSession.NativeLoopbackApp.Concat(Enumerable.Range(0, 10).SelectMany(i => new KeyValuePair<string, string?>[]
        {
            new($"Emulator:Users:{i}:Email", $"user{i}@example.com"), new($"Emulator:Users:{i}:Password", "pw"),
        })));

        // Ten distinct loopback ports, held together while chosen so that no two logins get the same one.
        var listeners = Enumerable.Range(0, 10).Select(_ => new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0)).ToList();
        listeners.ForEach(l => l.Start());
        var ports = listeners.Select(l => ((System.Net.IPEndPoint)l.LocalEndpoint).Port).ToList();
        listeners.ForEach(l => l.Stop());

        await Task.WhenAll(Enumerable.Range(0, 10).Select(i => _cli.LoginThroughPagesAsync(emulator.BaseUrl, $"p{i}", $"user{i}@example.com", "pw", ports[i])));
        var whoami = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => _cli.RunWithAsync(emulator.BaseUrl.AbsoluteUri, "whoami", "--profile", $"p{i}")));

        Assert.Equal(["tokens.db.key"], Directory.GetFiles(_cli.DataFolder, "*.key*").Select(f => Path.GetFileName(f)!).ToArray());
        Assert.Empty(Directory.GetFiles(_cli.DataFolder, "*.tmp"));
        Assert.All(whoami, w => Assert.True(w.ExitCode == 0, w.Err));
        Assert.Equal(10, whoami.Select(w => w.Out).Distinct().Count());
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task KeyFileReadableByOthers_ClearErrorNamingTheFile()
    {
        await _cli.LoginAsync();
        var key = Path.Combine(_cli.DataFolder, "tokens.db.key");
        File.SetUnixFileMode(key, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var run = await _cli.RunAsync("whoami");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains(key, run.Err, StringComparison.Ordinal);
        Assert.Contains("chmod 600", run.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_CallbackWithoutTheRightState_IgnoredAndTheLoginGoesOn()
    {
        var port = AppSignIn.FreePort();
        using var process = System.Diagnostics.Process.Start(_cli.StartInfo(["login", "--no-browser", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--timeout", "60"]))!;
        var url = await process.StandardOutput.ReadLineAsync();
        using var browser = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });

        // Another local process knocks first: no state, then a wrong one.
        using var noState = await browser.GetAsync($"http://127.0.0.1:{port}/callback?code=forged");
        using var wrongState = await browser.GetAsync($"http://127.0.0.1:{port}/callback?code=forged&state=guess");
        var approve = await browser.GetAsync(url);
        using var callback = await browser.GetAsync(approve.Headers.Location);
        var rest = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal((System.Net.HttpStatusCode.BadRequest, System.Net.HttpStatusCode.BadRequest), (noState.StatusCode, wrongState.StatusCode));
        Assert.True(process.ExitCode == 0, rest + await process.StandardError.ReadToEndAsync());
        Assert.Contains("Logged in as demo@zoomkit.local", rest, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PipedOutput_NoAnsiEscapes()
    {
        await _cli.LoginAsync();
        await _cli.RunAsync("meetings", "create", "--topic", "Plain", "--start", "2030-03-04T09:30Z");

        foreach (var args in new[] { new[] { "meetings", "list" }, ["whoami"], ["token", "status"], ["meetings", "list", "--json"] })
        {
            var run = await _cli.RunAsync(args);
            Assert.Equal(0, run.ExitCode);
            Assert.DoesNotContain('\u001b', run.Out);
            Assert.DoesNotContain('\u001b', run.Err);
        }
        var table = await _cli.RunAsync("meetings", "list");
        Assert.StartsWith("Id\tTopic\tStart (UTC)\tMinutes", table.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExitCodes_UsageRateLimitZoomErrorNetworkAndBadFlagValue()
    {
        var badFlag = await _cli.RunAsync("meetings", "list", "--colour", "blue");
        Assert.Equal(2, badFlag.ExitCode);
        Assert.Contains("--colour", badFlag.Err, StringComparison.Ordinal);

        await _cli.LoginAsync();
        var badValue = await _cli.RunAsync("meetings", "create", "--topic", "x", "--duration", "5000");
        Assert.Equal(2, badValue.ExitCode);
        Assert.Contains("--duration", badValue.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", badValue.Err, StringComparison.Ordinal);
        var badDays = await _cli.RunAsync("meetings", "create", "--topic", "x", "--repeat", "weekly", "--days", "funday");
        Assert.Equal(2, badDays.ExitCode);
        Assert.Contains("--days", badDays.Err, StringComparison.Ordinal);

        // The emulator here allows 3 creates a day.
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(0, (await _cli.RunAsync("meetings", "create", "--topic", $"Q{i}")).ExitCode);
        }
        var limited = await _cli.RunAsync("meetings", "create", "--topic", "One too many");
        Assert.Equal(4, limited.ExitCode);

        var missing = await _cli.RunAsync("meetings", "get", "12345678901");
        Assert.Equal(5, missing.ExitCode);

        var unreachable = await _cli.RunWithAsync("http://127.0.0.1:9", "whoami");
        Assert.Equal(6, unreachable.ExitCode);
        Assert.DoesNotContain("   at ", unreachable.Err, StringComparison.Ordinal);

        var badSetting = await _cli.RunWithEnvironmentAsync("ZOOMKIT_Zoom__Plan", "Gold", "meetings", "list");
        Assert.Equal(2, badSetting.ExitCode);
        Assert.Contains("Zoom:Plan", badSetting.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", badSetting.Err, StringComparison.Ordinal);

        var noConfirm = await _cli.RunAsync("meetings", "delete", "12345678901");
        Assert.Equal(2, noConfirm.ExitCode);
        Assert.Contains("--yes", noConfirm.Err, StringComparison.Ordinal);
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task OneShot_CommandsThatNeedNoToken_TouchNoFile_TheFirstThatDoesMakesTheFolderOwnerOnly()
    {
        Assert.Equal(0, (await _cli.RunAsync("--help")).ExitCode);
        Assert.Equal(0, (await _cli.RunAsync("meetings", "create", "--help")).ExitCode);
        // Refused by Zoom's rules in the client, before any I/O: no token is needed, so the store is never opened.
        var refused = await _cli.RunAsync("meetings", "create", "--topic", "x", "--duration", "5000");
        Assert.Equal(2, refused.ExitCode);

        Assert.False(Directory.Exists(_cli.DataFolder), "the data folder was made by a command that needed no token");

        await _cli.LoginAsync();
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_cli.DataFolder));
    }

    [Fact]
    public async Task ZoomTooSlow_NetworkExitCodeNamingTheSetting_NoStackTrace()
    {
        await _cli.LoginAsync();
        await _cli.Emulator.FaultAsync(new { method = "GET", path = "/v2/users/me/meetings", fault = "delay", delay_ms = 5_000, times = 1 });

        var slow = await _cli.RunWithEnvironmentAsync(new Dictionary<string, string> { ["ZOOMKIT_Zoom__AttemptTimeout"] = "00:00:01", ["ZOOMKIT_Zoom__MaxRetries"] = "0" }, "meetings", "list");

        Assert.Equal(6, slow.ExitCode);
        Assert.Contains("Zoom:AttemptTimeout", slow.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", slow.Err, StringComparison.Ordinal);
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task TokenFile_OwnerOnly()
    {
        await _cli.LoginAsync();

        foreach (var file in Directory.GetFiles(_cli.DataFolder, "tokens.db*"))
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }
        Assert.NotEmpty(Directory.GetFiles(_cli.DataFolder, "tokens.db*"));
    }

    [Fact]
    public async Task TenConcurrentLists_RightAfterExpiry_ExactlyOneRefresh()
    {
        await _cli.LoginAsync();
        await _cli.Emulator.AdvanceAsync(TimeSpan.FromHours(1));

        var runs = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => _cli.RunAsync("meetings", "list", "--json")));

        Assert.All(runs, r => Assert.True(r.ExitCode == 0, r.Err));
        Assert.Equal(1, await _cli.Emulator.RefreshRequestsAsync());
        Assert.Equal(0, await _cli.Emulator.InvalidGrantsAsync());
    }

    [Fact]
    public async Task ServerToServerProfile_CommandsWithoutBrowser_OneAccountTokenBetweenProcesses()
    {
        // A profile of a server-to-server app: client id and secret, and the account.
        var account = new Dictionary<string, string> { ["ZOOMKIT_Zoom__AccountId"] = "emulator-account" };
        var before = (await _cli.Emulator.StatsAsync())["token_requests"]!["account_credentials"]!.GetValue<long>();

        var login = await _cli.RunWithEnvironmentAsync(account, "login");
        var created = await _cli.RunWithEnvironmentAsync(account, "meetings", "create", "--topic", "Account standup", "--start", "2030-03-04T09:30", "--timezone", "UTC", "--duration", "15");
        var listed = await _cli.RunWithEnvironmentAsync(account, "meetings", "list", "--json");
        var status = await _cli.RunWithEnvironmentAsync(account, "token", "status", "--json");

        Assert.True(login.ExitCode == 0, login.Err);
        Assert.Contains("server-to-server", login.Out, StringComparison.Ordinal);
        Assert.True(created.ExitCode == 0, created.Err);
        Assert.True(listed.ExitCode == 0, listed.Err);
        Assert.Contains("Account standup", listed.Out, StringComparison.Ordinal);
        Assert.Equal(0, status.ExitCode);
        // Four processes, one token: the first fetched it, the others found it in the token file.
        Assert.Equal(1, (await _cli.Emulator.StatsAsync())["token_requests"]!["account_credentials"]!.GetValue<long>() - before);
    }

    [Fact]
    public async Task LoginAccountId_KeptInTheProfile_CommandsActForTheAccount_AndARefusedIdIsNotKept()
    {
        var refused = await _cli.RunAsync("login", "--account-id", "no-such-account", "--profile", "ops");
        Assert.Equal(5, refused.ExitCode);
        Assert.Contains("Invalid account_id", refused.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(_cli.SettingsPath) && File.ReadAllText(_cli.SettingsPath).Contains("no-such-account", StringComparison.Ordinal));

        var login = await _cli.RunAsync("login", "--account-id", "emulator-account", "--profile", "ops");
        var created = await _cli.RunAsync("meetings", "create", "--topic", "Ops review", "--start", "2030-03-04T09:30", "--timezone", "UTC", "--profile", "ops");
        var whoami = await _cli.RunAsync("whoami", "--profile", "ops");
        var other = await _cli.RunAsync("meetings", "list", "--profile", "someone-else");

        Assert.True(login.ExitCode == 0, login.Err);
        Assert.Contains("Connected to account emulator-account with server-to-server OAuth (profile 'ops')", login.Out, StringComparison.Ordinal);
        Assert.Contains("\"AccountId\": \"emulator-account\"", File.ReadAllText(_cli.SettingsPath), StringComparison.Ordinal);
        Assert.True(created.ExitCode == 0, created.Err);
        Assert.Equal(0, whoami.ExitCode);
        // Only that profile: another one is still not logged in.
        Assert.Equal(3, other.ExitCode);
    }

    [Fact]
    public async Task Help_EveryCommand_HasExamples()
    {
        // The native build leaves the emulator (ASP.NET Core) to the .NET tool.
        string[][] commands = [["login"], ["logout"], ["whoami"], ["meetings", "list"], ["meetings", "create"], ["meetings", "get"], ["meetings", "update"], ["meetings", "delete"], ["token", "status"], ["token", "refresh"]];
        foreach (var command in CliRunner.Native is null ? [.. commands, ["emulator"]] : commands)
        {
            var help = await _cli.RunAsync([.. command, "--help"]);
            Assert.Equal(0, help.ExitCode);
            Assert.Contains("Example", help.Out, StringComparison.Ordinal);
        }
    }
}
