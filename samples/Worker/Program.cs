// A worker service that keeps tomorrow's stand-up on a Zoom account's calendar, with
// server-to-server OAuth: the account's token lives in a SQLite file, so every process of this
// machine (several workers, a CLI) shares one token per hour instead of fetching its own.
using ZoomKit.DependencyInjection;
using ZoomKit.Storage.Sqlite;
using ZoomKitSamples.Worker;

var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddZoomKit(builder.Configuration.GetSection("Zoom"))
    .UseSqliteTokenStore(o => o.DatabasePath = builder.Configuration["Sample:TokenDatabase"] ?? Path.Combine(AppContext.BaseDirectory, "worker-tokens.db"));
builder.Services.AddOptions<StandupOptions>().Bind(builder.Configuration.GetSection("Sample")).ValidateOnStart();
builder.Services.AddHostedService<StandupScheduler>();
builder.Build().Run();
