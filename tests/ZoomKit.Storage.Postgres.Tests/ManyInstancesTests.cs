using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace ZoomKit.Storage.Postgres.Tests;

/// <summary>Several app instances as separate processes, one PostgreSQL, one emulator.</summary>
public sealed class ManyInstancesTests
{
    [Fact]
    public async Task ThreeInstancesFiftyUsers_TokensExpireTogether_OneRefreshPerUserNoInvalidGrantNoFailedRequest()
    {
        await using var cluster = await AppInstances.StartAsync(instances: 3, users: 50);
        var users = await Task.WhenAll(Enumerable.Range(0, 50).Select(u => cluster.SignInAsync(u, cluster.Urls[u % 3])));
        using var admin = new HttpClient { BaseAddress = cluster.Emulator.BaseUrl };
        (await admin.PostAsJsonAsync("/_emulator/clock", new { advance_seconds = 3600 })).EnsureSuccessStatusCode();

        // 300 requests at once, each user's six spread over the three instances.
        var answers = await Task.WhenAll(Enumerable.Range(0, 300).Select(async i =>
        {
            using var response = await users[i % 50].GetAsync(new Uri(cluster.Urls[i % 3], "/meetings"));
            return (response.StatusCode, Body: $"{response.Headers.Location} {await response.Content.ReadAsStringAsync()}");
        }));

        Assert.All(answers, a =>
        {
            Assert.Equal(HttpStatusCode.OK, a.StatusCode);
            Assert.Contains("Upcoming meetings", a.Body, StringComparison.Ordinal);
        });
        var stats = JsonNode.Parse(await admin.GetStringAsync("/_emulator/stats"))!;
        Assert.Equal(50, stats["token_requests"]!["refresh_token"]!.GetValue<long>());
        Assert.Equal(0, stats["token_errors"]!["invalid_grant"]!.GetValue<long>());
        foreach (var user in users)
        {
            user.Dispose();
        }
    }

    [Fact]
    public async Task Cookie_IssuedByInstanceOne_AcceptedByTwoAndThree()
    {
        await using var cluster = await AppInstances.StartAsync(instances: 3, users: 1);
        using var user = await cluster.SignInAsync(0, cluster.Urls[0]);

        foreach (var url in cluster.Urls.Skip(1))
        {
            using var response = await user.GetAsync(new Uri(url, "/meetings"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("Upcoming meetings", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }
}
