namespace ZoomKit.OAuth;

/// <summary>
/// A started device authorization (RFC 8628 §3.2): what to show the user, and what the device polls
/// with. <see cref="ToString"/> leaves out <see cref="DeviceCode"/>, which is a credential until used.
/// </summary>
/// <param name="DeviceCode">What the device polls the token endpoint with. Secret.</param>
/// <param name="UserCode">The code the user types on the activation page, as Zoom formats it.</param>
/// <param name="VerificationUri">The activation page.</param>
/// <param name="VerificationUriComplete">The activation page with the code filled in (for a link or a QR code), when Zoom gives one.</param>
/// <param name="ExpiresAt">When the codes stop working, by the clock of the client that asked.</param>
/// <param name="Interval">How long to wait between polls.</param>
public sealed record DeviceAuthorization(string DeviceCode, string UserCode, Uri VerificationUri, Uri? VerificationUriComplete, DateTimeOffset ExpiresAt, TimeSpan Interval)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"DeviceAuthorization {{ UserCode = {UserCode}, VerificationUri = {VerificationUri}, ExpiresAt = {ExpiresAt:O}, Interval = {Interval} }}";
}
