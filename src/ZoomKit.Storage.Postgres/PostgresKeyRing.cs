using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ZoomKit.Storage.Postgres;

/// <summary>
/// Makes sure the shared Data Protection key ring has a key before an instance uses it. Data
/// Protection creates its first key lazily, so instances starting together would each create one
/// and hold it alone: a cookie or token protected by one would not open in another. Under a
/// PostgreSQL advisory lock, the first instance creates the key and the others find it.
/// <c>UsePostgresTokenStore</c> does this at start-up; call it yourself only without a host.
/// </summary>
public static class PostgresKeyRing
{
    private const long LockKey = 0x5A4B4B6579526E67; // "ZKKeyRng"

    /// <summary>Creates the first key if the ring is empty; call once at start-up, before serving.</summary>
    public static void EnsureKey(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var dataSource = services.GetRequiredService<PostgresTokenStoreDatabase>().DataSource;
        var keys = services.GetRequiredService<IKeyManager>();
        using var connection = dataSource.OpenConnection();
        using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({LockKey})", connection))
        {
            take.ExecuteNonQuery();
        }
        try
        {
            var now = DateTimeOffset.UtcNow;
            if (!keys.GetAllKeys().Any(k => !k.IsRevoked && k.ActivationDate <= now && k.ExpirationDate > now))
            {
                keys.CreateNewKey(now, now.AddDays(90));
            }
        }
        finally
        {
            using var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({LockKey})", connection);
            release.ExecuteNonQuery();
        }
    }
}
