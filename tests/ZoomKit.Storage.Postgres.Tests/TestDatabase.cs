using Npgsql;

namespace ZoomKit.Storage.Postgres.Tests;

/// <summary>The throwaway PostgreSQL that ./test.sh starts (ZOOMKIT_TEST_POSTGRES), one schema per test.</summary>
internal static class TestDatabase
{
    public static string ConnectionString =>
        Environment.GetEnvironmentVariable("ZOOMKIT_TEST_POSTGRES") is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException("ZOOMKIT_TEST_POSTGRES is not set: run the tests with ./test.sh, which starts PostgreSQL.");

    /// <summary>A new empty schema, and a connection string whose search path is it.</summary>
    public static async Task<string> NewSchemaAsync()
    {
        var schema = "t_" + Guid.NewGuid().ToString("N");
        await using var dataSource = NpgsqlDataSource.Create(ConnectionString);
        await using var command = dataSource.CreateCommand($"CREATE SCHEMA {schema}");
        await command.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(ConnectionString) { SearchPath = schema }.ConnectionString;
    }
}
