using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
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
    /// (<see cref="IWebhookDeliveryLog"/>) beside them.
    /// </summary>
    public static ZoomKitBuilder UsePostgresTokenStore(this ZoomKitBuilder builder, Action<PostgresTokenStoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new PostgresTokenStoreOptions();
        configure(options);
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            throw new ArgumentException("PostgresTokenStoreOptions.ConnectionString is required.", nameof(configure));
        }
        var dataSource = NpgsqlDataSource.Create(options.ConnectionString);
        var attempts = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(options.ConnectionString) { MaxPoolSize = 20, ApplicationName = "zoomkit-refresh-attempts" }.ConnectionString);
        PostgresSchema.EnsureAsync(dataSource).GetAwaiter().GetResult();
        builder.Services.AddSingleton(dataSource);
        builder.Services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp =>
            new ConfigureOptions<KeyManagementOptions>(o => o.XmlRepository = new PostgresXmlRepository(dataSource)));
        builder.UseTokenStore(sp => new PostgresTokenStore(dataSource,
            new DataProtectionTokenProtector(sp.GetRequiredService<IDataProtectionProvider>()), options, sp.GetRequiredService<TimeProvider>(), attempts));
        builder.Services.Replace(ServiceDescriptor.Singleton<IWebhookDeliveryLog>(sp => (PostgresTokenStore)sp.GetRequiredService<ITokenStore>()));
        return builder;
    }
}
