using Microsoft.Extensions.DependencyInjection;
using ZoomKit.DependencyInjection;
using ZoomKit.Tokens;

namespace ZoomKit.Storage.Sqlite;

/// <summary>Registers the SQLite token store.</summary>
public static class SqliteZoomKitBuilderExtensions
{
    /// <summary>Keeps tokens in a SQLite file, encrypted with the given protector or the store's key file.</summary>
    public static ZoomKitBuilder UseSqliteTokenStore(this ZoomKitBuilder builder, Action<SqliteTokenStoreOptions> configure, Func<IServiceProvider, ITokenProtector>? protector = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new SqliteTokenStoreOptions();
        configure(options);
        return builder.UseTokenStore(sp => new SqliteTokenStore(options, protector?.Invoke(sp), sp.GetRequiredService<TimeProvider>()));
    }
}
