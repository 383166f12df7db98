using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using ZoomKit.Tokens;

namespace ZoomKit.Storage.Postgres.Tests;

/// <summary>
/// The Data Protection keys in PostgreSQL are encrypted with the operator's certificate
/// (App:KeyProtection): a dump of the database holds no usable key, and without the certificate
/// no token in it opens.
/// </summary>
public sealed class KeyProtectionTests
{
    [Fact]
    public async Task DumpWhileRunning_NoPlaintextMasterKey_AndWithoutTheCertificateNoTokenOpens()
    {
        await using var cluster = await AppInstances.StartAsync(instances: 1, users: 1);
        using var user = await cluster.SignInAsync(0, cluster.Urls[0]);
        var schema = new NpgsqlConnectionStringBuilder(cluster.ConnectionString).SearchPath!;

        var dump = await PgDumpAsync(schema);

        Assert.Contains("zoomkit_dataprotection_keys", dump, StringComparison.Ordinal);
        Assert.Contains("EncryptedData", dump, StringComparison.Ordinal);
        Assert.DoesNotContain("<masterKey", dump, StringComparison.Ordinal);
        // What the dump holds, read through Data Protection: without the certificate no token opens; with it, it does.
        var id = await ConnectionIdAsync(cluster.ConnectionString);
        await Assert.ThrowsAsync<ZoomTokenStoreException>(async () => await OpenAsync(cluster.ConnectionString, id, certificate: null));
        using var certificate = X509CertificateLoader.LoadPkcs12FromFile(AppInstances.KeyCertificate, AppInstances.KeyCertificatePassword, X509KeyStorageFlags.EphemeralKeySet);
        var opened = await OpenAsync(cluster.ConnectionString, id, certificate);
        Assert.NotNull(opened?.RefreshToken);
    }

    [Fact]
    public async Task NoCertificateWithPostgres_AppRefusesToStartNamingTheSetting()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[]
        {
            AppInstances.AppDll, "--urls", "http://127.0.0.1:0", "--ConnectionStrings:ZoomKit", TestDatabase.ConnectionString,
            "--Zoom:ClientId", "id", "--Zoom:ClientSecret", "secret", "--Zoom:RedirectUri", "https://schedule.example.com/zoom",
        })
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        var said = await output + await error;

        Assert.NotEqual(0, process.ExitCode);
        Assert.Contains("App:KeyProtection:CertificatePath", said, StringComparison.Ordinal);
        Assert.Contains("App:KeyProtection:AllowUnencrypted=true", said, StringComparison.Ordinal);
    }

    private static async Task<ZoomConnection?> OpenAsync(string connectionString, string id, X509Certificate2? certificate)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var services = new ServiceCollection();
        var dataProtection = services.AddDataProtection().SetApplicationName("ZoomKit.App");
        services.Configure<KeyManagementOptions>(o =>
        {
            o.XmlRepository = new PostgresXmlRepository(dataSource);
            o.AutoGenerateKeys = false;
        });
        if (certificate is not null)
        {
            dataProtection.UnprotectKeysWithAnyCertificate(certificate);
        }
        await using var provider = services.BuildServiceProvider();
        using var store = new PostgresTokenStore(dataSource, new DataProtectionTokenProtector(provider.GetRequiredService<IDataProtectionProvider>()));
        return await store.GetAsync(id);
    }

    private static async Task<string> ConnectionIdAsync(string connectionString)
    {
        await using var db = new NpgsqlConnection(connectionString);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT id FROM zoomkit_connections", db);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<string> PgDumpAsync(string schema)
    {
        var settings = new NpgsqlConnectionStringBuilder(TestDatabase.ConnectionString);
        var pgDump = Path.Combine(Path.GetDirectoryName(Environment.GetEnvironmentVariable("ZOOMKIT_TEST_PG_CTL")
            ?? throw new InvalidOperationException("ZOOMKIT_TEST_PG_CTL is not set: run the tests with ./test.sh."))!, "pg_dump");
        var start = new ProcessStartInfo(pgDump) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (settings.Password is { Length: > 0 } password)
        {
            start.Environment["PGPASSWORD"] = password;
        }
        foreach (var arg in new[] { "-h", settings.Host!, "-p", settings.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", settings.Username!, "-n", schema, settings.Database! })
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"pg_dump failed: {await error}");
        return await output;
    }
}
