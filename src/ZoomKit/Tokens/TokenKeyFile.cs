using System.Security.Cryptography;
using System.Text;

namespace ZoomKit.Tokens;

/// <summary>A 256-bit token key in a file of its own, readable by its owner only (mode 0600).</summary>
public static class TokenKeyFile
{
    private const string Header = "zoomkit-token-key-v1:";
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    // The header and 32 bytes in base64.
    private static readonly int WholeLength = Header.Length + 44;

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
        var text = ReadWhole(path);
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
    /// Creates the file only if no file is there (<c>O_CREAT | O_EXCL</c>: of callers arriving together,
    /// in any process, exactly one creates it) and writes the key at once. A rename cannot do this:
    /// .NET's <c>File.Move</c> without overwrite checks and then renames, so two callers could each
    /// move a key into place, the second replacing the key the first had already used.
    /// </summary>
    private static void TryCreate(string path)
    {
        var full = Path.GetFullPath(path);
        CreateOwnerOnlyDirectory(Path.GetDirectoryName(full)!);
        var key = RandomNumberGenerator.GetBytes(32);
        var text = Encoding.ASCII.GetBytes(Header + Convert.ToBase64String(key));
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.Read };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }
        try
        {
            using var stream = new FileStream(full, options);
            stream.Write(text);
            stream.Flush(flushToDisk: true);
        }
        catch (IOException) when (File.Exists(full))
        {
            // Another caller created it first; theirs is read.
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
            CryptographicOperations.ZeroMemory(text);
        }
    }

    /// <summary>
    /// The file's text, once whole: a file another caller has just created may not hold its key yet
    /// for a moment, so a short text is read again for up to a second before it is judged.
    /// </summary>
    private static string ReadWhole(string path)
    {
        for (var attempt = 0; ; attempt++)
        {
            var text = File.ReadAllText(path).Trim();
            if (text.Length >= WholeLength || attempt == 100)
            {
                return text;
            }
            Thread.Sleep(10);
        }
    }
}
