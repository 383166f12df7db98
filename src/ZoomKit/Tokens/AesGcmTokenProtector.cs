using System.Security.Cryptography;
using System.Text;

namespace ZoomKit.Tokens;

/// <summary>
/// AES-256-GCM with a 96-bit random nonce per value; the context (connection and field) is the
/// associated data, so a ciphertext copied to another row does not decrypt. Layout:
/// version (1 byte) | key id (4 bytes) | nonce (12) | tag (16) | ciphertext.
/// </summary>
public sealed class AesGcmTokenProtector : ITokenProtector, IDisposable
{
    private const byte FormatVersion = 1;
    private const int KeyIdSize = 4;
    private const int HeaderSize = 1 + KeyIdSize + NonceSize + TagSize;
    private const int NonceSize = 12;
    private const int TagSize = 16;

    // AesGcm instances are not safe for concurrent use: one per operation, from the kept key.
    private readonly byte[] _key;
    private readonly byte[] _keyId;

    /// <summary>Creates the protector from a 32-byte key.</summary>
    public AesGcmTokenProtector(ReadOnlySpan<byte> key)
    {
        if (key.Length != 32)
        {
            throw new ArgumentException("The token key must be 32 bytes (AES-256).", nameof(key));
        }
        _key = key.ToArray();
        // A key fingerprint lets a wrong key be told apart from corrupt data.
        _keyId = SHA256.HashData(key)[..KeyIdSize];
    }

    /// <summary>
    /// Reads the key from <paramref name="path"/>, or creates a new random key there, readable and
    /// writable by the owner only (mode 0600).
    /// </summary>
    /// <exception cref="ZoomTokenStoreException">The file exists but does not hold a key.</exception>
    public static AesGcmTokenProtector FromKeyFile(string path) => new(TokenKeyFile.LoadOrCreate(path));

    /// <inheritdoc />
    public byte[] Protect(string plaintext, string context)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        ArgumentNullException.ThrowIfNull(context);
        var data = Encoding.UTF8.GetBytes(plaintext);
        var output = new byte[HeaderSize + data.Length];
        output[0] = FormatVersion;
        _keyId.CopyTo(output.AsSpan(1));
        var nonce = output.AsSpan(1 + KeyIdSize, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, data, output.AsSpan(HeaderSize), output.AsSpan(1 + KeyIdSize + NonceSize, TagSize), Encoding.UTF8.GetBytes(context));
        CryptographicOperations.ZeroMemory(data);
        return output;
    }

    /// <inheritdoc />
    public string Unprotect(byte[] ciphertext, string context)
    {
        ArgumentNullException.ThrowIfNull(ciphertext);
        ArgumentNullException.ThrowIfNull(context);
        if (ciphertext.Length < HeaderSize || ciphertext[0] != FormatVersion)
        {
            throw new ZoomTokenStoreException($"The stored value of {context} is not in ZoomKit's encrypted format: the store is corrupt.");
        }
        if (!ciphertext.AsSpan(1, KeyIdSize).SequenceEqual(_keyId))
        {
            throw new ZoomTokenStoreException($"The stored value of {context} was encrypted with another key: the token key does not belong to this store.");
        }
        var plaintext = new byte[ciphertext.Length - HeaderSize];
        try
        {
            using var aes = new AesGcm(_key, TagSize);
            aes.Decrypt(ciphertext.AsSpan(1 + KeyIdSize, NonceSize), ciphertext.AsSpan(HeaderSize),
                ciphertext.AsSpan(1 + KeyIdSize + NonceSize, TagSize), plaintext, Encoding.UTF8.GetBytes(context));
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new ZoomTokenStoreException($"The stored value of {context} fails authentication: it was altered or copied from another row.", e);
        }
        return Encoding.UTF8.GetString(plaintext);
    }

    /// <inheritdoc />
    public void Dispose() => CryptographicOperations.ZeroMemory(_key);
}
