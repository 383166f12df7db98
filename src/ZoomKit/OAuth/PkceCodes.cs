using System.Security.Cryptography;
using System.Text;
using ZoomKit.Internal;

namespace ZoomKit.OAuth;

/// <summary>A PKCE verifier and its S256 challenge (RFC 7636 §4.1, §4.2).</summary>
public sealed class PkceCodes
{
    private PkceCodes(string verifier, string challenge)
    {
        Verifier = verifier;
        Challenge = challenge;
    }

    /// <summary>The secret verifier, sent only to the token endpoint. Never logged.</summary>
    public string Verifier { get; }

    /// <summary><c>BASE64URL(SHA256(verifier))</c>, sent in the authorize URL.</summary>
    public string Challenge { get; }

    /// <summary>
    /// A verifier from 32 random bytes, which base64url-encode to the 43 characters RFC 7636 §4.1
    /// recommends, and its S256 challenge.
    /// </summary>
    public static PkceCodes Create() => FromVerifier(Base64Url.Random(32));

    /// <summary>The challenge of a given verifier.</summary>
    public static PkceCodes FromVerifier(string verifier)
    {
        ArgumentException.ThrowIfNullOrEmpty(verifier);
        var hash = SHA256.HashData(Encoding.ASCII.GetBytes(verifier));
        return new PkceCodes(verifier, Base64Url.Encode(hash));
    }

    /// <inheritdoc />
    public override string ToString() => "PkceCodes { Verifier = [redacted] }";
}
