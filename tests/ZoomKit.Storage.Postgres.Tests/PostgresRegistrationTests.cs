using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using ZoomKit.DependencyInjection;
using ZoomKit.Tokens;

namespace ZoomKit.Storage.Postgres.Tests;

/// <summary>
/// <c>UsePostgresTokenStore</c> in a host: the app's own <see cref="NpgsqlDataSource"/> from DI, the
/// schema and the first Data Protection key made when the host starts, nothing done while services
/// are registered.
/// </summary>
public sealed class PostgresRegistrationTests
{
    [Fact]
    public async Task AppsOwnDataSource_HostStarts_SchemaKeyAndAttemptsPoolWithItsPassword()
    {
        var connectionString = await TestDatabase.NewSchemaAsync();
        // The data source hides its password from its ConnectionString: the attempts pool must still get it.
        Assert.False(string.IsNullOrEmpty(new NpgsqlConnectionStringBuilder(connectionString).Password), "The test database must require a password (./test.sh sets one).");
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(NpgsqlDataSource.Create(connectionString));
        builder.Services.AddDataProtection().SetApplicationName("registration-test");
        builder.Services.AddZoomKit(o => { o.ClientId = "id"; o.ClientSecret = "secret"; }).UsePostgresTokenStore();
        using var host = builder.Build();

        Assert.False(await TableExistsAsync(connectionString));
        await host.StartAsync();
        var store = host.Services.GetRequiredService<ITokenStore>();
        await store.SaveAsync(new ZoomConnection { Id = "user-1", AccessToken = "a", RefreshToken = "r", AccessTokenExpiresAt = DateTimeOffset.UtcNow.AddHours(1), Scopes = [] });
        bool unfinished;
        await using (var held = await store.LockAsync("user-1"))
        {
            await held.RecordRefreshAttemptAsync("attempt-1", "hash-1");
            unfinished = await held.HasUnfinishedRefreshAttemptAsync("attempt-2", "hash-1");
        }
        await host.StopAsync();

        Assert.True(await TableExistsAsync(connectionString));
        Assert.NotEmpty(host.Services.GetRequiredService<IKeyManager>().GetAllKeys());
        Assert.True(unfinished);
        Assert.Equal("a", (await store.GetAsync("user-1"))!.AccessToken);
    }

    [Fact]
    public async Task DatabaseDown_RegistrationAndBuildTouchNothing_StartFailsNamingIt()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddDataProtection();

        builder.Services.AddZoomKit(o => { o.ClientId = "id"; o.ClientSecret = "secret"; })
            .UsePostgresTokenStore(o => o.ConnectionString = $"Host=127.0.0.1;Port={port};Username=nobody;Password=x;Timeout=2");
        using var host = builder.Build();
        var error = await Assert.ThrowsAnyAsync<NpgsqlException>(() => host.StartAsync());

        Assert.Contains("127.0.0.1", error.Message + error.InnerException?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoDataSourceAndNoConnectionString_StartSaysWhatToDo()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddDataProtection();
        builder.Services.AddZoomKit(o => { o.ClientId = "id"; o.ClientSecret = "secret"; }).UsePostgresTokenStore();
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());

        Assert.Contains("PostgresTokenStoreOptions.ConnectionString", error.Message, StringComparison.Ordinal);
        Assert.Contains("NpgsqlDataSource", error.Message, StringComparison.Ordinal);
    }

    private static async Task<bool> TableExistsAsync(string connectionString)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var command = dataSource.CreateCommand("SELECT to_regclass('zoomkit_connections') IS NOT NULL");
        return (bool)(await command.ExecuteScalarAsync())!;
    }
}
