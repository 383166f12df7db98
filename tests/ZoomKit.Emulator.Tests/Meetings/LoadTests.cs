using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;

namespace ZoomKit.Emulator.Tests.Meetings;

public sealed class LoadFixture : EmulatorFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        Enumerable.Range(0, 50).SelectMany(i => new KeyValuePair<string, string?>[]
        {
            new($"Emulator:Users:{i}:Email", $"user{i}@example.com"),
            new($"Emulator:Users:{i}:Password", "pw"),
            // Each user its own account, so Zoom's per-account limits do not throttle the load itself.
            new($"Emulator:Users:{i}:AccountId", $"account-{i}"),
        }).Append(new("Emulator:RateLimits:MeetingCreateUpdatePerUserPerDay", "1000000"))
          .Append(new("Emulator:RateLimits:Plan", "Business"));
}

public sealed class LoadTests(LoadFixture emulator) : IClassFixture<LoadFixture>
{
    [Fact]
    public async Task FiftyClientsThirtySeconds_CreateListDelete_No5xxAndCountsAddUp()
    {
        await emulator.ResetAsync();
        var tokens = await Task.WhenAll(Enumerable.Range(0, 50).Select(async i => (await emulator.AuthorizeAsync($"user{i}@example.com", "pw"))["access_token"]!.GetValue<string>()));
        var statuses = new ConcurrentDictionary<HttpStatusCode, int>();
        long creates = 0, deletes = 0;
        var clock = Stopwatch.StartNew();

        await Task.WhenAll(tokens.Select(token => Task.Run(async () =>
        {
            var mine = new List<long>();
            for (var i = 0; clock.Elapsed < TimeSpan.FromSeconds(30) && i < 100_000; i++)
            {
                ApiAnswer answer;
                switch (i % 4)
                {
                    case 0 or 1:
                        answer = await emulator.ApiAsync(HttpMethod.Post, "/v2/users/me/meetings", token, new JsonObject { ["topic"] = "Load", ["start_time"] = "2030-01-01T10:00:00Z" });
                        if (answer.Status == HttpStatusCode.Created)
                        {
                            Interlocked.Increment(ref creates);
                            mine.Add(answer.Body!["id"]!.GetValue<long>());
                        }
                        break;
                    case 2:
                        answer = await emulator.ApiAsync(HttpMethod.Get, "/v2/users/me/meetings?page_size=50", token);
                        break;
                    default:
                        if (mine.Count == 0)
                        {
                            continue;
                        }
                        answer = await emulator.ApiAsync(HttpMethod.Delete, $"/v2/meetings/{mine[^1]}", token);
                        if (answer.Status == HttpStatusCode.NoContent)
                        {
                            Interlocked.Increment(ref deletes);
                            mine.RemoveAt(mine.Count - 1);
                        }
                        break;
                }
                statuses.AddOrUpdate(answer.Status, 1, (_, n) => n + 1);
            }
        })));

        Assert.DoesNotContain(statuses.Keys, s => (int)s >= 500);
        Assert.True(creates > 50, $"only {creates} creates");
        Assert.Equal(creates - deletes, (await emulator.StatsAsync())["meetings"]!.GetValue<long>());
    }
}
