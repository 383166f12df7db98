using System.Security.Cryptography;

namespace ZoomKit.Tokens;

/// <summary>A 256-bit token key in a file of its own, created with mode 0600.</summary>
public static class TokenKeyFile
{
    private const string Header = "zoomkit-token-key-v1:";

    /// <summary>Reads the key, or creates the file with a new random key when it does not exist.</summary>
    /// <exception cref="ZoomTokenStoreException">The file exists but does not hold a key.</exception>
    public static byte[] LoadOrCreate(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            TryCreate(path);
        }
        var text = File.ReadAllText(path).Trim();
        if (!text.StartsWith(Header, StringComparison.Ordinal))
        {
            throw new ZoomTokenStoreException($"The token key file '{path}' does not hold a ZoomKit token key.");
        }
        try
        {
            var key = Convert.FromBase64String(text[Header.Length..]);
            return key.Length == 32 ? key : throw new FormatException();
        }
        catch (FormatException e)
        {
            throw new ZoomTokenStoreException($"The token key file '{path}' is damaged: it must hold a 32-byte key.", e);
        }
    }

    private static void TryCreate(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var key = RandomNumberGenerator.GetBytes(32);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        try
        {
            using var stream = new FileStream(path, options);
            using var writer = new StreamWriter(stream);
            writer.Write(Header + Convert.ToBase64String(key));
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created it first; read theirs.
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }
}
