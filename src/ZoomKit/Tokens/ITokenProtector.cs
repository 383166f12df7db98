namespace ZoomKit.Tokens;

/// <summary>Encrypts tokens for a store to keep at rest. Stores bind each value to its connection and field.</summary>
public interface ITokenProtector
{
    /// <summary>Encrypts <paramref name="plaintext"/>, authenticating <paramref name="context"/> with it.</summary>
    byte[] Protect(string plaintext, string context);

    /// <summary>Decrypts what <see cref="Protect"/> returned for the same <paramref name="context"/>.</summary>
    /// <exception cref="ZoomTokenStoreException">The data was altered, belongs to another context, or was written with another key.</exception>
    string Unprotect(byte[] ciphertext, string context);
}
