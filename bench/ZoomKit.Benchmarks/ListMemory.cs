using Microsoft.Extensions.DependencyInjection;
using ZoomKit.Http;
using ZoomKit.Meetings;
using ZoomKit.OAuth;
using ZoomKit.Testing;
using ZoomKit.Tokens;

namespace ZoomKit.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project bench/ZoomKit.Benchmarks -- list-memory [10000 100000]</c>:
/// the managed heap added while ListAllAsync walks N meetings, against collecting the same
/// meetings into a list (the baseline of the same run). Streaming stays flat in N.
/// </summary>
internal static class ListMemory
{
    public static async Task RunAsync(int[] counts)
    {
        Console.WriteLine("| meetings | ListAllAsync: peak heap added | baseline (all pages kept in a list): peak heap added | ratio |");
        Console.WriteLine("| ---: | ---: | ---: | ---: |");
        foreach (var count in counts)
        {
            await using var emulator = await EmulatorSession.StartAsync(new KeyValuePair<string, string?>("Emulator:RateLimits:Enabled", "false"));
            await using var services = ZoomServices.Build(emulator.BaseUrl);
            var tokens = await emulator.AuthorizeAsync(services.GetRequiredService<ZoomOAuthClient>());
            await services.GetRequiredService<ZoomTokenManager>().ConnectAsync("bench", tokens);
            var client = services.GetRequiredService<ZoomClientFactory>().CreateClient("bench");
            await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
                await client.Meetings.CreateAsync(new MeetingCreateRequest { Topic = $"M{i}", StartTime = new DateTimeOffset(2031, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(i) }, cancellationToken: ct));

            var streamed = await PeakAsync(async sample =>
            {
                var seen = 0;
                await foreach (var meeting in client.Meetings.ListAllAsync())
                {
                    seen++;
                    if (seen % 3000 == 0)
                    {
                        sample();
                    }
                }
                return seen;
            });
            var kept = await PeakAsync(async sample =>
            {
                var all = new List<MeetingSummary>();
                await foreach (var meeting in client.Meetings.ListAllAsync())
                {
                    all.Add(meeting);
                    if (all.Count % 3000 == 0)
                    {
                        sample();
                    }
                }
                return all.Count;
            });
            Console.WriteLine($"| {count:N0} | {streamed.Peak / 1024.0 / 1024:0.0} MiB | {kept.Peak / 1024.0 / 1024:0.0} MiB | {(double)streamed.Peak / kept.Peak:0.00} |");
            if (streamed.Count != count || kept.Count != count)
            {
                throw new InvalidOperationException($"listed {streamed.Count} and {kept.Count} of {count}");
            }
        }
    }

    // Peak of the live heap above the level before the walk, sampled after a full collection every ten pages.
    private static async Task<(long Peak, int Count)> PeakAsync(Func<Action, Task<int>> walk)
    {
        var before = Settle();
        var peak = 0L;
        var count = await walk(() => peak = Math.Max(peak, Settle() - before));
        return (peak, count);
    }

    private static long Settle()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
