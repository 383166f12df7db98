using System.Diagnostics;
using ZoomKit.Testing;
using ZoomKit.Tokens;

namespace ZoomKit.Storage.Sqlite.Tests;

/// <summary>Separate OS processes sharing one SQLite file refresh a connection exactly once.</summary>
public sealed class CrossProcessRefreshTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task GetAccessTokenAsync_FourProcessesTimesHundredCallersOnExpiredToken_ExactlyOneRefreshAndEveryoneHasTheNewestToken()
    {
        var endpoint = new FakeTokenEndpoint(() => DateTimeOffset.UtcNow);
        await using var server = await FakeTokenServer.StartAsync(endpoint);
        var (access, refresh) = endpoint.Authorize();

        var newest = await RunStormAsync(server.BaseUrl, FakeTokenEndpoint.ClientId, FakeTokenEndpoint.ClientSecret, access, refresh);

        Assert.Equal(1, endpoint.RefreshRequests);
        Assert.Equal(0, endpoint.InvalidGrants);
        Assert.Equal(endpoint.LiveRefreshToken, newest.RefreshToken);
    }

    [Fact]
    public async Task GetAccessTokenAsync_FourProcessesAgainstTheEmulator_ExactlyOneRefreshZeroInvalidGrant()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        var tokens = await emulator.AuthorizeAsync(emulator.CreateOAuthClient());

        var newest = await RunStormAsync(emulator.BaseUrl, EmulatorSession.ClientId, EmulatorSession.ClientSecret, tokens.AccessToken, tokens.RefreshToken!);

        Assert.Equal(1, await emulator.RefreshRequestsAsync());
        Assert.Equal(0, await emulator.InvalidGrantsAsync());
        // The stored refresh token is the live one: one more rotation with it succeeds.
        Assert.True((await emulator.CreateOAuthClient().RefreshAsync(newest.RefreshToken!)).Succeeded);
    }

    [Fact]
    public async Task WorkerKilledAfterZoomRotated_NextProcessReportsRefreshResponseLost()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        var tokens = await emulator.AuthorizeAsync(emulator.CreateOAuthClient());
        var database = _folder.File("tokens.db");
        using (var store = new SqliteTokenStore(new SqliteTokenStoreOptions { DatabasePath = database }))
        {
            await store.SaveAsync(new ZoomConnection { Id = "user-1", AccessToken = tokens.AccessToken, RefreshToken = tokens.RefreshToken, AccessTokenExpiresAt = DateTimeOffset.UtcNow.AddSeconds(-1) });
        }
        // Zoom receives the refresh, then takes its time: the worker dies waiting, and Zoom rotates anyway.
        await emulator.FaultAsync(new { method = "POST", path = "/oauth/token", fault = "delay", delay_ms = 3000 });
        var goFile = _folder.File("go");
        var worker = Worker.Start(database, emulator.BaseUrl, EmulatorSession.ClientId, EmulatorSession.ClientSecret, goFile, callers: 1);
        await worker.ReadyAsync();
        await File.WriteAllTextAsync(goFile, "go");
        // Killed once its token request is at Zoom (held there by the delay), however slow the machine is.
        for (var i = 0; i < 300 && (await emulator.StatsAsync())["faults_applied"]!.GetValue<long>() == 0; i++)
        {
            await Task.Delay(20);
        }
        Assert.Equal(1, (await emulator.StatsAsync())["faults_applied"]!.GetValue<long>());
        worker.Kill();
        // Zoom finishes what it received, for nobody: the rotation happens after the delay.
        for (var i = 0; i < 500 && await emulator.RefreshRequestsAsync() == 0; i++)
        {
            await Task.Delay(20);
        }
        Assert.Equal(1, await emulator.RefreshRequestsAsync());

        using var next = new SqliteTokenStore(new SqliteTokenStoreOptions { DatabasePath = database });
        var manager = new ZoomTokenManager(emulator.CreateOAuthClient(), next);
        var error = await Assert.ThrowsAsync<ZoomReauthorizationRequiredException>(async () => await manager.GetAccessTokenAsync("user-1"));

        Assert.Equal(ReauthorizationReason.RefreshResponseLost, error.Reauthorization.Reason);
        Assert.Equal(ReauthorizationReason.RefreshResponseLost, (await next.GetAsync("user-1"))!.Reauthorization!.Reason);
    }

    [Fact]
    public async Task TenServerToServerProcesses_ExpiredAccountToken_ExactlyOneAccountCredentialsRequest()
    {
        await using var emulator = await EmulatorSession.StartAsync(new("Emulator:Apps:0:ClientId", EmulatorSession.ClientId),
            new("Emulator:Apps:0:ClientSecret", EmulatorSession.ClientSecret), new("Emulator:Apps:0:RedirectUris:0", EmulatorSession.Redirect.AbsoluteUri),
            new("Emulator:Apps:0:AccountId", "emulator-account"));
        var connectionId = ZoomTokenManager.AccountConnectionId("emulator-account");
        var database = _folder.File("tokens.db");
        using (var store = new SqliteTokenStore(new SqliteTokenStoreOptions { DatabasePath = database }))
        {
            // Connected an hour ago by Zoom:AccountId: the token has just expired.
            var manager = new ZoomTokenManager(emulator.CreateOAuthClient(), store);
            var connected = await manager.ConnectServerToServerAsync(connectionId, "emulator-account");
            await store.SaveAsync(connected with { AccessTokenExpiresAt = DateTimeOffset.UtcNow.AddSeconds(-1) });
        }
        var before = (await emulator.StatsAsync())["token_requests"]!["account_credentials"]!.GetValue<long>();
        var goFile = _folder.File("go");

        var workers = Enumerable.Range(0, 10).Select(_ => Worker.Start(database, emulator.BaseUrl, EmulatorSession.ClientId, EmulatorSession.ClientSecret, goFile, callers: 20, connectionId, "emulator-account")).ToArray();
        await Task.WhenAll(workers.Select(w => w.ReadyAsync()));
        await File.WriteAllTextAsync(goFile, "go");
        var outputs = await Task.WhenAll(workers.Select(w => w.FinishAsync()));

        Assert.Equal(1, (await emulator.StatsAsync())["token_requests"]!["account_credentials"]!.GetValue<long>() - before);
        using var reader = new SqliteTokenStore(new SqliteTokenStoreOptions { DatabasePath = database });
        var stored = await reader.GetAsync(connectionId);
        var expected = $"20 token {Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(stored!.AccessToken)))}";
        Assert.All(outputs, o => Assert.Equal((0, expected), (o.ExitCode, o.Output.Trim())));
    }

    /// <summary>Stores an expired connection, runs 4 worker processes of 100 callers each, and checks they all hold the stored token.</summary>
    private async Task<ZoomConnection> RunStormAsync(Uri baseUrl, string clientId, string clientSecret, string access, string refresh)
    {
        var database = _folder.File("tokens.db");
        using (var store = new SqliteTokenStore(new SqliteTokenStoreOptions { DatabasePath = database }))
        {
            await store.SaveAsync(new ZoomConnection
            {
                Id = "user-1",
                AccessToken = access,
                RefreshToken = refresh,
                AccessTokenExpiresAt = DateTimeOffset.UtcNow.AddSeconds(-1),
            });
        }
        var goFile = _folder.File("go");

        var workers = Enumerable.Range(0, 4).Select(_ => Worker.Start(database, baseUrl, clientId, clientSecret, goFile, callers: 100)).ToArray();
        await Task.WhenAll(workers.Select(w => w.ReadyAsync()));
        await File.WriteAllTextAsync(goFile, "go");
        var outputs = await Task.WhenAll(workers.Select(w => w.FinishAsync()));

        using var reader = new SqliteTokenStore(new SqliteTokenStoreOptions { DatabasePath = database });
        var stored = await reader.GetAsync("user-1");
        Assert.Equal(2, stored!.Version);
        var expected = $"100 token {Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(stored.AccessToken)))}";
        Assert.All(outputs, o => Assert.Equal((0, expected), (o.ExitCode, o.Output.Trim())));
        return stored;
    }

    private sealed class Worker
    {
        private readonly Process _process;
        private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly System.Text.StringBuilder _output = new();

        private Worker(Process process) => _process = process;

        public static Worker Start(string database, Uri baseUrl, string clientId, string clientSecret, string goFile, int callers, string connectionId = "user-1", string? accountId = null)
        {
            // tests/<this>/bin/<configuration>/net10.0/ → tests/ZoomKit.TokenWorker/bin/<configuration>/net10.0/
            var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var configuration = here.Parent!.Name;
            var dll = Path.Combine(here.Parent.Parent!.Parent!.Parent!.FullName, "ZoomKit.TokenWorker", "bin", configuration, here.Name, "ZoomKit.TokenWorker.dll");
            if (!File.Exists(dll))
            {
                throw new FileNotFoundException($"The worker is not built at {dll}.");
            }
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var arg in new[] { Path.GetFullPath(dll), database, baseUrl.ToString(), clientId, clientSecret, connectionId, callers.ToString(System.Globalization.CultureInfo.InvariantCulture), goFile })
            {
                start.ArgumentList.Add(arg);
            }
            if (accountId is not null)
            {
                start.ArgumentList.Add(accountId);
            }
            var worker = new Worker(new Process { StartInfo = start });
            worker._process.OutputDataReceived += (_, e) =>
            {
                if (e.Data is null)
                {
                    return;
                }
                if (e.Data == "ready")
                {
                    worker._ready.TrySetResult();
                }
                else
                {
                    lock (worker._output)
                    {
                        worker._output.AppendLine(e.Data);
                    }
                }
            };
            worker._process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is not null)
                {
                    lock (worker._output)
                    {
                        worker._output.AppendLine("stderr: " + e.Data);
                    }
                }
            };
            worker._process.Start();
            worker._process.BeginOutputReadLine();
            worker._process.BeginErrorReadLine();
            return worker;
        }

        public void Kill()
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        public async Task ReadyAsync()
        {
            var exited = _process.WaitForExitAsync();
            if (await Task.WhenAny(_ready.Task, exited, Task.Delay(TimeSpan.FromSeconds(60))) != _ready.Task)
            {
                lock (_output)
                {
                    throw new InvalidOperationException($"The worker did not get ready: {_output}");
                }
            }
        }

        public async Task<(int ExitCode, string Output)> FinishAsync()
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            await _process.WaitForExitAsync(timeout.Token);
            lock (_output)
            {
                return (_process.ExitCode, _output.ToString());
            }
        }
    }
}
