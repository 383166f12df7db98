using System.Diagnostics;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using ZoomKit.OAuth;
using ZoomKit.Storage.Postgres;
using ZoomKit.Storage.Sqlite;
using ZoomKit.Testing;
using ZoomKit.Tokens;

namespace ZoomKit.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project bench/ZoomKit.Benchmarks -- refresh-storm [postgres connection string]</c>:
/// 4 instances (token managers with caches of their own, as separate processes have) × 100 callers
/// arrive together at an expired token, through one shared store, against a strict-rotation token
/// endpoint on loopback HTTP; 20 rotations. Prints token requests per rotation and the callers'
/// wait, against the baseline of one caller refreshing alone through the same store.
/// </summary>
internal static class RefreshStorm
{
    private const int Instances = 4;
    private const int Callers = 100;
    private const int Rotations = 20;

    public static async Task RunAsync(string? postgres)
    {
        Console.WriteLine("| store | token requests per rotation | baseline: one caller alone, p50 | storm callers p50 | storm callers p99 | p99 added over the baseline |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        var folder = Path.Combine(Path.GetTempPath(), "zoomkit-storm", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        await MeasureAsync("SQLite, one file", () => new SqliteTokenStore(new SqliteTokenStoreOptions { DatabasePath = Path.Combine(folder, "tokens.db") }));
        if (postgres is not null)
        {
            var schema = "storm_" + Guid.NewGuid().ToString("N");
            await using (var admin = NpgsqlDataSource.Create(postgres))
            await using (var create = admin.CreateCommand($"CREATE SCHEMA {schema}"))
            {
                await create.ExecuteNonQueryAsync();
            }
            var dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(postgres) { SearchPath = schema }.ConnectionString);
            var protector = new AesGcmTokenProtector(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
            await MeasureAsync("PostgreSQL, row lock", () => new PostgresTokenStore(dataSource, protector));
        }
    }

    private static async Task MeasureAsync(string name, Func<ITokenStore> newStore)
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var endpoint = new FakeTokenEndpoint(() => DateTimeOffset.UtcNow);
        await using var server = await FakeTokenServer.StartAsync(endpoint);
        using var http = new HttpClient();
        var oauth = new ZoomOAuthClient(http, Options.Create(new ZoomOAuthOptions { ClientId = FakeTokenEndpoint.ClientId, ClientSecret = FakeTokenEndpoint.ClientSecret, OAuthBaseUrl = server.BaseUrl }));
        var stores = Enumerable.Range(0, Instances).Select(_ => newStore()).ToArray();
        var managers = stores.Select(s => new ZoomTokenManager(oauth, s, timeProvider: time)).ToArray();
        var (access, refresh) = endpoint.Authorize();
        await stores[0].SaveAsync(new ZoomConnection { Id = "storm", AccessToken = access, RefreshToken = refresh, AccessTokenExpiresAt = time.GetUtcNow().AddHours(1) });

        // Baseline: one caller of one instance renews alone.
        var alone = new List<double>();
        for (var i = 0; i < Rotations; i++)
        {
            time.Advance(TimeSpan.FromHours(1));
            var started = Stopwatch.GetTimestamp();
            await managers[0].GetAccessTokenAsync("storm");
            alone.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        var before = endpoint.RefreshRequests;
        var waits = new List<double>();
        for (var i = 0; i < Rotations; i++)
        {
            time.Advance(TimeSpan.FromHours(1));
            using var go = new ManualResetEventSlim();
            var callers = managers.SelectMany(m => Enumerable.Range(0, Callers).Select(_ => Task.Run(async () =>
            {
                go.Wait();
                var started = Stopwatch.GetTimestamp();
                await m.GetAccessTokenAsync("storm");
                return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }))).ToArray();
            go.Set();
            waits.AddRange(await Task.WhenAll(callers));
        }
        var perRotation = (double)(endpoint.RefreshRequests - before) / Rotations;
        if (endpoint.InvalidGrants > 0)
        {
            throw new InvalidOperationException($"{endpoint.InvalidGrants} invalid_grant answers: a dead refresh token was sent.");
        }
        alone.Sort();
        waits.Sort();
        var baseline = alone[alone.Count / 2];
        var p99 = waits[(int)(waits.Count * 0.99)];
        Console.WriteLine($"| {name} | {perRotation:0.00} | {baseline:0.0} ms | {waits[waits.Count / 2]:0.0} ms | {p99:0.0} ms | {p99 - baseline:0.0} ms |");
        foreach (var store in stores.OfType<IDisposable>())
        {
            store.Dispose();
        }
    }
}
