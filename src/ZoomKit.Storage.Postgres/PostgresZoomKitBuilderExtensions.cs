using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;
using ZoomKit.DependencyInjection;
using ZoomKit.Tokens;
using ZoomKit.Webhooks;

namespace ZoomKit.Storage.Postgres;

/// <summary>Registers the PostgreSQL token store.</summary>
public static class PostgresZoomKitBuilderExtensions
{
    /// <summary>
    /// Keeps tokens in PostgreSQL, encrypted with ASP.NET Core Data Protection, whose keys are kept
    /// in the same database so that every instance shares them, and the webhook deliveries handled
    /// (<see cref="IWebhookDeliveryLog"/>) beside them. The database is
    /// <see cref="PostgresTokenStoreOptions.ConnectionString"/> when set, else the app's own
    /// <see cref="NpgsqlDataSource"/> from its services (for example <c>AddNpgsqlDataSource</c>).
    /// The tables and the first Data Protection key are made by a hosted service at start-up, never
    /// while services are registered.
    /// </summary>
    public static ZoomKitBuilder UsePostgresTokenStore(this ZoomKitBuilder builder, Action<PostgresTokenStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<PostgresTokenStoreOptions>().Configure(configure ?? (_ => { }));
        services.TryAddSingleton(sp => new PostgresTokenStoreDatabase(sp.GetRequiredService<IOptions<PostgresTokenStoreOptions>>().Value, sp));
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp =>
            new ConfigureOptions<KeyManagementOptions>(o => o.XmlRepository = new PostgresXmlRepository(sp.GetRequiredService<PostgresTokenStoreDatabase>().DataSource)));
        builder.UseTokenStore(sp => new PostgresTokenStore(sp.GetRequiredService<PostgresTokenStoreDatabase>().DataSource,
            new DataProtectionTokenProtector(sp.GetRequiredService<IDataProtectionProvider>()),
            sp.GetRequiredService<IOptions<PostgresTokenStoreOptions>>().Value,
            sp.GetRequiredService<TimeProvider>()));
        services.Replace(ServiceDescriptor.Singleton<IWebhookDeliveryLog>(sp => (PostgresTokenStore)sp.GetRequiredService<ITokenStore>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, PostgresStartup>());
        return builder;
    }

    /// <summary>Before the app serves: the tables, then a shared Data Protection key (see <see cref="PostgresKeyRing"/>).</summary>
    private sealed class PostgresStartup(PostgresTokenStoreDatabase database, IServiceProvider services) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            await PostgresSchema.EnsureAsync(database.DataSource, cancellationToken);
            PostgresKeyRing.EnsureKey(services);
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

/// <summary>The store's database: its own data source from a connection string (disposed with the services), or the app's.</summary>
internal sealed class PostgresTokenStoreDatabase : IAsyncDisposable
{
    private readonly bool _owned;

    public PostgresTokenStoreDatabase(PostgresTokenStoreOptions options, IServiceProvider services)
    {
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            DataSource = NpgsqlDataSource.Create(options.ConnectionString);
            _owned = true;
        }
        else
        {
            DataSource = services.GetService<NpgsqlDataSource>() ?? throw new InvalidOperationException(
                "The PostgreSQL token store has no database: set PostgresTokenStoreOptions.ConnectionString, or register an NpgsqlDataSource (AddNpgsqlDataSource).");
        }
    }

    public NpgsqlDataSource DataSource { get; }

    public ValueTask DisposeAsync() => _owned ? DataSource.DisposeAsync() : ValueTask.CompletedTask;
}
