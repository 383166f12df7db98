namespace ZoomKit.Tokens;

/// <summary>The token store failed: unreachable, corrupt, locked too long, or its key does not decrypt the tokens.</summary>
public class ZoomTokenStoreException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ZoomTokenStoreException(string message) : base(message) { }

    /// <summary>Creates the exception with its cause.</summary>
    public ZoomTokenStoreException(string message, Exception? innerException) : base(message, innerException) { }
}
