using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;

namespace ZoomKit.App.Zoom;

/// <summary>
/// How the Data Protection master keys are encrypted at rest (section <c>App:KeyProtection</c>):
/// with an X.509 certificate and its private key, from a PKCS#12 file
/// (<c>CertificatePath</c>, <c>CertificatePassword</c>). Certificates retired by a rotation stay
/// listed under <c>PreviousCertificates:N:Path</c> and <c>:Password</c>, so the keys they encrypted
/// still open while new keys are encrypted with the current one.
/// </summary>
/// <remarks>
/// Keys kept in PostgreSQL sit beside the tokens they protect: a database backup alone would open
/// every token and forge any cookie. So with a connection string the app refuses to start without
/// a certificate unless <c>App:KeyProtection:AllowUnencrypted=true</c> says the operator accepts that.
/// </remarks>
public sealed class KeyProtection
{
    private KeyProtection(X509Certificate2? current, IReadOnlyList<X509Certificate2> all, bool allowUnencrypted)
    {
        Current = current;
        All = all;
        AllowUnencrypted = allowUnencrypted;
    }

    /// <summary>The certificate new keys are encrypted with, or null.</summary>
    public X509Certificate2? Current { get; }

    /// <summary>The current certificate and the previous ones: any of them opens a key.</summary>
    public IReadOnlyList<X509Certificate2> All { get; }

    /// <summary>Whether the operator accepts unencrypted keys in a shared database.</summary>
    public bool AllowUnencrypted { get; }

    /// <summary>Reads the section; a file that is missing or does not open adds a problem naming its setting.</summary>
    public static KeyProtection Read(IConfiguration configuration, ICollection<string> problems)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(problems);
        var section = configuration.GetSection("App:KeyProtection");
        var current = Load(section["CertificatePath"], section["CertificatePassword"], "App:KeyProtection:CertificatePath", problems);
        var all = new List<X509Certificate2>();
        if (current is not null)
        {
            all.Add(current);
        }
        foreach (var previous in section.GetSection("PreviousCertificates").GetChildren())
        {
            if (Load(previous["Path"], previous["Password"], $"App:KeyProtection:PreviousCertificates:{previous.Key}:Path", problems) is { } certificate)
            {
                all.Add(certificate);
            }
        }
        if (current is null && all.Count > 0)
        {
            problems.Add("App:KeyProtection:PreviousCertificates needs App:KeyProtection:CertificatePath: the certificate new keys are encrypted with.");
        }
        return new KeyProtection(current, all, section.GetValue<bool>("AllowUnencrypted"));
    }

    /// <summary>Encrypts new keys with the current certificate, and opens keys with any configured one.</summary>
    public void Apply(IDataProtectionBuilder dataProtection)
    {
        ArgumentNullException.ThrowIfNull(dataProtection);
        if (Current is null)
        {
            return;
        }
        dataProtection.ProtectKeysWithCertificate(Current).UnprotectKeysWithAnyCertificate([.. All]);
    }

    private static X509Certificate2? Load(string? path, string? password, string setting, ICollection<string> problems)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return null;
        }
        try
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password, X509KeyStorageFlags.EphemeralKeySet);
            if (!certificate.HasPrivateKey || certificate.GetRSAPrivateKey() is null)
            {
                problems.Add($"{setting} ('{path}') must hold an RSA certificate with its private key.");
                return null;
            }
            return certificate;
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            // The exception's message never holds the password.
            problems.Add($"{setting} ('{path}') does not open as a PKCS#12 (.pfx) file with its password: {e.Message}");
            return null;
        }
    }
}
