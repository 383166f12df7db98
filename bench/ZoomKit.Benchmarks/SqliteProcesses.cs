using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;
using ZoomKit.OAuth;
using ZoomKit.Storage.Sqlite;
using ZoomKit.Testing;
using ZoomKit.Tokens;

namespace ZoomKit.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project bench/ZoomKit.Benchmarks -- sqlite-processes [rounds] [token-latency-ms]</c>: real
/// processes sharing one SQLite token file. For 1, 10 and 50 users whose tokens have all expired,
/// 4 processes × 50 callers (caller i asks for user i mod N) arrive together. Every process is new,
/// with no token cached and no connection to the token endpoint open, but warmed on a user of its
/// own until the JIT has settled, as a process that has run for the hour its users' tokens lived.
/// Against the emulator over loopback HTTP (strict rotation: a reused refresh token is refused and
/// stops the run). Prints, per user count, the token requests per user, the time the callers wait
/// beyond the same run's baseline (one caller of one process refreshing one user alone) and the CPU
/// the callers' processes used during the storm. With <c>[token-latency-ms]</c>, every token request of the
/// storms (and of the baseline) waits that long at the emulator before it is answered, as one across the
/// internet to zoom.us does; the processes' warm-up is not delayed.
/// </summary>
internal static class SqliteProcesses
{
    private const int Processes = 4;
    private const int CallersPerProcess = 50;
    // Refreshes of its own user that each process makes before the clock starts: past the JIT's 30 calls to tier up.
    private const int WarmRounds = 40;

    public static async Task RunAsync(int rounds, int tokenLatencyMs = 0)
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

