namespace ZoomKit.Tokens;

/// <summary>
/// The connection's tokens cannot be used or renewed; the user must connect Zoom again. An app
/// shows "Reconnect Zoom" for it.
/// </summary>
public class ZoomReauthorizationRequiredException : Exception
{
    /// <summary>Creates the exception for a connection and its state.</summary>
    public ZoomReauthorizationRequiredException(string connectionId, Reauthorization reauthorization)
        : base($"Connection '{connectionId}' needs the user to authorize Zoom again ({reauthorization?.Reason}): {reauthorization?.Detail}")
    {
        ArgumentNullException.ThrowIfNull(reauthorization);
        ConnectionId = connectionId;
        Reauthorization = reauthorization;
    }

    /// <summary>The connection.</summary>
    public string ConnectionId { get; }

    /// <summary>Why, and since when.</summary>
    public Reauthorization Reauthorization { get; }

    /// <summary>Shorthand for <see cref="Reauthorization"/>'s reason.</summary>
    public ReauthorizationReason Reason => Reauthorization.Reason;
}
