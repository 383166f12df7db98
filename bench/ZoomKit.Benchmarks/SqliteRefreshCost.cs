using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using ZoomKit.Storage.Sqlite;
using ZoomKit.Testing;
using ZoomKit.Tokens;

namespace ZoomKit.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project bench/ZoomKit.Benchmarks -- sqlite-refresh-cost [refreshes]</c>:
/// the CPU one refresh costs this process, one after another (nothing waits), through the SQLite
/// store against the in-memory store of the same run (the baseline: the manager and the token
/// request alone), and what a second process's adoption of the written token costs. The emulator
/// runs in the process, so its share is in every row alike; the differences are the store's.
/// </summary>
internal static class SqliteRefreshCost
{
    public static async Task RunAsync(int refreshes)
    {
        // A Zoom user per case: a new authorization of the same user and app ends the one before.
        await using var emulator = await EmulatorSession.StartAsync(
            [new("Emulator:AutoApprove", "false"), .. Enumerable.Range(0, 3).SelectMany(i => new KeyValuePair<string, string?>[]
            {
                new($"Emulator:Users:{i}:Email", $"user{i}@example.com"), new($"Emulator:Users:{i}:Password", "pw"),
            })]);
        var folder = Path.Combine(Path.GetTempPath(), "zoomkit-sqlite-refresh-cost", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var cases = new[]
        {
            await Case.StartAsync(emulator, "user0@example.com", _ => (new InMemoryTokenStore(), null)),
            await Case.StartAsync(emulator, "user1@example.com", time => (Sqlite(folder, "alone.db", time), null)),
            await Case.StartAsync(emulator, "user2@example.com", time => (Sqlite(folder, "two.db", time), Sqlite(folder, "two.db", time))),
        };
        try
        {
            // Every case warmed before any is measured, until the JIT has settled; then each measured in
            // turn, three times over, so that what the machine does meanwhile falls on all alike.
            foreach (var c in cases)
            {
                await c.RoundsAsync(refreshes);
            }
            await SqliteProcesses.JitSettledAsync();
            var cpu = cases.Select(_ => new List<double>()).ToArray();
            for (var pass = 0; pass < 3; pass++)
            {
                for (var i = 0; i < cases.Length; i++)
                {
                    var before = Process.GetCurrentProcess().TotalProcessorTime;
                    await cases[i].RoundsAsync(refreshes);
                    cpu[i].Add((Process.GetCurrentProcess().TotalProcessorTime - before).TotalMilliseconds / refreshes);
                }
            }
            var (inMemory, sqlite, adopted) = (Median(cpu[0]), Median(cpu[1]), Median(cpu[2]));
            Console.WriteLine($"Client CPU per refresh, {refreshes} in a row, median of 3 passes (the emulator's share included alike):");
            Console.WriteLine();
            Console.WriteLine("| store | CPU per refresh | ratio to in-memory |");
            Console.WriteLine("| --- | ---: | ---: |");
            Console.WriteLine(Row("in memory (baseline)", inMemory, inMemory));
            Console.WriteLine(Row("SQLite", sqlite, inMemory));
            Console.WriteLine(Row("SQLite, and a second process adopting", adopted, inMemory));
            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"The store's share of a refresh: {(sqlite - inMemory) * 1000:0} µs; an adoption by another process: {(adopted - sqlite) * 1000:0} µs."));
        }
        finally
        {
            foreach (var c in cases)
            {
                c.Dispose();
            }
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static string Row(string name, double ms, double baseline) =>
        string.Create(CultureInfo.InvariantCulture, $"| {name} | {ms * 1000:0} µs | {ms / baseline:0.00} |");

    private static SqliteTokenStore Sqlite(string folder, string file, TimeProvider time) =>
        new(new SqliteTokenStoreOptions { DatabasePath = Path.Combine(folder, file) }, timeProvider: time);

    /// <summary>One store (or two on one file, as two processes) with a connected user, on a clock of its own.</summary>
    private sealed class Case : IDisposable
    {
        private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
        private readonly ZoomKit.OAuth.ZoomOAuthClient _oauth;
        private readonly ITokenStore _first;
        private readonly ITokenStore? _second;
        private readonly ZoomTokenManager _manager;

        private Case(EmulatorSession emulator, Func<TimeProvider, (ITokenStore First, ITokenStore? Second)> stores)
        {
            _oauth = emulator.CreateOAuthClient();
            (_first, _second) = stores(_time);
            _manager = new ZoomTokenManager(_oauth, _first, timeProvider: _time);
        }

        public static async Task<Case> StartAsync(EmulatorSession emulator, string email, Func<TimeProvider, (ITokenStore First, ITokenStore? Second)> stores)
        {
            var c = new Case(emulator, stores);
            await c._manager.ConnectAsync("user", await emulator.AuthorizeAsUserAsync(c._oauth, email, "pw"));
            return c;
        }

        /// <summary>Each round an hour on: the first store's manager refreshes; a second store's, if any, then takes the token it wrote.</summary>
        public async Task RoundsAsync(int rounds)
        {
            for (var round = 0; round < rounds; round++)
            {
                _time.Advance(TimeSpan.FromHours(1));
                var token = await _manager.GetAccessTokenAsync("user");
                if (_second is not null)
                {
                    // A new process's manager (nothing cached) reads the token the first wrote.
                    var adopted = await new ZoomTokenManager(_oauth, _second, timeProvider: _time).GetAccessTokenAsync("user");
                    if (adopted.Value != token.Value)
                    {
                        throw new InvalidOperationException("The second process did not adopt the token the first wrote.");
                    }
                }
            }
        }

        public void Dispose()
        {
            (_first as IDisposable)?.Dispose();
            (_second as IDisposable)?.Dispose();
        }
    }
}