        // Baseline: one caller of one process renews one expired user alone.
        var alone = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            var database = Path.Combine(folder, $"alone-{round}.db");
            await ConnectExpiredAsync(emulator, database, 1);
            alone.AddRange((await StormAsync(emulator, database, users: 1, processes: 1, callers: 1, tokenLatencyMs)).Waits);
        }
        var baseline = Median(alone);
        Console.WriteLine($"Baseline, one caller refreshing one user alone (median of {rounds}): {baseline:0.0} ms; token requests answered after {tokenLatencyMs} ms at the emulator");
        Console.WriteLine();
        Console.WriteLine("| users in the file | token requests per user | callers p50 | callers p99 | p99 added over the baseline | added ÷ baseline | the callers' processes' CPU per storm | their JIT time in the storm |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        // The storm across 4 processes, then the same callers and users in one process: no other process
        // shares the file, so nothing waits on another process's lease, and what remains is the load itself.
        foreach (var (processes, callers) in new[] { (Processes, CallersPerProcess), (1, Processes * CallersPerProcess) })
        {
            Console.WriteLine($"| {processes} process{(processes > 1 ? "es" : "")} × {callers} callers | | | | | | | |");
            foreach (var count in users)
            {
                Console.WriteLine(await RowAsync(emulator, folder, rounds, baseline, count, processes, callers, tokenLatencyMs));
            }
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    private static async Task<string> RowAsync(EmulatorSession emulator, string folder, int rounds, double baseline, int count, int processes, int callers, int tokenLatencyMs)
    {
        var waits = new List<double>();
        var cpu = new List<double>();
        var jit = new List<double>();
        long requests = 0;
        for (var round = 0; round < rounds; round++)
        {
            var database = Path.Combine(folder, $"storm-{processes}-{count}-{round}.db");
            await ConnectExpiredAsync(emulator, database, count);
            var before = await emulator.RefreshRequestsAsync();
            var storm = await StormAsync(emulator, database, count, processes, callers, tokenLatencyMs);
            waits.AddRange(storm.Waits);
            cpu.Add(storm.CpuMs);
            jit.Add(storm.JitMs);
            // Less the warm-up refreshes of each process.
            requests += await emulator.RefreshRequestsAsync() - before - processes * WarmRounds;
            if (await emulator.InvalidGrantsAsync() > 0)
            {
                throw new InvalidOperationException("A dead refresh token was sent (invalid_grant): the lease let two processes refresh one user.");
            }
        }
        waits.Sort();
        var p99 = waits[(int)(waits.Count * 0.99)];
        return string.Create(CultureInfo.InvariantCulture,
            $"| {count} | {(double)requests / rounds / count:0.00} | {Median(waits):0.0} ms | {p99:0.0} ms | {p99 - baseline:0.0} ms | {(p99 - baseline) / baseline:0.00} | {Median(cpu):0} ms | {Median(jit):0} ms |");
    }

    /// <summary>
    /// The child: waits for "go" on its input, then its callers ask together; prints the CPU the process
    /// used meanwhile and each caller's wait, in ms, then waits for a line before it exits.
    /// </summary>
    public static async Task ChildAsync(string database, string oauthBase, int users, int callers, int index)
    {
        var oauthOptions = Options.Create(new ZoomOAuthOptions
        {
            ClientId = EmulatorSession.ClientId,
            ClientSecret = EmulatorSession.ClientSecret,
            OAuthBaseUrl = new Uri(oauthBase),
        });
        using var http = new HttpClient();
        var oauth = new ZoomOAuthClient(http, oauthOptions);
        using var store = new SqliteTokenStore(new SqliteTokenStoreOptions { DatabasePath = database });
        // Warm before the clock starts, on this process's own user, until the JIT has settled: tokens expire
        // an hour after they are issued, so the processes that meet a storm have long been running. Each round
        // expires the user's token again; all but one of the process's callers ask through one manager and the
        // last through a second store on the same file, so that the refresh, the wait in the process, the wait
        // on another holder's lease and the adoption of its token all run often enough to be compiled at the
        // JIT's last tier.
        using (var other = new SqliteTokenStore(new SqliteTokenStoreOptions { DatabasePath = database }))
        {
            var warm = $"warm-{index}";
            for (var round = 0; round < WarmRounds; round++)
            {
                var current = await store.GetAsync(warm);
                await store.SaveAsync(current! with { AccessTokenExpiresAt = DateTimeOffset.UtcNow.AddMinutes(-1) });
                // A new HttpClient each round: the storm's refreshes open connections of their own, and that path is warmed too.
                using var roundHttp = new HttpClient();
                var roundOAuth = new ZoomOAuthClient(roundHttp, oauthOptions);
                var first = new ZoomTokenManager(roundOAuth, store);
                await Task.WhenAll(CallersAsync(first, callers - 1, _ => warm), new ZoomTokenManager(roundOAuth, other).GetAccessTokenAsync(warm).AsTask());
            }
        }
        await JitSettledAsync();
        Console.WriteLine("ready");
        if (Console.ReadLine() != "go")
        {
            return;
        }
        // As after an hour without a refresh: no connection to the token endpoint is open.
        using var stormHttp = new HttpClient();
        var manager = new ZoomTokenManager(new ZoomOAuthClient(stormHttp, oauthOptions), store);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var jit = System.Runtime.JitInfo.GetCompilationTime();
        var waits = await CallersAsync(manager, callers, i => $"user-{i % users}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds:0.###} {(System.Runtime.JitInfo.GetCompilationTime() - jit).TotalMilliseconds:0.###}"));
        foreach (var wait in waits)
        {
            Console.WriteLine(wait.ToString("0.###", CultureInfo.InvariantCulture));
        }
        // Exits only when every process has answered: a process ending takes CPU that the others' callers still need.
        Console.ReadLine();
    }

    /// <summary>The callers of one process ask together, each for its connection; returns each one's wait in ms.</summary>
    private static Task<double[]> CallersAsync(ZoomTokenManager manager, int callers, Func<int, string> connection) =>
        Task.WhenAll(Enumerable.Range(0, callers).Select(i => Task.Run(async () =>
        {
            var started = Stopwatch.GetTimestamp();
            await manager.GetAccessTokenAsync(connection(i));
            return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        })));

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

    private static async Task<(List<double> Waits, double CpuMs, double JitMs)> StormAsync(EmulatorSession emulator, string database, int users, int processes, int callers, int tokenLatencyMs)
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
            // The emulator (in this process) compiles too: let it finish before the clock starts, as Zoom's
            // servers would not share these cores.
            await JitSettledAsync();
            if (tokenLatencyMs > 0)
            {
                await emulator.FaultAsync(new { method = "POST", path = "/oauth/token", fault = "delay", delay_ms = tokenLatencyMs, times = 1_000_000 });
            }
            foreach (var child in children)
            {
                await child.StandardInput.WriteLineAsync("go");
                await child.StandardInput.FlushAsync();
            }
            var waits = new List<double>();
            var cpu = 0.0;
            var jit = 0.0;
            foreach (var child in children)
            {
                var used = (await child.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException("A child process failed.")).Split(' ');
                cpu += double.Parse(used[0], CultureInfo.InvariantCulture);
                jit += double.Parse(used[1], CultureInfo.InvariantCulture);
                for (var i = 0; i < callers; i++)
                {
                    var line = await child.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException("A child process failed.");
                    waits.Add(double.Parse(line, CultureInfo.InvariantCulture));
                }
            }
            if (tokenLatencyMs > 0)
            {
                (await emulator.Admin.DeleteAsync("/_emulator/faults")).EnsureSuccessStatusCode();
            }
            foreach (var child in children)
            {
                await child.StandardInput.WriteLineAsync("exit");
                await child.StandardInput.FlushAsync();
            }
            foreach (var child in children)
            {
                await child.WaitForExitAsync();
                if (child.ExitCode != 0)
                {
                    throw new InvalidOperationException($"A child process failed (exit {child.ExitCode}).");
                }
            }
            return (waits, cpu, jit);
        }
        finally
        {
            foreach (var child in children)
            {
                child.Dispose();
            }
        }
    }

    /// <summary>Returns once this process's JIT has compiled nothing new for 300 ms (at most 15 s).</summary>
    internal static async Task JitSettledAsync()
    {
        var started = Stopwatch.GetTimestamp();
        for (var compiled = -1L; compiled != System.Runtime.JitInfo.GetCompiledMethodCount() && Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(15);)
        {
            compiled = System.Runtime.JitInfo.GetCompiledMethodCount();
            await Task.Delay(300);
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
