using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;
using ZoomKit.OAuth;
using ZoomKit.Storage.Sqlite;
using ZoomKit.Testing;
using ZoomKit.Tokens;

namespace ZoomKit.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project bench/ZoomKit.Benchmarks -- sqlite-processes [rounds]</c>: real
/// processes sharing one SQLite token file. For 1, 10 and 50 users whose tokens have all expired,
/// 4 processes × 50 callers (caller i asks for user i mod N) arrive together; every process is
/// fresh, with nothing cached, as after a deploy. Against the emulator over loopback HTTP (strict
/// rotation: a reused refresh token is refused and stops the run). Prints, per user count, the
/// token requests per user and the time the callers wait beyond the same run's baseline: one
/// caller of one process refreshing one user alone.
/// </summary>
internal static class SqliteProcesses
{
    private const int Processes = 4;
    private const int CallersPerProcess = 50;

    public static async Task RunAsync(int rounds)
    {
        var users = new[] { 1, 10, 50 };
        var settings = new List<KeyValuePair<string, string?>> { new("Emulator:AutoApprove", "false") };
        // The users of the storms, and one more per process to warm it up with a refresh of its own.
        for (var i = 0; i < users.Max() + Processes; i++)
        {
            settings.Add(new($"Emulator:Users:{i}:Email", $"user{i}@example.com"));
            settings.Add(new($"Emulator:Users:{i}:Password", "pw"));
        }
        await using var emulator = await EmulatorSession.StartAsync([.. settings]);
        var folder = Path.Combine(Path.GetTempPath(), "zoomkit-sqlite-processes", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);

        // Baseline: one caller of one fresh process renews one expired user alone.
        var alone = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            var database = Path.Combine(folder, $"alone-{round}.db");
            await ConnectExpiredAsync(emulator, database, 1);
            alone.AddRange(await StormAsync(emulator, database, users: 1, processes: 1, callers: 1));
        }
        var baseline = Median(alone);
        Console.WriteLine($"Baseline, one caller refreshing one user alone (median of {rounds}): {baseline:0.0} ms");
        Console.WriteLine();
        Console.WriteLine("| users in the file | token requests per user | callers p50 | callers p99 | p99 added over the baseline | added ÷ baseline |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: |");
        // The storm across 4 processes, then the same callers and users in one process: no other process
        // shares the file, so nothing waits on another process's lease, and what remains is the load itself.
        foreach (var (processes, callers) in new[] { (Processes, CallersPerProcess), (1, Processes * CallersPerProcess) })
        {
            Console.WriteLine($"| {processes} process{(processes > 1 ? "es" : "")} × {callers} callers | | | | | |");
            foreach (var count in users)
            {
                Console.WriteLine(await RowAsync(emulator, folder, rounds, baseline, count, processes, callers));
            }
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    private static async Task<string> RowAsync(EmulatorSession emulator, string folder, int rounds, double baseline, int count, int processes, int callers)
    {
        var waits = new List<double>();
        long requests = 0;
        for (var round = 0; round < rounds; round++)
        {
            var database = Path.Combine(folder, $"storm-{processes}-{count}-{round}.db");
            await ConnectExpiredAsync(emulator, database, count);
            var before = await emulator.RefreshRequestsAsync();
            waits.AddRange(await StormAsync(emulator, database, count, processes, callers));
            // Less the warm-up refreshes, one per process.
            requests += await emulator.RefreshRequestsAsync() - before - processes;
            if (await emulator.InvalidGrantsAsync() > 0)
            {
                throw new InvalidOperationException("A dead refresh token was sent (invalid_grant): the lease let two processes refresh one user.");
            }
        }
        waits.Sort();
        var p99 = waits[(int)(waits.Count * 0.99)];
        return string.Create(CultureInfo.InvariantCulture,
            $"| {count} | {(double)requests / rounds / count:0.00} | {Median(waits):0.0} ms | {p99:0.0} ms | {p99 - baseline:0.0} ms | {(p99 - baseline) / baseline:0.00} |");
    }

    /// <summary>The child: waits for "go" on its input, then its callers ask together; prints each caller's wait in ms.</summary>
    public static async Task ChildAsync(string database, string oauthBase, int users, int callers, int index)
    {
        using var http = new HttpClient();
        var oauth = new ZoomOAuthClient(http, Options.Create(new ZoomOAuthOptions
        {
            ClientId = EmulatorSession.ClientId,
            ClientSecret = EmulatorSession.ClientSecret,
            OAuthBaseUrl = new Uri(oauthBase),
        }));
        using var store = new SqliteTokenStore(new SqliteTokenStoreOptions { DatabasePath = database });
        var manager = new ZoomTokenManager(oauth, store);
        // Warm before the clock starts, on this process's own user: two callers of this manager and one of
        // a second store on the same file ask at once, so that the refresh, the wait in the process, the
        // wait on another holder's lease and the adoption of its token all run (and are compiled) once.
        using (var other = new SqliteTokenStore(new SqliteTokenStoreOptions { DatabasePath = database }))
        {
            var warm = $"warm-{index}";
            await Task.WhenAll(manager.GetAccessTokenAsync(warm).AsTask(), manager.GetAccessTokenAsync(warm).AsTask(), new ZoomTokenManager(oauth, other).GetAccessTokenAsync(warm).AsTask());
        }
        Console.WriteLine("ready");
        if (Console.ReadLine() != "go")
        {
            return;
        }
        var waits = await Task.WhenAll(Enumerable.Range(0, callers).Select(i => Task.Run(async () =>
        {
            var started = Stopwatch.GetTimestamp();
            await manager.GetAccessTokenAsync($"user-{i % users}");
            return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        })));
        foreach (var wait in waits)
        {
            Console.WriteLine(wait.ToString("0.###", CultureInfo.InvariantCulture));
        }
    }

    private static async Task ConnectExpiredAsync(EmulatorSession emulator, string database, int users)
    {
        using var store = new SqliteTokenStore(new SqliteTokenStoreOptions { DatabasePath = database });
        var oauth = emulator.CreateOAuthClient();
        var connections = Enumerable.Range(0, users).Select(i => ($"user-{i}", $"user{i}@example.com"))
            .Concat(Enumerable.Range(0, Processes).Select(i => ($"warm-{i}", $"user{50 + i}@example.com")));
        foreach (var (id, email) in connections)
        {
            var tokens = await emulator.AuthorizeAsUserAsync(oauth, email, "pw");
            await store.SaveAsync(new ZoomConnection
            {
                Id = id,
                AccessToken = tokens.AccessToken,
                RefreshToken = tokens.RefreshToken,
                AccessTokenExpiresAt = DateTimeOffset.UtcNow.AddMinutes(-1),
                Scopes = tokens.Scopes,
            });
        }
    }

    private static async Task<List<double>> StormAsync(EmulatorSession emulator, string database, int users, int processes, int callers)
    {
        var children = Enumerable.Range(0, processes).Select(index => Process.Start(new ProcessStartInfo(Environment.ProcessPath!)
        {
            ArgumentList = { "sqlite-processes-child", database, emulator.BaseUrl.AbsoluteUri, users.ToString(CultureInfo.InvariantCulture), callers.ToString(CultureInfo.InvariantCulture), index.ToString(CultureInfo.InvariantCulture) },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!).ToList();
        try
        {
            foreach (var child in children)
            {
                if (await child.StandardOutput.ReadLineAsync() != "ready")
                {
                    throw new InvalidOperationException("A child process did not start.");
                }
            }
            foreach (var child in children)
            {
                await child.StandardInput.WriteLineAsync("go");
                await child.StandardInput.FlushAsync();
            }
            var waits = new List<double>();
            foreach (var child in children)
            {
                var output = await child.StandardOutput.ReadToEndAsync();
                await child.WaitForExitAsync();
                if (child.ExitCode != 0)
                {
                    throw new InvalidOperationException($"A child process failed (exit {child.ExitCode}).");
                }
                waits.AddRange(output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => double.Parse(line, CultureInfo.InvariantCulture)));
            }
            return waits;
        }
        finally
        {
            foreach (var child in children)
            {
                child.Dispose();
            }
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
