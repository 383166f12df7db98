using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ZoomKit.Testing;

/// <summary>The fake token endpoint served over HTTP on a loopback port, for tests with several processes.</summary>
public sealed class FakeTokenServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeTokenServer(WebApplication app, FakeTokenEndpoint endpoint, Uri baseUrl)
    {
        _app = app;
        Endpoint = endpoint;
        BaseUrl = baseUrl;
    }

    public FakeTokenEndpoint Endpoint { get; }
    public Uri BaseUrl { get; }

    public static async Task<FakeTokenServer> StartAsync(FakeTokenEndpoint endpoint)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapPost("/oauth/token", async (HttpContext context) =>
        {
            var form = await context.Request.ReadFormAsync();
            var values = form.ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal);
            var answer = await endpoint.HandleAsync(context.Request.Headers.Authorization.ToString(), values);
            if (answer.IsLost)
            {
                context.Abort();
                return;
            }
            context.Response.StatusCode = answer.Status;
            context.Response.ContentType = answer.ContentType;
            await context.Response.WriteAsync(answer.Body);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new FakeTokenServer(app, endpoint, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
