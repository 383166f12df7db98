using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ZoomKit.Testing;

/// <summary>Self-signed certificates written as files, as an operator would provide them.</summary>
public static class TestCertificates
{
    /// <summary>Writes a new RSA certificate with its private key to <paramref name="path"/> as PKCS#12, under <paramref name="password"/>.</summary>
    public static string WritePfx(string path, string password, string subject = "CN=ZoomKit key protection (test)")
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12, password));
        return path;
    }

    /// <summary>A certificate for a TLS server on loopback: subject and alternative names localhost and 127.0.0.1; PEM certificate and key files.</summary>
    public static (string CertificatePem, string KeyPem) WriteTlsPem(string folder)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        Directory.CreateDirectory(folder);
        var certificatePath = Path.Combine(folder, "tls.crt");
        var keyPath = Path.Combine(folder, "tls.key");
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, rsa.ExportPkcs8PrivateKeyPem());
        return (certificatePath, keyPath);
    }
}
