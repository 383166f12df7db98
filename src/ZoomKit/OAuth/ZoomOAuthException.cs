namespace ZoomKit.OAuth;

/// <summary>A token, revocation or authorization request failed. The message never holds a secret.</summary>
public class ZoomOAuthException : Exception
{
    /// <summary>Creates the exception from the failure it reports.</summary>
    public ZoomOAuthException(OAuthError error)
        : base((error ?? throw new ArgumentNullException(nameof(error))).ToString()) => Error = error;

    /// <summary>Creates the exception from the failure it reports and its cause.</summary>
    public ZoomOAuthException(OAuthError error, Exception? innerException)
        : base((error ?? throw new ArgumentNullException(nameof(error))).ToString(), innerException) => Error = error;

    /// <summary>What failed.</summary>
    public OAuthError Error { get; }
}
