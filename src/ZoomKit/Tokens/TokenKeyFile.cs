using System.Security.Cryptography;

namespace ZoomKit.Tokens;

/// <summary>A 256-bit token key in a file of its own, readable by its owner only (mode 0600).</summary>
public static class TokenKeyFile
{
    private const string Header = "zoomkit-token-key-v1:";
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Reads the key, or creates the file with a new random key when it does not exist.</summary>
    /// <exception cref="ZoomTokenStoreException">The file exists but does not hold a key, or others may read it.</exception>
    public static byte[] LoadOrCreate(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            TryCreate(path);
        }
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & ~OwnerOnly) != 0)
        {
            throw new ZoomTokenStoreException(
                $"The token key file '{path}' may be read by others (mode {Convert.ToString((int)File.GetUnixFileMode(path), 8)}); make it 0600 (chmod 600) so that only its owner can read it.");
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

    /// <summary>Creates a folder that does not exist yet readable by its owner only (mode 0700); one that exists is left as it is.</summary>
    internal static void CreateOwnerOnlyDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    /// <summary>
    /// Writes the key to a temporary file and moves it into place without replacing: another process
    /// sees either no file or a whole one, never a half-written one, and the first to arrive wins.
    /// </summary>
    private static void TryCreate(string path)
    {
        var full = Path.GetFullPath(path);
        CreateOwnerOnlyDirectory(Path.GetDirectoryName(full)!);
        var temporary = $"{full}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        var key = RandomNumberGenerator.GetBytes(32);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }
        try
        {
            using (var stream = new FileStream(temporary, options))
            using (var writer = new StreamWriter(stream))
            {
                writer.Write(Header + Convert.ToBase64String(key));
                writer.Flush();
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, full, overwrite: false);
        }
        catch (IOException) when (File.Exists(full))
        {
            // Another process moved its key into place first; read theirs.
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
            File.Delete(temporary);
        }
    }
}
