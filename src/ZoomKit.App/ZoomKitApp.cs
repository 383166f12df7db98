using ZoomKit.AspNetCore.Authentication;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OAuth;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption;
using Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption.ConfigurationModel;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ZoomKit.App.Feeds;
using ZoomKit.App.Zoom;
using ZoomKit.DependencyInjection;
using ZoomKit.Emulator;
using ZoomKit.Http;
using ZoomKit.OAuth;
using ZoomKit.Storage.Postgres;
using ZoomKit.Storage.Sqlite;
using ZoomKit.Tokens;
using ZoomKit.Webhooks;

namespace ZoomKit.App;

/// <summary>Builds the scheduler app; <c>Program</c> runs it, tests start it on loopback ports.</summary>
public static partial class ZoomKitApp
{
    /// <summary>Builds the app from command-line arguments, starting the embedded emulator when no Zoom app is configured.</summary>
    public static async Task<WebApplication> BuildAsync(string[] args)
    {
        // Named explicitly: when a test host starts the app, the entry assembly is not this one,
        // and Razor Pages and static files must still be found.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(ZoomKitApp).Assembly.GetName().Name,
            WebRootPath = Directory.Exists(Path.Combine(Directory.GetCurrentDirectory(), "wwwroot")) ? null : Path.Combine(AppContext.BaseDirectory, "wwwroot"),
        });
        var settings = AppSettings.Read(builder.Configuration, builder.Environment.ContentRootPath);
        Directory.CreateDirectory(settings.DataFolder);
        builder.Services.AddSingleton(settings);

        ZoomEmulatorHost? emulator = null;
        string? embeddedWebhookSecret = null;
        if (settings.Embedded)
        {
            embeddedWebhookSecret = EmbeddedWebhookSecret(builder.Configuration, settings.DataFolder);
            emulator = await StartEmulatorAsync(builder, settings, embeddedWebhookSecret);
        }

        // A connection string selects PostgreSQL (tokens and Data Protection keys shared by every
        // instance); nothing selects the SQLite file of this machine.
        var postgres = builder.Configuration.GetConnectionString("ZoomKit");
        var dataProtection = builder.Services.AddDataProtection()
            .SetApplicationName("ZoomKit.App")
            .UseCryptographicAlgorithms(new AuthenticatedEncryptorConfiguration { EncryptionAlgorithm = EncryptionAlgorithm.AES_256_GCM });
        settings.KeyProtection.Apply(dataProtection);
        var zoomKit = builder.Services.AddZoomKit(builder.Configuration.GetSection("Zoom"));
        if (string.IsNullOrWhiteSpace(postgres))
        {
            dataProtection.PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(settings.DataFolder, "keys")));
            zoomKit.UseSqliteTokenStore(o => o.DatabasePath = Path.Combine(settings.DataFolder, "zoomkit-tokens.db"));
            builder.Services.AddSingleton<FeedLinkStore>(new SqliteFeedLinkStore(Path.Combine(settings.DataFolder, "zoomkit-feeds.db")));
        }
        else
        {
            zoomKit.UsePostgresTokenStore(o => o.ConnectionString = postgres);
            // The app's own tables and signals: a data source of its own beside the token store's.
            builder.Services.AddSingleton(_ => Npgsql.NpgsqlDataSource.Create(postgres));
            builder.Services.AddSingleton<FeedLinkStore>(sp => new PostgresFeedLinkStore(sp.GetRequiredService<Npgsql.NpgsqlDataSource>()));
            builder.Services.AddSingleton<PostgresMeetingSignals>();
            builder.Services.AddSingleton<MeetingSignals>(sp => sp.GetRequiredService<PostgresMeetingSignals>());
            builder.Services.AddHostedService(sp => sp.GetRequiredService<PostgresMeetingSignals>());
        }
        builder.Services.AddSingleton<CalendarFeeds>();
        var webhookSecret = builder.Configuration["Zoom:WebhookSecretToken"] ?? embeddedWebhookSecret;
        if (webhookSecret is not null)
        {
            builder.Services.AddSingleton(sp => new ZoomWebhookVerifier(webhookSecret, sp.GetRequiredService<TimeProvider>()));
        }

        // Reached over HTTPS (directly or through a TLS proxy), the app's cookies never travel over plain
        // HTTP, whatever scheme a request arrives with. Only the embedded default and a loopback HTTP
        // redirect URI (local work against the real Zoom) run on plain HTTP, where Secure cookies cannot be set.
        var cookieSecurity = settings.PublicHttpsOrigin is null ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
        ConfigureProxies(builder.Services, settings);
        builder.Services.AddAntiforgery(o => o.Cookie.SecurePolicy = cookieSecurity);
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o =>
            {
                o.LoginPath = "/";
                o.Cookie.Name = "zoomkit";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = cookieSecurity;
                o.SlidingExpiration = true;
                o.ExpireTimeSpan = TimeSpan.FromDays(14);
                o.Events.OnValidatePrincipal = ZoomSessionValidation.ValidatePrincipalAsync;
            })
            .AddZoom(o =>
            {
                // Secure when deployed; on the embedded default still usable on plain-HTTP localhost in any client.
                o.CorrelationCookie.SecurePolicy = cookieSecurity;
                o.Events.OnRemoteFailure = context =>
                {
                    context.Response.Redirect("/?error=" + Uri.EscapeDataString(context.Failure is ZoomOAuthException { Error.Error: ZoomOAuthConstants.Errors.AccessDenied } || context.Request.Query["error"] == "access_denied" ? "denied" : "failed"));
                    context.HandleResponse();
                    return Task.CompletedTask;
                };
            });
        builder.Services.AddAuthorization();
        builder.Services.AddSingleton<ZoomErrorFilter>();
        builder.Services.AddSingleton<MeetingViewCache>();
        builder.Services.AddSingleton<LiveMeetings>();
        builder.Services.TryAddSingleton<MeetingSignals>();
        builder.Services.AddRazorPages(o =>
        {
            o.Conventions.AuthorizeFolder("/Meetings");
            o.Conventions.AuthorizePage("/Disconnect");
            o.Conventions.AuthorizeFolder("/Admin");
        }).AddMvcOptions(o => o.Filters.AddService<ZoomErrorFilter>());
        builder.Services.AddHealthChecks().AddZoomKitHealthChecks();

        var app = builder.Build();
        if (emulator is not null)
        {
            app.Lifetime.ApplicationStopped.Register(() => emulator.DisposeAsync().AsTask().GetAwaiter().GetResult());
            EmbeddedEmulator(app.Logger, emulator.BaseUrl, settings.DataFolder);
        }
        // Behind a TLS-terminating proxy: the scheme, client address and host the proxy saw.
        app.UseForwardedHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Problem");
        }
        if (settings.PublicHttpsOrigin is { } origin)
        {
            app.UseHsts();
            app.Use((context, next) => RedirectToHttps(context, next, origin));
        }
        app.UseStaticFiles();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapRazorPages();
        // A person's calendar feed, for calendar apps: the secret in the address is the only key.
        app.MapGet("/feed/{file}", ServeFeedAsync);
        // The signed-in person's open pages hear here when one of their meetings starts, ends or changes.
        app.MapGet("/meetings/live", (HttpContext context, LiveMeetings live) =>
            TypedResults.ServerSentEvents(live.ListenAsync(context.User.FindFirstValue(ClaimTypes.NameIdentifier)!, context.RequestAborted)))
            .RequireAuthorization();
        // Live: the process serves. Ready: and its token store answers (a load balancer sends no one to an instance without it).
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/healthz/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/healthz/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        if (app.Services.GetService<ZoomWebhookVerifier>() is { } verifier)
        {
            app.MapZoomWebhooks("/zoom/webhook", verifier, HandleWebhookAsync);
        }
        return app;
    }

    /// <summary>
    /// The embedded emulator's webhook secret, shared by the emulator and the app's webhook endpoint:
    /// random per data folder (kept in <c>webhook-secret.key</c>, mode 0600), so that no other local
    /// process can sign a delivery; <c>Emulator:Webhooks:SecretToken</c> when configured.
    /// </summary>
    private static string EmbeddedWebhookSecret(ConfigurationManager configuration, string dataFolder) =>
        configuration["Emulator:Webhooks:SecretToken"] is { Length: > 0 } configured
            ? configured
            : Convert.ToHexStringLower(TokenKeyFile.LoadOrCreate(Path.Combine(dataFolder, "webhook-secret.key")));

    /// <summary>
    /// Believes <c>X-Forwarded-For</c>, <c>-Proto</c> and <c>-Host</c> from loopback and the configured
    /// proxies and networks only; the forwarded host must be the public origin's. HSTS goes to the public
    /// host even when it is a loopback name: it is configured, not a developer's default.
    /// </summary>
    private static void ConfigureProxies(IServiceCollection services, AppSettings settings)
    {
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            foreach (var proxy in settings.KnownProxies)
            {
                o.KnownProxies.Add(proxy);
            }
            foreach (var network in settings.KnownNetworks)
            {
                o.KnownIPNetworks.Add(network);
            }
            if (settings.PublicHttpsOrigin is { } origin)
            {
                o.AllowedHosts = [origin.Host];
            }
        });
        services.AddHsts(o =>
        {
            o.MaxAge = TimeSpan.FromDays(365);
            o.ExcludedHosts.Clear();
        });
    }

    /// <summary>
    /// A plain-HTTP request that did not come through the TLS proxy goes to the public HTTPS origin
    /// (308, method kept); <c>/healthz</c> stays reachable over HTTP for load balancers' probes.
    /// </summary>
    private static Task RedirectToHttps(HttpContext context, RequestDelegate next, Uri origin)
    {
        if (context.Request.IsHttps || context.Request.Path.StartsWithSegments("/healthz"))
        {
            return next(context);
        }
        context.Response.StatusCode = StatusCodes.Status308PermanentRedirect;
        context.Response.Headers.Location = new Uri(origin, context.Request.PathBase + context.Request.Path + context.Request.QueryString).AbsoluteUri;
        return Task.CompletedTask;
    }

    /// <summary>The emulator's one account (every emulated user's, unless configured otherwise).</summary>
    private const string EmbeddedAccountId = "emulator-account";

    private static async Task<ZoomEmulatorHost> StartEmulatorAsync(WebApplicationBuilder builder, AppSettings settings, string webhookSecret)
    {
        // The emulator's app allows this app's own callback on each address it listens on.
        var appUrls = (builder.Configuration["urls"] ?? builder.Configuration["ASPNETCORE_URLS"] ?? "http://localhost:3000")
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(u => new Uri(u.Replace("*", "localhost", StringComparison.Ordinal).Replace("+", "localhost", StringComparison.Ordinal)))
            .ToList();
        var redirects = appUrls.SelectMany(u => new[] { $"http://localhost:{u.Port}/zoom", $"http://127.0.0.1:{u.Port}/zoom" }).Distinct().ToList();
        var emulatorSettings = new Dictionary<string, string?>
        {
            ["Emulator:Apps:0:ClientId"] = "zoomkit-local",
            ["Emulator:Apps:0:ClientSecret"] = "zoomkit-local-secret",
            ["Emulator:Apps:0:Name"] = "ZoomKit scheduler",
            // The same local app is also the account's server-to-server app, with the admin scopes that
            // "Schedule for others" needs: the embedded default shows every part of the app.
            ["Emulator:Apps:0:AccountId"] = EmbeddedAccountId,
            ["Emulator:Webhooks:Url"] = $"http://127.0.0.1:{appUrls[0].Port}/zoom/webhook",
            ["Emulator:Webhooks:SecretToken"] = webhookSecret,
        };
        for (var i = 0; i < redirects.Count; i++)
        {
            emulatorSettings[$"Emulator:Apps:0:RedirectUris:{i}"] = redirects[i];
        }
        string[] scopes = ["meeting:read", "meeting:write", "user:read", "meeting:read:admin", "meeting:write:admin", "user:read:admin"];
        for (var i = 0; i < scopes.Length; i++)
        {
            emulatorSettings[$"Emulator:Apps:0:Scopes:{i}"] = scopes[i];
        }
        emulatorSettings["Emulator:Apps:0:RedirectUris:" + redirects.Count] = "http://127.0.0.1:8765/callback";
        // Anything under Emulator: in the app's own configuration (users, limits, webhooks) passes through and wins.
        foreach (var (key, value) in builder.Configuration.GetSection("Emulator").AsEnumerable())
        {
            // Apps:0 is the app's own registration; further apps (another client of the same local Zoom) pass through too.
            if (value is not null && !key.StartsWith("Emulator:Apps:0", StringComparison.Ordinal) && key != "Emulator:Apps")
            {
                emulatorSettings[key] = value;
            }
        }
        var emulator = await ZoomEmulatorHost.StartAsync(settings.EmulatorUrl.AbsoluteUri, emulatorSettings);
        builder.Configuration.AddInMemoryCollection(
        [
            new("Zoom:ClientId", "zoomkit-local"),
            new("Zoom:ClientSecret", "zoomkit-local-secret"),
            new("Zoom:OAuthBaseUrl", emulator.BaseUrl.AbsoluteUri),
            new("Zoom:ApiBaseUrl", new Uri(emulator.BaseUrl, "/v2").AbsoluteUri),
            new("Zoom:AccountId", EmbeddedAccountId),
        ]);
        return emulator;
    }

    /// <summary>
    /// <c>GET /feed/{secret}.ics</c>: the owner's upcoming meetings as <c>text/calendar</c>; 404 for a
    /// secret that is not (or no longer) a link; 503 with <c>Retry-After</c> when Zoom or the connection
    /// cannot answer now. Never cached by shared caches, never indexed, never a referrer.
    /// </summary>
    private static async Task<IResult> ServeFeedAsync(string file, HttpContext context, CalendarFeeds feeds, TimeProvider time)
    {
        context.Response.Headers.CacheControl = "private, no-store";
        context.Response.Headers["X-Robots-Tag"] = "noindex";
        context.Response.Headers["Referrer-Policy"] = "no-referrer";
        if (!file.EndsWith(".ics", StringComparison.Ordinal) || await feeds.OwnerOfAsync(file[..^4], context.RequestAborted) is not { } owner)
        {
            return Results.NotFound();
        }
        try
        {
            return Results.Text(await feeds.IcsAsync(owner, context.RequestAborted), "text/calendar; charset=utf-8");
        }
        catch (Exception e) when (e is ZoomReauthorizationRequiredException || ZoomProblem.From(e, time.GetUtcNow()) is not null)
        {
            // The person must reconnect Zoom (or Zoom is away): calendar apps keep the last copy and try again.
            context.Response.Headers.RetryAfter = "3600";
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }
    }

    private static async Task HandleWebhookAsync(ZoomWebhookEvent webhook, HttpContext context)
    {
        if (webhook.Event == ZoomWebhookConstants.AppDeauthorized && webhook.Deauthorized is { UserId: { Length: > 0 } userId } deauthorized)
        {
            // Zoom's rule: delete the user's tokens and data; their cookie stops working with them.
            // Only connections made before the user removed the app: a retried delivery that arrives
            // after they connected again must not end the new connection.
            var tokens = context.RequestServices.GetRequiredService<ZoomTokenManager>();
            await tokens.ForgetZoomUserAsync(userId, deauthorized.DeauthorizationTime, context.RequestAborted);
            await context.RequestServices.GetRequiredService<CalendarFeeds>().DeleteAsync(userId, context.RequestAborted);
            // A connection stored before identities were recorded has the user id as its id and no identity.
            if (await tokens.Store.GetAsync(userId, context.RequestAborted) is { ZoomUserId: null })
            {
                await tokens.ForgetAsync(userId, context.RequestAborted);
            }
        }
        if (webhook.Meeting?.Meeting is { } meeting)
        {
            var hostId = meeting.HostId is { Length: > 0 } id ? id : null;
            MeetingSignal? signal = webhook.Event switch
            {
                ZoomWebhookConstants.MeetingStarted or ZoomWebhookConstants.MeetingEnded when hostId is not null =>
                    new(MeetingSignalKind.Live, hostId, meeting.Id, webhook.Event == ZoomWebhookConstants.MeetingStarted),
                // A meeting.updated names the meeting only (host_id is not required): then whose is unknown.
                ZoomWebhookConstants.MeetingCreated or ZoomWebhookConstants.MeetingUpdated or ZoomWebhookConstants.MeetingDeleted =>
                    hostId is not null ? new(MeetingSignalKind.Changed, hostId) : new(MeetingSignalKind.ChangedForEveryone, null),
                _ => null,
            };
            if (signal is not null)
            {
                // This instance at once; with PostgreSQL, every other instance too.
                await context.RequestServices.GetRequiredService<MeetingSignals>().PublishAsync(signal, context.RequestAborted);
            }
        }
    }

    [LoggerMessage(5001, LogLevel.Warning, "No Zoom:ClientId configured: using the embedded Zoom emulator at {EmulatorUrl} (sign in as demo@zoomkit.local / demo); tokens and keys are kept in {DataFolder}")]
    private static partial void EmbeddedEmulator(ILogger logger, Uri emulatorUrl, string dataFolder);
}
