using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ZoomKit.DependencyInjection;
using ZoomKit.Tokens;
using ZoomKit.Webhooks;

namespace ZoomKit.Storage.Sqlite;

/// <summary>Registers the SQLite token store.</summary>
public static class SqliteZoomKitBuilderExtensions
{
    /// <summary>
    /// Keeps tokens in a SQLite file, encrypted with the given protector or the store's key file, and
    /// the webhook deliveries handled (<see cref="IWebhookDeliveryLog"/>) beside them.
    /// </summary>
    public static ZoomKitBuilder UseSqliteTokenStore(this ZoomKitBuilder builder, Action<SqliteTokenStoreOptions> configure, Func<IServiceProvider, ITokenProtector>? protector = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new SqliteTokenStoreOptions();
        configure(options);
        builder.UseTokenStore(sp => new SqliteTokenStore(options, protector?.Invoke(sp), sp.GetRequiredService<TimeProvider>()));
        builder.Services.Replace(ServiceDescriptor.Singleton<IWebhookDeliveryLog>(sp => (SqliteTokenStore)sp.GetRequiredService<ITokenStore>()));
        return builder;
    }
}
