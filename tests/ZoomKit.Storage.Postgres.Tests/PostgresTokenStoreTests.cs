using System.Text;
using Npgsql;
using ZoomKit.Testing;
using ZoomKit.Tokens;

namespace ZoomKit.Storage.Postgres.Tests;

/// <summary>The store contract suite that SQLite passes, passed by PostgreSQL too.</summary>
public sealed class PostgresTokenStoreTests : TokenStoreContractTests, IDisposable
{
    private readonly List<IDisposable> _owned = [];

    public void Dispose() => _owned.ForEach(d => d.Dispose());

    protected override async Task<ITokenStore> CreateStoreAsync(TimeSpan lockTimeout)
    {
        var dataSource = NpgsqlDataSource.Create(await TestDatabase.NewSchemaAsync());
        var protector = new AesGcmTokenProtector(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var store = new PostgresTokenStore(dataSource, protector, new PostgresTokenStoreOptions { LockTimeout = lockTimeout });
        _owned.AddRange([dataSource, protector, store]);
        return store;
    }

    [Fact]
    public async Task SaveAsync_Tokens_NeverStoredInClear()
    {
        var store = await CreateStoreAsync(TimeSpan.FromSeconds(5));
        var access = "access-" + Guid.NewGuid().ToString("N");
        await store.SaveAsync(Record(access: access));

        var dataSource = (NpgsqlDataSource)_owned[^3];
        await using var command = dataSource.CreateCommand("SELECT access_token, refresh_token FROM zoomkit_connections");
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        var raw = reader.GetFieldValue<byte[]>(0).Concat(reader.GetFieldValue<byte[]>(1)).ToArray();
        Assert.Equal(-1, raw.AsSpan().IndexOf(Encoding.UTF8.GetBytes(access)));
        Assert.Equal(-1, raw.AsSpan().IndexOf("refresh-1"u8));
    }

    [Fact]
    public async Task EnsureAsync_ManyInstancesAtOnce_SchemaCreatedOnceWithoutError()
    {
        var connectionString = await TestDatabase.NewSchemaAsync();
        await using var dataSource = NpgsqlDataSource.Create(connectionString);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => PostgresSchema.EnsureAsync(dataSource)));

        await using var command = dataSource.CreateCommand("SELECT count(*) FROM zoomkit_connections");
        Assert.Equal(0L, await command.ExecuteScalarAsync());
    }
}

/// <summary>Two stores on one schema, as two instances behind a load balancer.</summary>
public sealed class PostgresWebhookDeliveryLogTests : WebhookDeliveryLogContractTests, IDisposable
{
    private readonly List<IDisposable> _owned = [];

    public void Dispose() => _owned.ForEach(d => d.Dispose());

    protected override async Task<(ZoomKit.Webhooks.IWebhookDeliveryLog First, ZoomKit.Webhooks.IWebhookDeliveryLog Second)> CreateLogsAsync(TimeProvider time)
    {
        var connectionString = await TestDatabase.NewSchemaAsync();
        var stores = new List<PostgresTokenStore>();
        foreach (var _ in new[] { 1, 2 })
        {
            var dataSource = NpgsqlDataSource.Create(connectionString);
            var protector = new AesGcmTokenProtector(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
            var store = new PostgresTokenStore(dataSource, protector, new PostgresTokenStoreOptions(), time);
            _owned.AddRange([dataSource, protector, store]);
            stores.Add(store);
        }
        return (stores[0], stores[1]);
    }
}
