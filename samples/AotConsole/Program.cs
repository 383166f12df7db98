// Schedules, lists and deletes a meeting for a Zoom account with server-to-server OAuth, as a
// Native AOT executable: ZoomKit's core without a host, configuration from the environment or the
// command line (Zoom__ClientId, Zoom__ClientSecret, Zoom__AccountId; Zoom__OAuthBaseUrl and
// Zoom__ApiBaseUrl to point at the emulator).
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ZoomKit.DependencyInjection;
using ZoomKit.Http;
using ZoomKit.Meetings;

var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args).Build();
var zoom = configuration.GetSection("Zoom");
if (string.IsNullOrEmpty(zoom["AccountId"]))
{
    Console.Error.WriteLine("Zoom:AccountId is required: the account whose server-to-server app schedules the meeting.");
    return 2;
}

var services = new ServiceCollection();
services.AddZoomKit(zoom);
await using var provider = services.BuildServiceProvider();
// Zoom:AccountId selects server-to-server OAuth: the account's connection makes itself on first use.
var meetings = provider.GetRequiredService<ZoomClientFactory>().CreateAccountClient().Meetings;

var created = await meetings.CreateAsync(new MeetingCreateRequest
{
    Topic = "AOT sample " + Guid.NewGuid().ToString("N")[..8],
    Type = MeetingType.Scheduled,
    StartTime = DateTimeOffset.UtcNow.AddDays(1),
    Duration = 30,
});
Console.WriteLine($"created {created.Id} \"{created.Topic}\"");
var listed = await meetings.ListAsync(new MeetingListOptions { Type = "upcoming" });
var found = listed.Meetings.Any(m => m.Id == created.Id);
Console.WriteLine($"listed {listed.Meetings.Count} upcoming, the new one {(found ? "among them" : "MISSING")}");
await meetings.DeleteAsync(created.Id);
Console.WriteLine($"deleted {created.Id}");
return found ? 0 : 1;
