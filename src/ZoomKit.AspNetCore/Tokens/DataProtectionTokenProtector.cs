using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;

namespace ZoomKit.Tokens;

/// <summary>
/// Encrypts tokens with ASP.NET Core Data Protection, whose keys an app already shares between its
/// instances. Configure Data Protection with AES-256-GCM
/// (<c>UseCryptographicAlgorithms</c>) to keep tokens under authenticated GCM encryption.
/// </summary>
public sealed class DataProtectionTokenProtector : ITokenProtector
{
    private readonly IDataProtector _protector;

    /// <summary>Creates the protector under ZoomKit's purpose.</summary>
    public DataProtectionTokenProtector(IDataProtectionProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        _protector = provider.CreateProtector("ZoomKit.Tokens.v1");
    }

    /// <inheritdoc />
    public byte[] Protect(string plaintext, string context) =>
        _protector.CreateProtector(context).Protect(Encoding.UTF8.GetBytes(plaintext));

    /// <inheritdoc />
    public string Unprotect(byte[] ciphertext, string context)
    {
        try
        {
            return Encoding.UTF8.GetString(_protector.CreateProtector(context).Unprotect(ciphertext));
        }
        catch (CryptographicException e)
        {
            throw new ZoomTokenStoreException($"The stored value of {context} cannot be decrypted with this app's Data Protection keys: wrong key ring, or altered data.", e);
        }
    }
}
