using System.Diagnostics.CodeAnalysis;

namespace ZoomKit.OAuth;

/// <summary>The outcome of a token request: tokens, or an <see cref="OAuthError"/>. Protocol failures are data, not exceptions.</summary>
public sealed class TokenResult
{
    private TokenResult(ZoomTokens? tokens, OAuthError? error)
    {
        Tokens = tokens;
        Error = error;
    }

    /// <summary>The tokens, when the request succeeded.</summary>
    public ZoomTokens? Tokens { get; }

    /// <summary>The failure, when it did not.</summary>
    public OAuthError? Error { get; }

    /// <summary>Whether the request returned tokens.</summary>
    [MemberNotNullWhen(true, nameof(Tokens))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Tokens is not null;

    /// <summary>A success.</summary>
    public static TokenResult Success(ZoomTokens tokens) => new(tokens ?? throw new ArgumentNullException(nameof(tokens)), null);

    /// <summary>A failure.</summary>
    public static TokenResult Failure(OAuthError error) => new(null, error ?? throw new ArgumentNullException(nameof(error)));

    /// <summary>The tokens, or a <see cref="ZoomOAuthException"/> carrying the error.</summary>
    public ZoomTokens GetTokensOrThrow() => Succeeded ? Tokens : throw new ZoomOAuthException(Error);

    /// <inheritdoc />
    public override string ToString() => Succeeded ? Tokens.ToString() : Error.ToString();
}
