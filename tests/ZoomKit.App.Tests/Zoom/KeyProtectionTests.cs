using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ZoomKit.App.Zoom;
using ZoomKit.Testing;

namespace ZoomKit.App.Tests.Zoom;

/// <summary>App:KeyProtection: keys encrypted with the certificate at rest, and a rotation that keeps old keys opening.</summary>
public sealed class KeyProtectionTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "zoomkit-key-protection", Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Rotation_NewCertificateWithThePreviousListed_OldKeysOpenAndNewKeysUseTheNewCertificate()
    {
        var a = TestCertificates.WritePfx(Path.Combine(_folder, "a.pfx"), "pa");
        var b = TestCertificates.WritePfx(Path.Combine(_folder, "b.pfx"), "pb");
        var keys = Path.Combine(_folder, "keys");
        var before = Protector(keys, new() { ["App:KeyProtection:CertificatePath"] = a, ["App:KeyProtection:CertificatePassword"] = "pa" }, out _);
        var sealedBefore = before.Protect("a refresh token");
        Assert.All(Directory.GetFiles(keys, "*.xml"), f =>
        {
            Assert.Contains("EncryptedData", File.ReadAllText(f), StringComparison.Ordinal);
            Assert.DoesNotContain("<masterKey", File.ReadAllText(f), StringComparison.Ordinal);
        });

        var rotated = Protector(keys, new()
        {
            ["App:KeyProtection:CertificatePath"] = b, ["App:KeyProtection:CertificatePassword"] = "pb",
            ["App:KeyProtection:PreviousCertificates:0:Path"] = a, ["App:KeyProtection:PreviousCertificates:0:Password"] = "pa",
        }, out var manager);
        Assert.Equal("a refresh token", rotated.Unprotect(sealedBefore));
        manager.CreateNewKey(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(90));

        // The old certificate retired for good: keys made after the rotation open with the new one alone, the old key no longer does.
        var onlyB = Protector(keys, new() { ["App:KeyProtection:CertificatePath"] = b, ["App:KeyProtection:CertificatePassword"] = "pb" }, out var bManager);
        var newest = bManager.GetAllKeys().OrderBy(k => k.CreationDate).Last();
        Assert.NotNull(newest.Descriptor);
        Assert.ThrowsAny<CryptographicException>(() => onlyB.Unprotect(sealedBefore));
    }

    [Fact]
    public void WrongPassword_ProblemNamesTheSettingButNotThePassword()
    {
        var a = TestCertificates.WritePfx(Path.Combine(_folder, "a.pfx"), "right-password");
        var problems = new List<string>();

        KeyProtection.Read(Configuration(new() { ["App:KeyProtection:CertificatePath"] = a, ["App:KeyProtection:CertificatePassword"] = "wrong-password" }), problems);

        var problem = Assert.Single(problems);
        Assert.Contains("App:KeyProtection:CertificatePath", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-password", problem, StringComparison.Ordinal);
    }

    private static IDataProtector Protector(string keys, Dictionary<string, string?> settings, out IKeyManager manager)
    {
        var problems = new List<string>();
        var protection = KeyProtection.Read(Configuration(settings), problems);
        Assert.Empty(problems);
        var services = new ServiceCollection();
        var builder = services.AddDataProtection().SetApplicationName("ZoomKit.App").PersistKeysToFileSystem(new DirectoryInfo(keys));
        protection.Apply(builder);
        var provider = services.BuildServiceProvider();
        manager = provider.GetRequiredService<IKeyManager>();
        return provider.GetRequiredService<IDataProtectionProvider>().CreateProtector("test");
    }

    private static IConfiguration Configuration(Dictionary<string, string?> settings) => new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
}
