using System.Security.Cryptography;

namespace ZoomKit.Emulator.Internal;

/// <summary>Random identifiers shaped as Zoom shapes them.</summary>
internal static class Ids
{
    private const string Alphanumeric = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>An unguessable opaque token (256 bits).</summary>
    public static string Token(string prefix) => prefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    /// <summary>A Zoom-style user id: 22 URL-safe characters.</summary>
    public static string UserId(string seed) =>
        Base64Url(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(seed)).AsSpan(0, 16));

    /// <summary>An 11-digit meeting number, as Zoom's are today (they may exceed 10 digits, so int64).</summary>
    public static long MeetingId() => RandomNumberGenerator.GetInt32(100_000, 999_999) * 100_000L + RandomNumberGenerator.GetInt32(0, 100_000);

    /// <summary>A meeting UUID: 16 random bytes in base64, which can start with '/' or hold '//' as Zoom's do.</summary>
    public static string MeetingUuid() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));

    /// <summary>A passcode as Zoom generates them: 6 letters and digits.</summary>
    public static string Passcode() => RandomNumberGenerator.GetString(Alphanumeric, 6);

    /// <summary>Digits only, for the phone and H.323 passcodes.</summary>
    public static string Digits(int count) => RandomNumberGenerator.GetString("0123456789", count);

    public static string Alnum(int count) => RandomNumberGenerator.GetString(Alphanumeric, count);

    public static string Base64Url(ReadOnlySpan<byte> bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);
}
